// Test bench of int_mac: every operand pair where a_bits + b_bits <= 16 (else seeded random pairs with the
// extremes), in a shuffled order, with random valid gaps and clears and noise on idle inputs. out_valid_o is
// compared on every cycle with the 2-stage pipeline it must follow; acc_o while out_valid_o is high, against the
// exact running sum kept here (golden::gemm::wrap to the accumulator width).
#include <algorithm>
#include <deque>

#include "base/errors.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_bench.hpp"
#include "gemm/gemm_blocks.hpp"
#include "harness/stream.hpp"

namespace bf::verif::gemm {

namespace {

namespace gg = bf::golden::gemm;

struct MacPorts {
  size_t in_valid_i, a_i, b_i, clear_i, out_valid_o, acc_o;
  explicit MacPorts(const Sim& s)
      : in_valid_i(s.port("in_valid_i")), a_i(s.port("a_i")), b_i(s.port("b_i")), clear_i(s.port("clear_i")),
        out_valid_o(s.port("out_valid_o")), acc_o(s.port("acc_o")) {}
};

struct MacInput {
  bool valid = false, clear = false;
  int64_t a = 0, b = 0;
};

std::vector<std::pair<int64_t, int64_t>> mac_pairs(const bf::gemm::IntMacParams& p, std::mt19937_64& rng,
                                                   size_t random_pairs) {
  const auto lo = [](int bits, bool s) { return s ? -(int64_t{1} << (bits - 1)) : 0; };
  const auto hi = [](int bits, bool s) { return s ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1; };
  std::vector<std::pair<int64_t, int64_t>> pairs;
  if (p.a_bits + p.b_bits <= 16) {
    for (int64_t a = lo(p.a_bits, p.a_signed); a <= hi(p.a_bits, p.a_signed); ++a) {
      for (int64_t b = lo(p.b_bits, p.b_signed); b <= hi(p.b_bits, p.b_signed); ++b) pairs.emplace_back(a, b);
    }
    std::shuffle(pairs.begin(), pairs.end(), rng);
  } else {
    for (size_t i = 0; i < random_pairs; ++i) {
      pairs.emplace_back(operand(rng, p.a_bits, p.a_signed), operand(rng, p.b_bits, p.b_signed));
    }
  }
  return pairs;
}

void verify_int_mac(const bf::gemm::IntMacParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const auto pairs = mac_pairs(p, rng, static_cast<size_t>(count) * 1000);
  const MacPorts ports(s);
  std::deque<bool> pipe = {false, false};  // the valid of the inputs 2 and 1 cycles ago
  std::deque<int64_t> expected;            // the sum each issued input must report, oldest first
  int64_t running = 0;
  Watchdog dog(s, 1000);
  Source inputs(dog, pairs.size());
  Sink results(dog);
  while (results.taken() < pairs.size() && !s.failed()) {
    if (dog.stuck("out_valid_o", "more results", [&] { return std::to_string(results.taken()) + " results"; })) return;
    const size_t next = inputs.next();
    if (next % 4096 == 0) inputs.set_stalls(random_stalls(rng));
    MacInput in;
    in.valid = inputs.offer(&rng);
    in.clear = rng() % 8 == 0;
    in.a = in.valid ? pairs[next].first : operand(rng, p.a_bits, p.a_signed);  // noise while idle
    in.b = in.valid ? pairs[next].second : operand(rng, p.b_bits, p.b_signed);
    s.set(ports.in_valid_i, in.valid);
    s.set(ports.a_i, static_cast<uint64_t>(in.a));
    s.set(ports.b_i, static_cast<uint64_t>(in.b));
    s.set(ports.clear_i, in.clear);
    s.eval();
    const bool out_valid = pipe.front();
    const int64_t want = out_valid && !expected.empty() ? expected.front() : 0;
    if (!(s.expect(ports.out_valid_o, out_valid) && s.expect_signed(ports.acc_o, want))) {
      s.report().mismatch->context = "input " + std::to_string(next) + " of " + std::to_string(pairs.size());
      return;
    }
    if (results.take(out_valid)) expected.pop_front();
    if (inputs.handshake(in.valid)) {
      running = gg::wrap((in.clear ? 0 : running) + in.a * in.b, p.acc_bits);
      expected.push_back(running);
    }
    pipe.pop_front();
    pipe.push_back(in.valid);
    s.tick();
  }
  s.report().items = pairs.size();
  count_macs(s, pairs.size());
  s.report().summary = std::to_string(pairs.size()) +
                       (p.a_bits + p.b_bits <= 16 ? " operand pairs (every pair)" : " random operand pairs") +
                       ", random valid gaps and clears; every sum checked against the exact running sum";
}

}  // namespace

Bench int_mac_bench() {
  using bf::gemm::IntMacParams;
  return typed_bench(bf::gemm::int_mac_block(),
                     TypedBench<IntMacParams>{
                         .default_count = 20,
                         .verify = verify_int_mac,
                         .check_input = [](const IntMacParams&, const nlohmann::json&, const std::string& where) {
                           throw InputError(where, "", "int_mac has no sim input format: use bitforge verify");
                         }});
}

}  // namespace bf::verif::gemm
