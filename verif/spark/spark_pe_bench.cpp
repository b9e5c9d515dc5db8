// Test bench of spark_pe, the mixed-precision MAC. Every output port is compared every cycle with the cycle models of golden/spark/array.hpp, and the
// results end to end with the exact arithmetic.
#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <optional>

#include "base/errors.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_bench.hpp"
#include "harness/lanes.hpp"
#include "harness/stream.hpp"
#include "spark/array.hpp"
#include "spark/spark.hpp"
#include "spark/spark_bench.hpp"
#include "spark/spark_data.hpp"
#include "spark/spark_blocks.hpp"

namespace bf::verif::spark {

namespace gs = bf::golden::spark;
namespace gg = bf::golden::gemm;

namespace {

// Every distinct decoded operand of a format (the values a SPARK decoder can deliver), sorted by value.
std::vector<gs::Operand> all_operands(const gs::Format& f) {
  std::vector<gs::Operand> out;
  std::vector<int64_t> seen;
  for (int64_t v = f.min_input(); v <= f.max_input(); ++v) {
    const gs::Encoded e = gs::encode(f, v);
    const auto d = gs::decode_stream(f, e.units());
    const int64_t value = d.at(0).value;
    if (std::find(seen.begin(), seen.end(), value) != seen.end()) continue;
    seen.push_back(value);
    out.push_back(gs::to_operand(f, d[0]));
  }
  return out;
}

gs::Operand random_operand(const gs::Format& f, std::mt19937_64& rng) {
  const int64_t v = std::uniform_int_distribution<int64_t>(f.min_input(), f.max_input())(rng);
  const gs::Encoded e = gs::encode(f, v);
  return gs::to_operand(f, gs::decode_stream(f, e.units()).at(0));
}

// ------------------------------------------------------------------------------------------------ spark_pe

// The ports of spark_pe (a_sign_i / b_sign_i when that operand is signed).
struct PePorts {
  size_t valid_i, ready_o, a_i, a_long_i, b_i, b_long_i, clear_i, sum_o, out_valid_o, acc_o;
  std::optional<size_t> a_sign_i, b_sign_i;
  PePorts(const Sim& s, bool a_signed, bool b_signed)
      : valid_i(s.port("valid_i")), ready_o(s.port("ready_o")), a_i(s.port("a_i")), a_long_i(s.port("a_long_i")),
        b_i(s.port("b_i")), b_long_i(s.port("b_long_i")), clear_i(s.port("clear_i")), sum_o(s.port("sum_o")),
        out_valid_o(s.port("out_valid_o")), acc_o(s.port("acc_o")) {
    if (a_signed) a_sign_i = s.port("a_sign_i");
    if (b_signed) b_sign_i = s.port("b_sign_i");
  }
};

// A pair takes at most 4 cycles; the PE's input stays still no longer than a random gap at the lowest rate.
constexpr uint64_t kPeIdleCycles = 1000;

// Every pair of decodable operands (shuffled) when `exhaustive`, else `random_pairs` random pairs.
std::vector<std::pair<gs::Operand, gs::Operand>> pe_pairs(const gs::Format& fa, const gs::Format& fb, bool exhaustive,
                                                          int random_pairs, std::mt19937_64& rng) {
  std::vector<std::pair<gs::Operand, gs::Operand>> pairs;
  if (exhaustive) {
    const auto as = all_operands(fa), bs = all_operands(fb);
    for (const auto& a : as) {
      for (const auto& b : bs) pairs.emplace_back(a, b);
    }
    std::shuffle(pairs.begin(), pairs.end(), rng);
  } else {
    for (int i = 0; i < random_pairs; ++i) pairs.emplace_back(random_operand(fa, rng), random_operand(fb, rng));
  }
  return pairs;
}

void drive_pe_inputs(Sim& s, const PePorts& ports, const gs::PeCycleModel::In& in) {
  s.set(ports.valid_i, in.valid);
  s.set(ports.a_i, in.a.mag);
  s.set(ports.a_long_i, in.a.is_long);
  if (ports.a_sign_i) s.set(*ports.a_sign_i, in.a.sign);
  s.set(ports.b_i, in.b.mag);
  s.set(ports.b_long_i, in.b.is_long);
  if (ports.b_sign_i) s.set(*ports.b_sign_i, in.b.sign);
  s.set(ports.clear_i, in.clear);
}

void verify_pe(const bf::spark::PeParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const gs::Format fa{p.bits, p.a_signed}, fb{p.bits, p.b_signed};
  // Every pair of decodable operands when they total 16 bits or fewer, else `count` x 1000 random pairs.
  const bool exhaustive = 2 * p.bits <= 16;
  const std::vector<std::pair<gs::Operand, gs::Operand>> pairs = pe_pairs(fa, fb, exhaustive, count * 1000, rng);
  gs::PeCycleModel model(p.bits, p.acc_bits);
  const PePorts ports(s, p.a_signed, p.b_signed);
  Watchdog dog(s, kPeIdleCycles);
  Source inputs(dog, pairs.size());
  int64_t running = 0;  // the exact running sum, independent of the model
  bool clr = true;
  uint64_t pair_start = 0;
  while (!inputs.done() && !s.failed()) {
    const size_t i = inputs.next();
    if (dog.stuck("ready_o", "the pair to be taken", [&] { return "pair " + std::to_string(i); })) return;
    if (i % 4096 == 0 && !inputs.valid()) inputs.set_stalls(random_stalls(rng));
    if (!inputs.valid() && inputs.offer(&rng)) {
      clr = rng() % 8 == 0;
      pair_start = s.cycle();
    }
    gs::PeCycleModel::In in;
    if (inputs.valid()) {
      in = {true, pairs[i].first, pairs[i].second, clr};
    } else {  // noise on the operand ports between pairs
      in = {false, random_operand(fa, rng), random_operand(fb, rng), (rng() & 1) != 0};
    }
    drive_pe_inputs(s, ports, in);
    s.eval();
    const auto want = model.outputs(in);
    const bool ok = s.expect(ports.ready_o, want.ready) && s.expect_signed(ports.sum_o, want.sum) &&
                    s.expect(ports.out_valid_o, want.out_valid) && s.expect_signed(ports.acc_o, want.acc);
    if (!ok) {
      s.report().mismatch->context = "pair " + std::to_string(i) + " of " + std::to_string(pairs.size());
      return;
    }
    if (inputs.valid() && want.ready) {
      const int64_t prod = gs::operand_value(in.a) * gs::operand_value(in.b);
      running = gg::wrap((in.clear ? 0 : running) + prod, p.acc_bits);
      const uint64_t took = s.cycle() - pair_start + 1;
      if (took != static_cast<uint64_t>(gs::pair_cycles(in.a.is_long, in.b.is_long))) {
        s.fail(Mismatch{.cycle = s.cycle(),
                        .port = "ready_o",
                        .expected = std::to_string(gs::pair_cycles(in.a.is_long, in.b.is_long)) + " cycles",
                        .actual = std::to_string(took) + " cycles",
                        .context = "pair " + std::to_string(i)});
        return;
      }
      if (want.sum != running) {
        s.fail(Mismatch{.cycle = s.cycle(),
                        .port = "sum_o",
                        .expected = std::to_string(running),
                        .actual = std::to_string(want.sum),
                        .context = "exact running sum after pair " + std::to_string(i)});
        return;
      }
    }
    inputs.handshake(want.ready);
    model.clock(in);
    s.tick();
  }
  s.report().items = pairs.size();
  s.report().summary = std::to_string(pairs.size()) + (exhaustive ? " operand pairs (every decodable pair)" : " random pairs") +
                       ", random clears and valid gaps; every sum checked against the exact running sum";
}

}  // namespace

std::vector<Bench> pe_benches() {
  return {
      typed_bench(bf::spark::pe_block(),
                  TypedBench<bf::spark::PeParams>{
                      .default_count = 4,
                      .verify = verify_pe,
                      .check_input = [](const bf::spark::PeParams&, const nlohmann::json&, const std::string& where) {
                        throw InputError(where, "",
                                         "spark_pe has no sim input format: use bitforge verify, or sim a spark_array");
                      }}),
  };
}

}  // namespace bf::verif::spark
