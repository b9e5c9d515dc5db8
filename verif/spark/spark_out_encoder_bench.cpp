// Test bench of spark_out_encoder (requantize C rows, SPARK-encode them into one unit stream). Every output port is compared every cycle with the cycle models of golden/spark/array.hpp, and the
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

// ------------------------------------------------------------------------------------------------ out encoder

// The ports of spark_out_encoder: C rows in, the unit stream out.
struct OutEncoderPorts {
  size_t c_valid_i, c_data_i, c_last_i, c_ready_o;
  UnitPorts unit;
  explicit OutEncoderPorts(const Sim& s)
      : c_valid_i(s.port("c_valid_i")), c_data_i(s.port("c_data_i")), c_last_i(s.port("c_last_i")),
        c_ready_o(s.port("c_ready_o")), unit(s) {}
};

// A batch of the output encoder: one requantization and 1..12 C rows, each with its job-last flag.
struct EncoderBatch {
  Requant rq;
  std::vector<std::vector<int64_t>> rows;
  std::vector<bool> lasts;
};

// A random batch: C values at the extremes, uniform, or around those that requantize into the output range;
// one batch in four (index % 4 == 3) with m = 1 and values exactly halfway between two results.
EncoderBatch random_batch(const bf::spark::OutEncoderParams& p, int index, std::mt19937_64& rng) {
  const int64_t lo = gg::min_value(p.acc_bits, true), hi = gg::max_value(p.acc_bits, true);
  EncoderBatch b;
  Requant& rq = b.rq;
  rq.mult = rng() % 8 == 0 ? (rng() % 2 ? 65535u : 0u) : 1 + static_cast<uint32_t>(rng() % 65535);
  rq.shift = rng() % 8 == 0 ? 0 : static_cast<int>(rng() % 64);
  // m = 1 and values halfway between two results: round half up decides.
  const int tie_room = p.acc_bits - p.bits - 3;
  const bool ties = index % 4 == 3 && tie_room >= 1;
  if (ties) {
    rq.mult = 1;
    rq.shift = 1 + static_cast<int>(rng() % static_cast<uint64_t>(std::min(tie_room, 24)));
  }
  const size_t nrows = 1 + rng() % 12;
  b.rows.assign(nrows, std::vector<int64_t>(static_cast<size_t>(p.cols)));
  b.lasts.resize(nrows);
  for (size_t r = 0; r < nrows; ++r) {
    b.lasts[r] = rng() % 3 == 0 || r + 1 == nrows;
    for (auto& v : b.rows[r]) {
      if (ties && rng() % 4 != 0) {
        const int64_t y = std::uniform_int_distribution<int64_t>(-(int64_t{1} << p.bits), int64_t{1} << p.bits)(rng);
        v = y * (int64_t{1} << rq.shift) + (int64_t{1} << (rq.shift - 1));
        continue;
      }
      switch (rng() % 6) {
        case 0: v = rng() % 2 ? lo : hi; break;
        case 1: v = std::uniform_int_distribution<int64_t>(lo, hi)(rng); break;
        default: {
          // Around the values that requantize into the output range: (y << s) / m.
          const double y = std::uniform_real_distribution<double>(-1.5, 1.5)(rng) * std::ldexp(1.0, p.bits);
          const double x = rq.mult ? y * std::ldexp(1.0, rq.shift) / rq.mult : y;
          v = std::clamp<int64_t>(static_cast<int64_t>(std::clamp(x, -9e18, 9e18)), lo, hi);
        }
      }
    }
  }
  return b;
}

// The units of every row the encoder handed over, and each row's job-last flag.
struct EncodedRows {
  std::vector<std::vector<gs::Unit>> units;
  std::vector<bool> job_last;
};

// Streams one batch's rows into the encoder (random c_valid gaps, random unit_ready stalls) until every row's
// units are out, comparing every output every cycle with `model`.
EncodedRows run_batch(Sim& s, const OutEncoderPorts& ports, gs::OutEncoderCycleModel& model, int acc_bits,
                      const EncoderBatch& b, const std::string& what, std::mt19937_64& rng) {
  const size_t C = b.rows[0].size();
  const int64_t lo = gg::min_value(acc_bits, true), hi = gg::max_value(acc_bits, true);
  // A row leaves as at most 2C units; the streams stay still no longer than a random gap at the lowest rates.
  Watchdog dog(s, 1000);
  Source rows(dog, b.rows.size(), random_stalls(rng));
  Sink units(dog, random_stalls(rng));
  EncodedRows got;
  std::vector<gs::Unit> cur;
  while (got.units.size() < b.rows.size() && !s.failed()) {
    if (dog.stuck("unit_valid_o", "more units", [&] { return what; })) return got;
    gs::OutEncoderCycleModel::In in;
    in.c_valid = rows.offer(&rng);
    const size_t next = rows.next();
    in.c_data = in.c_valid ? b.rows[next] : std::vector<int64_t>(C, std::uniform_int_distribution<int64_t>(lo, hi)(rng));
    in.c_last = in.c_valid ? static_cast<bool>(b.lasts[next]) : (rng() & 1) != 0;
    in.mult = b.rq.mult;
    in.shift = b.rq.shift;
    in.unit_ready = units.ready(&rng);
    s.set(ports.c_valid_i, in.c_valid);
    s.set_words(ports.c_data_i, pack_lanes(in.c_data, acc_bits));
    s.set(ports.c_last_i, in.c_last);
    s.set(ports.unit.rq_mult_i, in.mult);
    s.set(ports.unit.rq_shift_i, static_cast<uint64_t>(in.shift));
    s.set(ports.unit.unit_ready_i, in.unit_ready);
    s.eval();
    const auto want = model.outputs(in);
    const bool ok = s.expect(ports.c_ready_o, want.c_ready) && s.expect(ports.unit.unit_valid_o, want.unit_valid) &&
                    s.expect(ports.unit.unit_o, want.unit) && s.expect(ports.unit.unit_last_o, want.unit_last) &&
                    s.expect(ports.unit.unit_job_last_o, want.unit_job_last);
    if (!ok) {
      s.report().mismatch->context = what + ", row " + std::to_string(next) + ", rq_mult " +
                                     std::to_string(b.rq.mult) + ", rq_shift " + std::to_string(b.rq.shift);
      return got;
    }
    rows.handshake(want.c_ready);
    if (units.take(want.unit_valid)) {
      cur.push_back(want.unit);
      if (want.unit_last) {
        got.units.push_back(cur);
        got.job_last.push_back(want.unit_job_last);
        cur.clear();
      }
    }
    model.clock(in);
    s.tick();
  }
  return got;
}

void verify_out_encoder(const bf::spark::OutEncoderParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const gs::Format f{p.bits, p.is_signed};
  gs::OutEncoderCycleModel model(f, p.cols, p.acc_bits);
  const OutEncoderPorts ports(s);
  size_t rows_total = 0;
  for (int batch = 0; batch < count && !s.failed(); ++batch) {
    // A batch: one requantization, 1..12 rows; then the encoder drains before the next batch.
    const EncoderBatch b = random_batch(p, batch, rng);
    const std::string what = "batch " + std::to_string(batch);
    const EncodedRows got = run_batch(s, ports, model, p.acc_bits, b, what, rng);
    for (size_t r = 0; r < b.rows.size() && !s.failed(); ++r) {
      std::vector<int64_t> vals;
      for (int64_t v : b.rows[r]) vals.push_back(gs::requantize(f, v, b.rq.mult, b.rq.shift));
      if (got.units[r] != gs::encode_stream(f, vals) || got.job_last[r] != b.lasts[r]) {
        s.fail(Mismatch{.cycle = s.cycle(),
                        .port = "unit_o stream",
                        .expected = "golden requantize + encode of row " + std::to_string(r),
                        .actual = "different units or job-last flag",
                        .context = what});
      }
    }
    rows_total += b.rows.size();
  }
  s.report().items = rows_total;
  s.report().summary = std::to_string(rows_total) + " C rows in " + std::to_string(count) +
                       " requantization batches (extremes, random, in-range values, exact rounding ties), random c_valid gaps and "
                       "unit_ready stalls; every row's units checked against golden requantize + encode";
}

}  // namespace

std::vector<Bench> out_encoder_benches() {
  return {
      typed_bench(bf::spark::out_encoder_block(),
                  TypedBench<bf::spark::OutEncoderParams>{
                      .default_count = 40,
                      .verify = verify_out_encoder,
                      .check_input = [](const bf::spark::OutEncoderParams&, const nlohmann::json&,
                                        const std::string& where) {
                        throw InputError(where, "",
                                         "spark_out_encoder has no sim input format: use bitforge verify, or sim a "
                                         "spark_array with output_encoder");
                      }}),
  };
}

}  // namespace bf::verif::spark
