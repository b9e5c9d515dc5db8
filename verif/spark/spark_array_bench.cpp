// Test benches of the SPARK accelerator blocks: spark_pe, spark_out_encoder and spark_array (with and without
// the output encoder). Every output port is compared every cycle with the cycle models of
// golden/spark/array.hpp, and the results end to end with the exact arithmetic.
#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <optional>

#include "base/errors.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_bench.hpp"
#include "harness/lanes.hpp"
#include "spark/array.hpp"
#include "spark/spark.hpp"
#include "spark/spark_bench.hpp"
#include "spark/spark_data.hpp"
#include "spark/spark_blocks.hpp"

namespace bf::verif::spark {

namespace gs = bf::golden::spark;
namespace gg = bf::golden::gemm;

namespace {

std::vector<uint32_t> bool_words(const std::vector<bool>& b) {
  std::vector<int64_t> v(b.begin(), b.end());
  return pack_lanes(v, 1);
}
std::vector<int64_t> bool_lanes(const std::vector<bool>& b) { return {b.begin(), b.end()}; }

Stalls random_level(std::mt19937_64& rng) { return Stalls(stall_levels()[rng() % stall_levels().size()]); }

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

void verify_pe(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const auto p = bf::spark::pe_block().typed(g.cfg);
  const gs::Format fa{p.bits, p.a_signed}, fb{p.bits, p.b_signed};
  // Every pair of decodable operands when they total 16 bits or fewer, else `count` x 1000 random pairs.
  std::vector<std::pair<gs::Operand, gs::Operand>> pairs;
  const bool exhaustive = 2 * p.bits <= 16;
  if (exhaustive) {
    const auto as = all_operands(fa), bs = all_operands(fb);
    for (const auto& a : as) {
      for (const auto& b : bs) pairs.emplace_back(a, b);
    }
    std::shuffle(pairs.begin(), pairs.end(), rng);
  } else {
    for (int i = 0; i < count * 1000; ++i) pairs.emplace_back(random_operand(fa, rng), random_operand(fb, rng));
  }
  gs::PeCycleModel model(p.bits, p.acc_bits);
  const size_t valid = s.port("valid_i"), ready = s.port("ready_o"), a = s.port("a_i"), al = s.port("a_long_i"),
               b = s.port("b_i"), bl = s.port("b_long_i"), clear = s.port("clear_i"), sum = s.port("sum_o"),
               ov = s.port("out_valid_o"), acc = s.port("acc_o");
  const size_t as = p.a_signed ? s.port("a_sign_i") : SIZE_MAX, bsg = p.b_signed ? s.port("b_sign_i") : SIZE_MAX;
  Stalls offer(1.0);
  int64_t running = 0;  // the exact running sum, independent of the model
  size_t i = 0;
  bool on = false, clr = true;
  uint64_t pair_start = 0;
  while (i < pairs.size() && !s.failed()) {
    if (i % 4096 == 0 && !on) offer = random_level(rng);
    if (!on && offer.next(rng)) {
      on = true;
      clr = rng() % 8 == 0;
      pair_start = s.cycle();
    }
    gs::PeCycleModel::In in;
    if (on) {
      in = {true, pairs[i].first, pairs[i].second, clr};
    } else {  // noise on the operand ports between pairs
      in = {false, random_operand(fa, rng), random_operand(fb, rng), (rng() & 1) != 0};
    }
    s.set(valid, in.valid);
    s.set(a, in.a.mag);
    s.set(al, in.a.is_long);
    if (as != SIZE_MAX) s.set(as, in.a.sign);
    s.set(b, in.b.mag);
    s.set(bl, in.b.is_long);
    if (bsg != SIZE_MAX) s.set(bsg, in.b.sign);
    s.set(clear, in.clear);
    s.eval();
    const auto want = model.outputs(in);
    const bool ok = s.expect(ready, want.ready) && s.expect_signed(sum, want.sum) && s.expect(ov, want.out_valid) &&
                    s.expect_signed(acc, want.acc);
    if (!ok) {
      s.report().mismatch->context = "pair " + std::to_string(i) + " of " + std::to_string(pairs.size());
      return;
    }
    if (on && want.ready) {
      const int64_t prod = gs::operand_value(in.a) * gs::operand_value(in.b);
      running = gg::wrap((in.clear ? 0 : running) + prod, p.acc_bits);
      const uint64_t took = s.cycle() - pair_start + 1;
      if (took != static_cast<uint64_t>(gs::pair_cycles(in.a.is_long, in.b.is_long))) {
        s.fail(Mismatch{s.cycle(), "ready_o", std::to_string(gs::pair_cycles(in.a.is_long, in.b.is_long)) + " cycles",
                        std::to_string(took) + " cycles", "pair " + std::to_string(i)});
        return;
      }
      if (want.sum != running) {
        s.fail(Mismatch{s.cycle(), "sum_o", std::to_string(running), std::to_string(want.sum),
                        "exact running sum after pair " + std::to_string(i)});
        return;
      }
      on = false;
      ++i;
    }
    model.clock(in);
    s.tick();
  }
  s.report().items = pairs.size();
  s.report().summary = std::to_string(pairs.size()) + (exhaustive ? " operand pairs (every decodable pair)" : " random pairs") +
                       ", random clears and valid gaps; every sum checked against the exact running sum";
}

// ------------------------------------------------------------------------------------------------ data

// The exact GEMM of the SPARK-decoded values (what the array must compute).
gg::Matrix spark_gemm(const gs::ArrayShape& sh, const gg::Job& j) {
  gg::Matrix a = j.a, b = j.b;
  for (auto& v : a.v) v = gs::spark_value(sh.a_format(), v);
  for (auto& v : b.v) v = gs::spark_value(sh.b_format(), v);
  return gg::gemm(a, b, sh.acc_bits);
}

gs::OperandJob operand_job(const gs::ArrayShape& sh, const gg::Job& j) {
  auto op = [](const gs::Format& f, int64_t v) {
    return gs::to_operand(f, gs::decode_stream(f, gs::encode(f, v).units()).at(0));
  };
  gs::OperandJob o;
  o.a.assign(static_cast<size_t>(j.a.rows), std::vector<gs::Operand>(static_cast<size_t>(j.a.cols)));
  o.b.assign(static_cast<size_t>(j.b.rows), std::vector<gs::Operand>(static_cast<size_t>(j.b.cols)));
  for (int r = 0; r < j.a.rows; ++r) {
    for (int k = 0; k < j.a.cols; ++k) o.a[size_t(r)][size_t(k)] = op(sh.a_format(), j.a.at(r, k));
  }
  for (int k = 0; k < j.b.rows; ++k) {
    for (int c = 0; c < j.b.cols; ++c) o.b[size_t(k)][size_t(c)] = op(sh.b_format(), j.b.at(k, c));
  }
  return o;
}

// ------------------------------------------------------------------------------------------------ array run

struct Beat {
  gs::Unit unit = 0;
  bool last = false;
};

// One unit stream: the beats in order, offered with random gaps (valid held until taken).
struct Lane {
  std::vector<Beat> beats;
  std::vector<size_t> job_start;  // first beat of each job
  size_t next = 0;
  bool on = false;
  Stalls st{1.0};
};

struct Requant {
  uint32_t mult = 1;
  int shift = 0;
};

struct ArrayRun {
  std::vector<gg::Matrix> c;                      // one C tile per job, as the RTL produced it (no encoder)
  std::vector<std::vector<gs::Unit>> unit_rows;   // with the encoder: the unit stream of every C row
  std::vector<bool> row_job_last;                 // with the encoder: unit_job_last_o on the row's final unit
  uint64_t first_valid = 0, last_out = 0;
  uint64_t max_busy = 0, total_busy = 0;          // PE multiply cycles (the busiest PE, all PEs)
  bool finished = false;
};

// The cycle models of one spark_array simulation (kept across runs, like the RTL's registers).
struct ArrayModels {
  gs::ArrayCycleModel array;
  std::optional<gs::OutEncoderCycleModel> enc;  // with output_encoder
  ArrayModels(const gs::ArrayShape& sh, bool oenc) : array(sh) {
    if (oenc) enc.emplace(sh.a_format(), sh.cols, sh.acc_bits);
  }
};

// Streams jobs through spark_array, comparing every output every cycle with ArrayCycleModel (and, with the
// output encoder, OutEncoderCycleModel behind it). Without rng: every stream at full speed, C always taken.
ArrayRun run_array(Sim& s, ArrayModels& models, const std::vector<gg::Job>& jobs, std::mt19937_64* rng,
                   Requant rq = {}) {
  const gs::ArrayShape& sh = models.array.shape();
  const bool oenc = models.enc.has_value();
  gs::ArrayCycleModel& model = models.array;
  auto& enc = models.enc;
  const size_t R = static_cast<size_t>(sh.rows), C = static_cast<size_t>(sh.cols);
  const int B = sh.bits / 2;
  std::vector<Lane> a(R), b(C);
  for (const auto& job : jobs) {
    for (size_t r = 0; r < R; ++r) {
      a[r].job_start.push_back(a[r].beats.size());
      for (int k = 0; k < job.a.cols; ++k) {
        const auto units = gs::encode(sh.a_format(), job.a.at(int(r), k)).units();
        for (size_t u = 0; u < units.size(); ++u) {
          a[r].beats.push_back({units[u], k == job.a.cols - 1 && u + 1 == units.size()});
        }
      }
    }
    for (size_t c = 0; c < C; ++c) {
      b[c].job_start.push_back(b[c].beats.size());
      for (int k = 0; k < job.b.rows; ++k) {
        const auto units = gs::encode(sh.b_format(), job.b.at(k, int(c))).units();
        for (size_t u = 0; u < units.size(); ++u) {
          b[c].beats.push_back({units[u], k == job.b.rows - 1 && u + 1 == units.size()});
        }
      }
    }
  }
  const size_t av = s.port("a_valid_i"), ad = s.port("a_data_i"), al = s.port("a_last_i"), ar = s.port("a_ready_o"),
               bv = s.port("b_valid_i"), bd = s.port("b_data_i"), bl = s.port("b_last_i"), br = s.port("b_ready_o");
  std::optional<size_t> cv, cd, cl, cr, uv, uo, ul, uj, ur, mult, shift;
  if (oenc) {
    uv = s.port("unit_valid_o"), uo = s.port("unit_o"), ul = s.port("unit_last_o"), uj = s.port("unit_job_last_o"),
    ur = s.port("unit_ready_i"), mult = s.port("rq_mult_i"), shift = s.port("rq_shift_i");
  } else {
    cv = s.port("c_valid_o"), cd = s.port("c_data_o"), cl = s.port("c_last_o"), cr = s.port("c_ready_i");
  }
  const int ua = sh.bits / 2 + (sh.a_signed ? 1 : 0), ub = sh.bits / 2 + (sh.b_signed ? 1 : 0);

  ArrayRun run;
  Stalls take(1.0);
  int burst_left = 0;
  bool burst_mode = false, started = false;
  size_t job_of_stalls = SIZE_MAX;
  gg::Matrix cur(sh.rows, sh.cols);
  int cur_row = 0;
  std::vector<gs::Unit> cur_units;
  const size_t rows_wanted = jobs.size() * R;
  size_t beats = 0;
  for (const auto& l : a) beats = std::max(beats, l.beats.size());
  for (const auto& l : b) beats = std::max(beats, l.beats.size());
  uint64_t work = 0;
  for (const auto& j : jobs) work += 4 * static_cast<uint64_t>(j.a.cols);
  const uint64_t limit = s.cycle() + 2000 + 40 * (work + beats + jobs.size() * (R + C + 4) * (oenc ? 2 * C : 1));
  auto rows_done = [&] { return oenc ? run.unit_rows.size() : run.c.size() * R + static_cast<size_t>(cur_row); };

  while (!s.failed() && rows_done() < rows_wanted) {
    if (s.cycle() > limit) {
      s.fail(Mismatch{s.cycle(), oenc ? "unit_valid_o" : "c_valid_o", "the remaining output rows",
                      "none (no progress)", std::to_string(rows_done()) + " of " + std::to_string(rows_wanted) +
                                                " C rows delivered"});
      return run;
    }
    // Stall rates change with the job row 0 of A is streaming.
    const size_t job_now = static_cast<size_t>(
        std::upper_bound(a[0].job_start.begin(), a[0].job_start.end(), a[0].next) - a[0].job_start.begin() - 1);
    if (rng && job_now != job_of_stalls) {
      job_of_stalls = job_now;
      const unsigned mode = static_cast<unsigned>((*rng)() % 3);
      const Stalls shared = mode == 0 ? Stalls(1.0) : random_level(*rng);
      for (auto& l : a) l.st = mode == 2 ? random_level(*rng) : shared;
      for (auto& l : b) l.st = mode == 2 ? random_level(*rng) : shared;
      take = random_level(*rng);
      burst_mode = (*rng)() % 4 == 0;
    }
    gs::ArrayCycleModel::In in;
    in.a_valid.assign(R, false), in.a_last.assign(R, false), in.a_unit.assign(R, 0);
    in.b_valid.assign(C, false), in.b_last.assign(C, false), in.b_unit.assign(C, 0);
    auto offer = [&](std::vector<Lane>& lanes, std::vector<bool>& valid, std::vector<bool>& last,
                     std::vector<gs::Unit>& unit, int width) {
      for (size_t i = 0; i < lanes.size(); ++i) {
        Lane& l = lanes[i];
        if (!l.on && l.next < l.beats.size() && (!rng || l.st.next(*rng))) l.on = true;
        if (l.on) {
          valid[i] = true;
          unit[i] = l.beats[l.next].unit;
          last[i] = l.beats[l.next].last;
        } else if (rng) {  // noise on an idle stream
          unit[i] = static_cast<gs::Unit>((*rng)() & ((uint64_t{1} << width) - 1));
          last[i] = ((*rng)() & 1) != 0;
        }
      }
    };
    offer(a, in.a_valid, in.a_last, in.a_unit, ua);
    offer(b, in.b_valid, in.b_last, in.b_unit, ub);
    if (rng && burst_mode && burst_left == 0 && (*rng)() % 16 == 0) burst_left = 1 + static_cast<int>((*rng)() % 64);
    const bool out_ready = !rng || (burst_left > 0 ? false : take.next(*rng));
    if (burst_left > 0) --burst_left;
    if (!started && (std::count(in.a_valid.begin(), in.a_valid.end(), true) ||
                     std::count(in.b_valid.begin(), in.b_valid.end(), true))) {
      started = true;
      run.first_valid = s.cycle();
    }

    // Model: the encoder's c_ready depends only on its registers and unit_ready.
    gs::OutEncoderCycleModel::In ein;
    if (enc) {
      ein.c_data.assign(C, 0);
      ein.mult = rq.mult;
      ein.shift = rq.shift;
      ein.unit_ready = out_ready;
      in.c_ready = enc->outputs(ein).c_ready;
    } else {
      in.c_ready = out_ready;
    }
    const auto want = model.outputs(in);

    s.set_words(av, bool_words(in.a_valid));
    s.set_words(al, bool_words(in.a_last));
    s.set_words(ad, pack_lanes(std::vector<int64_t>(in.a_unit.begin(), in.a_unit.end()), ua));
    s.set_words(bv, bool_words(in.b_valid));
    s.set_words(bl, bool_words(in.b_last));
    s.set_words(bd, pack_lanes(std::vector<int64_t>(in.b_unit.begin(), in.b_unit.end()), ub));
    if (enc) {
      s.set(*mult, rq.mult);
      s.set(*shift, static_cast<uint64_t>(rq.shift));
      s.set(*ur, out_ready);
    } else {
      s.set(*cr, out_ready);
    }
    s.eval();
    bool ok = s.expect_lanes(ar, bool_lanes(want.a_ready), 1, false) &&
              s.expect_lanes(br, bool_lanes(want.b_ready), 1, false);
    gs::OutEncoderCycleModel::Out ew;
    if (enc) {
      ein.c_valid = want.c_valid;
      ein.c_data = want.c_data;
      ein.c_last = want.c_last;
      ew = enc->outputs(ein);
      ok = ok && s.expect(*uv, ew.unit_valid) && s.expect(*uo, ew.unit) && s.expect(*ul, ew.unit_last) &&
           s.expect(*uj, ew.unit_job_last);
    } else {
      ok = ok && s.expect(*cv, want.c_valid) && s.expect_lanes(*cd, want.c_data, sh.acc_bits, true) &&
           s.expect(*cl, want.c_last);
    }
    if (!ok) {
      std::string ctx = "streaming job " + std::to_string(job_now) + ", " + std::to_string(rows_done()) +
                        " C rows delivered";
      s.report().mismatch->context = ctx;
      return run;
    }
    // Streams: a beat moves when valid and ready.
    for (size_t r = 0; r < R; ++r) {
      if (in.a_valid[r] && want.a_ready[r]) a[r].on = false, ++a[r].next;
    }
    for (size_t c = 0; c < C; ++c) {
      if (in.b_valid[c] && want.b_ready[c]) b[c].on = false, ++b[c].next;
    }
    if (enc) {
      if (ew.unit_valid && out_ready) {
        cur_units.push_back(static_cast<gs::Unit>(s.get(*uo)));
        run.last_out = s.cycle();
        if (ew.unit_last) {
          run.unit_rows.push_back(cur_units);
          run.row_job_last.push_back(ew.unit_job_last);
          cur_units.clear();
        }
      }
      enc->clock(ein);
    } else if (want.c_valid && out_ready) {
      const auto row = unpack_lanes(s.get_words(*cd), sh.acc_bits, C, true);
      for (size_t c = 0; c < C; ++c) cur.at(cur_row, static_cast<int>(c)) = row[c];
      run.last_out = s.cycle();
      if (++cur_row == sh.rows) {
        run.c.push_back(cur);
        cur = gg::Matrix(sh.rows, sh.cols);
        cur_row = 0;
      }
    }
    model.clock(in);
    s.tick();
  }
  for (int r = 0; r < sh.rows; ++r) {
    for (int c = 0; c < sh.cols; ++c) {
      run.max_busy = std::max(run.max_busy, model.busy_cycles(r, c));
      run.total_busy += model.busy_cycles(r, c);
    }
  }
  run.finished = !s.failed();
  (void)B;
  return run;
}

// The unit rows the output encoder must produce for C tiles: requantized, SPARK-encoded row by row.
std::vector<std::vector<gs::Unit>> encoded_rows(const gs::ArrayShape& sh, const std::vector<gg::Matrix>& tiles,
                                                Requant rq) {
  std::vector<std::vector<gs::Unit>> rows;
  for (const auto& t : tiles) {
    for (int r = 0; r < t.rows; ++r) {
      std::vector<int64_t> vals;
      for (int c = 0; c < t.cols; ++c) vals.push_back(gs::requantize(sh.a_format(), t.at(r, c), rq.mult, rq.shift));
      rows.push_back(gs::encode_stream(sh.a_format(), vals));
    }
  }
  return rows;
}

gs::ArrayShape array_shape(const Generated& g) {
  const auto p = bf::spark::array_block().typed(g.cfg);
  return {p.rows, p.cols, p.bits, p.a_signed, p.b_signed, p.acc_bits, p.fifo_depth};
}
bool array_oenc(const Generated& g) { return bf::spark::array_block().typed(g.cfg).output_encoder; }

// A requantization that maps typical sums of K products into the output range (so values are not all clamped).
Requant random_requant(const gs::ArrayShape& sh, int k, std::mt19937_64& rng) {
  Requant rq;
  rq.mult = 1 + static_cast<uint32_t>(rng() % 65535);
  // Typical |C| ~ K x 2^(2N-2) / 4; aim the result at about 2^N.
  const int mag = std::max(1, sh.bits * 2 - 4 + static_cast<int>(std::log2(std::max(1, k))));
  rq.shift = std::clamp(mag + 16 - sh.bits + static_cast<int>(rng() % 7) - 3, 0, 63);
  if (rng() % 8 == 0) rq.shift = 0;
  if (rng() % 8 == 0) rq.mult = rng() % 2 ? 65535 : 0;
  return rq;
}

void verify_array(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const gs::ArrayShape sh = array_shape(g);
  const bool oenc = array_oenc(g);
  // Several batches of back-to-back jobs (the encoder's requantization changes only between batches).
  ArrayModels models(sh, oenc);
  int done = 0, batch = 0;
  size_t jobs_total = 0;
  while (done < count && !s.failed()) {
    const int n = std::min(count - done, 1 + static_cast<int>(rng() % 6));
    std::vector<gg::Job> jobs;
    std::vector<std::string> dists;  // per job, for a failure report
    int kmax = 1;
    for (int j = 0; j < n; ++j) {
      const int idx = done + j;
      const int k = idx == 0 ? 1 : idx % 3 == 2 ? 1 + static_cast<int>(rng() % 4) : gemm::random_k(rng);
      const Dist da = kDists[rng() % std::size(kDists)], db = kDists[rng() % std::size(kDists)];
      jobs.push_back(random_job(sh, k, da, db, rng));
      dists.push_back(std::string("A ") + dist_name(da) + ", B " + dist_name(db) + ", K " + std::to_string(k));
      kmax = std::max(kmax, k);
    }
    const Requant rq = random_requant(sh, kmax, rng);
    const ArrayRun run = run_array(s, models, jobs, &rng, rq);
    if (s.failed()) return;
    std::vector<gg::Matrix> want;
    for (const auto& j : jobs) want.push_back(spark_gemm(sh, j));
    if (oenc) {
      const auto rows = encoded_rows(sh, want, rq);
      for (size_t r = 0; r < rows.size(); ++r) {
        if (run.unit_rows[r] != rows[r]) {
          s.fail(Mismatch{s.cycle(), "unit_o stream of C row " + std::to_string(r % size_t(sh.rows)) + " of job " +
                                         std::to_string(r / size_t(sh.rows)),
                          std::to_string(rows[r].size()) + " units (golden requantize + encode)",
                          std::to_string(run.unit_rows[r].size()) + " different units",
                          "batch " + std::to_string(batch) + " (" + dists[r / size_t(sh.rows)] + "), rq_mult " +
                              std::to_string(rq.mult) + ", rq_shift " + std::to_string(rq.shift)});
          return;
        }
        if (run.row_job_last[r] != (r % size_t(sh.rows) == size_t(sh.rows) - 1)) {
          s.fail(Mismatch{s.cycle(), "unit_job_last_o", "on the final unit of row R-1 only", "elsewhere",
                          "C row " + std::to_string(r)});
          return;
        }
      }
    } else {
      for (size_t j = 0; j < jobs.size(); ++j) {
        if (run.c[j] == want[j]) continue;
        size_t i = 0;
        while (run.c[j].v[i] == want[j].v[i]) ++i;
        s.fail(Mismatch{s.cycle(), "C of job " + std::to_string(j), std::to_string(want[j].v[i]),
                        std::to_string(run.c[j].v[i]),
                        "batch " + std::to_string(batch) + " (" + dists[j] + "), element (" +
                            std::to_string(i / size_t(sh.cols)) + ", " + std::to_string(i % size_t(sh.cols)) +
                            "), exact GEMM of the SPARK-decoded values"});
        return;
      }
    }
    done += n;
    jobs_total += jobs.size();
    ++batch;
  }
  s.report().items = jobs_total;
  s.report().summary = std::to_string(jobs_total) + " jobs in " + std::to_string(batch) +
                       " batches (Gaussian, Laplace, uniform, all-long, all-short, alternating, one-long, bunched), random "
                       "unit gaps per stream, random output back-pressure; " +
                       (oenc ? "unit stream checked against golden requantize + encode of the exact GEMM"
                             : "C checked against the exact GEMM of the decoded values");
}

// ------------------------------------------------------------------------------------------------ out encoder

void verify_out_encoder(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const auto p = bf::spark::out_encoder_block().typed(g.cfg);
  const gs::Format f{p.bits, p.is_signed};
  const size_t C = static_cast<size_t>(p.cols);
  gs::OutEncoderCycleModel model(f, p.cols, p.acc_bits);
  const size_t cv = s.port("c_valid_i"), cd = s.port("c_data_i"), cl = s.port("c_last_i"), cr = s.port("c_ready_o"),
               mult = s.port("rq_mult_i"), shift = s.port("rq_shift_i"), uv = s.port("unit_valid_o"),
               uo = s.port("unit_o"), ul = s.port("unit_last_o"), uj = s.port("unit_job_last_o"),
               ur = s.port("unit_ready_i");
  const int64_t lo = gg::min_value(p.acc_bits, true), hi = gg::max_value(p.acc_bits, true);
  size_t rows_total = 0;
  for (int batch = 0; batch < count && !s.failed(); ++batch) {
    // A batch: one requantization, 1..12 rows; then the encoder drains before the next batch.
    Requant rq;
    rq.mult = rng() % 8 == 0 ? (rng() % 2 ? 65535u : 0u) : 1 + static_cast<uint32_t>(rng() % 65535);
    rq.shift = rng() % 8 == 0 ? 0 : static_cast<int>(rng() % 64);
    // One batch in four: m = 1 and values exactly halfway between two results (round half up decides).
    const int tie_room = p.acc_bits - p.bits - 3;
    const bool ties = batch % 4 == 3 && tie_room >= 1;
    if (ties) {
      rq.mult = 1;
      rq.shift = 1 + static_cast<int>(rng() % static_cast<uint64_t>(std::min(tie_room, 24)));
    }
    const size_t nrows = 1 + rng() % 12;
    std::vector<std::vector<int64_t>> rows(nrows, std::vector<int64_t>(C));
    std::vector<bool> lasts(nrows);
    for (size_t r = 0; r < nrows; ++r) {
      lasts[r] = rng() % 3 == 0 || r + 1 == nrows;
      for (auto& v : rows[r]) {
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
    Stalls offer = random_level(rng), take = random_level(rng);
    size_t next = 0;
    bool on = false;
    std::vector<std::vector<gs::Unit>> got;
    std::vector<bool> got_last;
    std::vector<gs::Unit> cur;
    const uint64_t limit = s.cycle() + 200 + 400 * nrows * C;
    while (got.size() < nrows && !s.failed()) {
      if (s.cycle() > limit) {
        s.fail(Mismatch{s.cycle(), "unit_valid_o", "more units", "none (no progress)", "batch " + std::to_string(batch)});
        return;
      }
      if (!on && next < nrows && offer.next(rng)) on = true;
      gs::OutEncoderCycleModel::In in;
      in.c_valid = on;
      in.c_data = on ? rows[next] : std::vector<int64_t>(C, std::uniform_int_distribution<int64_t>(lo, hi)(rng));
      in.c_last = on ? static_cast<bool>(lasts[next]) : (rng() & 1) != 0;
      in.mult = rq.mult;
      in.shift = rq.shift;
      in.unit_ready = take.next(rng);
      s.set(cv, in.c_valid);
      s.set_words(cd, pack_lanes(in.c_data, p.acc_bits));
      s.set(cl, in.c_last);
      s.set(mult, in.mult);
      s.set(shift, static_cast<uint64_t>(in.shift));
      s.set(ur, in.unit_ready);
      s.eval();
      const auto want = model.outputs(in);
      const bool ok = s.expect(cr, want.c_ready) && s.expect(uv, want.unit_valid) && s.expect(uo, want.unit) &&
                      s.expect(ul, want.unit_last) && s.expect(uj, want.unit_job_last);
      if (!ok) {
        s.report().mismatch->context = "batch " + std::to_string(batch) + ", row " + std::to_string(next) +
                                       ", rq_mult " + std::to_string(rq.mult) + ", rq_shift " + std::to_string(rq.shift);
        return;
      }
      if (on && want.c_ready) on = false, ++next;
      if (want.unit_valid && in.unit_ready) {
        cur.push_back(want.unit);
        if (want.unit_last) {
          got.push_back(cur);
          got_last.push_back(want.unit_job_last);
          cur.clear();
        }
      }
      model.clock(in);
      s.tick();
    }
    for (size_t r = 0; r < nrows && !s.failed(); ++r) {
      std::vector<int64_t> vals;
      for (int64_t v : rows[r]) vals.push_back(gs::requantize(f, v, rq.mult, rq.shift));
      if (got[r] != gs::encode_stream(f, vals) || got_last[r] != lasts[r]) {
        s.fail(Mismatch{s.cycle(), "unit_o stream", "golden requantize + encode of row " + std::to_string(r),
                        "different units or job-last flag", "batch " + std::to_string(batch)});
      }
    }
    rows_total += nrows;
  }
  s.report().items = rows_total;
  s.report().summary = std::to_string(rows_total) + " C rows in " + std::to_string(count) +
                       " requantization batches (extremes, random, in-range values, exact rounding ties), random c_valid gaps and "
                       "unit_ready stalls; every row's units checked against golden requantize + encode";
}

// ------------------------------------------------------------------------------------------------ sim

using Problem = data::GemmProblem;

struct ArrayInput {
  std::vector<Problem> problems;
  Requant rq;
};

ArrayInput read_array_input(const gs::ArrayShape& sh, bool oenc, const nlohmann::json& in, const std::string& where) {
  ArrayInput out;
  nlohmann::json body = in;
  if (oenc && in.is_object()) {
    // rq_mult / rq_shift apply to every job; the rest is the usual {a, b} or {jobs}.
    if (in.contains("rq_mult")) {
      out.rq.mult = static_cast<uint32_t>(int_array(nlohmann::json::array({in["rq_mult"]}), 0, 65535, where, "/rq_mult")[0]);
      body.erase("rq_mult");
    }
    if (in.contains("rq_shift")) {
      out.rq.shift = static_cast<int>(int_array(nlohmann::json::array({in["rq_shift"]}), 0, 63, where, "/rq_shift")[0]);
      body.erase("rq_shift");
    }
  }
  if (!in.is_object()) throw InputError(where, "", "must be an object");
  const gs::Format fa = sh.a_format(), fb = sh.b_format();
  out.problems = data::read_gemm_problems(body, {fa.min_input(), fa.max_input()}, {fb.min_input(), fb.max_input()}, where);
  return out;
}

nlohmann::json sim_array(const Generated& g, Sim& s, const nlohmann::json& in) {
  const gs::ArrayShape sh = array_shape(g);
  const bool oenc = array_oenc(g);
  const ArrayInput input = read_array_input(sh, oenc, in, "input");
  std::vector<gg::Tiling> tilings;
  std::vector<gg::Job> jobs;
  std::vector<gs::OperandJob> ops;
  std::vector<int64_t> avals, bvals;
  uint64_t macs = 0;
  for (const auto& p : input.problems) {
    tilings.push_back(gg::tile(p.a, p.b, sh.rows, sh.cols));
    for (const auto& j : tilings.back().jobs) {
      jobs.push_back(j);
      ops.push_back(operand_job(sh, j));
    }
    avals.insert(avals.end(), p.a.v.begin(), p.a.v.end());
    bvals.insert(bvals.end(), p.b.v.begin(), p.b.v.end());
    macs += static_cast<uint64_t>(p.a.rows) * static_cast<uint64_t>(p.b.cols) * static_cast<uint64_t>(p.a.cols);
  }
  ArrayModels models(sh, oenc);
  const ArrayRun run = run_array(s, models, jobs, nullptr, input.rq);
  bool match = run.finished && !s.failed();
  std::vector<gg::Matrix> want_tiles;
  for (const auto& j : jobs) want_tiles.push_back(spark_gemm(sh, j));
  std::vector<gg::Matrix> got_tiles;
  if (match && oenc) {
    // The RTL's unit rows, decoded: the requantized values the next layer reads.
    match = run.unit_rows == encoded_rows(sh, want_tiles, input.rq);
    for (size_t j = 0; j < jobs.size(); ++j) {
      gg::Matrix t(sh.rows, sh.cols);
      for (int r = 0; r < sh.rows; ++r) {
        const auto d = gs::decode_stream(sh.a_format(), run.unit_rows[j * size_t(sh.rows) + size_t(r)]);
        for (int c = 0; c < sh.cols && c < static_cast<int>(d.size()); ++c) t.at(r, c) = d[size_t(c)].value;
      }
      got_tiles.push_back(t);
    }
  } else if (match) {
    got_tiles = run.c;
  }
  nlohmann::json results = nlohmann::json::array();
  size_t next = 0;
  for (size_t i = 0; i < input.problems.size() && match; ++i) {
    const size_t n = tilings[i].jobs.size();
    const std::vector<gg::Matrix> tiles(got_tiles.begin() + static_cast<long>(next),
                                        got_tiles.begin() + static_cast<long>(next + n));
    const std::vector<gg::Matrix> want(want_tiles.begin() + static_cast<long>(next),
                                       want_tiles.begin() + static_cast<long>(next + n));
    next += n;
    const gg::Matrix c = gg::untile(tilings[i], tiles);
    if (!oenc) {
      gg::Matrix a = input.problems[i].a, b = input.problems[i].b;
      for (auto& v : a.v) v = gs::spark_value(sh.a_format(), v);
      for (auto& v : b.v) v = gs::spark_value(sh.b_format(), v);
      match = match && c == gg::gemm(a, b, sh.acc_bits);
    }
    results.push_back(data::matrix_json(c));
  }
  const gemm::JobsRun jr{{}, run.first_valid, run.last_out, run.finished};
  nlohmann::json out = gemm::array_sim_result(in, results, jr, match, s);
  const uint64_t cycles = out["cycles"];
  const gs::Stats sa = gs::stats(sh.a_format(), avals), sb = gs::stats(sh.b_format(), bvals);
  const uint64_t wb = gs::work_bound(ops);
  out["stats"] = {
      {"array_jobs", jobs.size()},
      {"macs", macs},
      {"a_long_fraction", sa.long_fraction},
      {"b_long_fraction", sb.long_fraction},
      {"a_units_per_value", 1.0 + sa.long_fraction},
      {"b_units_per_value", 1.0 + sb.long_fraction},
      {"a_lossy_values", sa.lossy_count},
      {"b_lossy_values", sb.lossy_count},
      {"work_bound", wb},
      {"stall_cycles", cycles >= wb ? cycles - wb : 0},
      {"cycles_over_work_bound", wb ? static_cast<double>(cycles) / static_cast<double>(wb) : 0.0},
      {"lockstep_cycles", gs::lockstep_cycles(ops)},
      {"pe_busy_cycles_max", run.max_busy},
      {"pe_utilization", cycles ? static_cast<double>(run.total_busy) /
                                      (static_cast<double>(cycles) * sh.rows * sh.cols)
                                : 0.0},
  };
  if (oenc) out["stats"]["rq_mult"] = input.rq.mult, out["stats"]["rq_shift"] = input.rq.shift;
  return out;
}

}  // namespace

std::vector<Bench> array_benches() {
  return {
      {"spark_pe", 4, verify_pe,
       [](const Generated&, const nlohmann::json&, const std::string& where) {
         throw InputError(where, "", "spark_pe has no sim input format: use bitforge verify, or sim a spark_array");
       },
       nullptr},
      {"spark_array", 12, verify_array,
       [](const Generated& g, const nlohmann::json& in, const std::string& where) {
         read_array_input(array_shape(g), array_oenc(g), in, where);
       },
       sim_array},
      {"spark_out_encoder", 40, verify_out_encoder,
       [](const Generated&, const nlohmann::json&, const std::string& where) {
         throw InputError(where, "", "spark_out_encoder has no sim input format: use bitforge verify, or sim a "
                                     "spark_array with output_encoder");
       },
       nullptr},
  };
}

}  // namespace bf::verif::spark
