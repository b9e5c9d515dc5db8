// Test bench of spark_array (with and without the output encoder); spark_pe_bench.cpp and
// spark_out_encoder_bench.cpp hold the other SPARK accelerator blocks'. Every output port is compared every
// cycle with the cycle models of golden/spark/array.hpp, and the results end to end with the exact arithmetic.
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

std::vector<uint32_t> bool_words(const std::vector<bool>& b) {
  std::vector<int64_t> v(b.begin(), b.end());
  return pack_lanes(v, 1);
}
std::vector<int64_t> bool_lanes(const std::vector<bool>& b) { return {b.begin(), b.end()}; }

// ------------------------------------------------------------------------------------------------ data

// The exact GEMM of the SPARK-decoded values (what the array must compute).
gg::Matrix spark_gemm(const gs::ArrayShape& sh, const gg::Job& j) { return gs::spark_gemm(sh, j.a, j.b); }

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

// The C output of spark_array without the output encoder.
struct CPorts {
  size_t c_valid_o, c_data_o, c_last_o, c_ready_i;
  explicit CPorts(const Sim& s)
      : c_valid_o(s.port("c_valid_o")), c_data_o(s.port("c_data_o")), c_last_o(s.port("c_last_o")),
        c_ready_i(s.port("c_ready_i")) {}
};

// The ports of spark_array: the A row and B column unit streams, then C or (output_encoder) the unit stream.
struct ArrayPorts {
  size_t a_valid_i, a_data_i, a_last_i, a_ready_o, b_valid_i, b_data_i, b_last_i, b_ready_o, err_o;
  std::optional<CPorts> c;
  std::optional<UnitPorts> unit;
  ArrayPorts(const Sim& s, bool oenc)
      : a_valid_i(s.port("a_valid_i")), a_data_i(s.port("a_data_i")), a_last_i(s.port("a_last_i")),
        a_ready_o(s.port("a_ready_o")), b_valid_i(s.port("b_valid_i")), b_data_i(s.port("b_data_i")),
        b_last_i(s.port("b_last_i")), b_ready_o(s.port("b_ready_o")), err_o(s.port("err_o")) {
    if (oenc) {
      unit.emplace(s);
    } else {
      c.emplace(s);
    }
  }
};

struct Beat {
  gs::Unit unit = 0;
  bool last = false;
};

// One unit stream (an A row or a B column): its beats in order, the first beat of each job, and its source
// (random gaps, valid held until taken).
struct Lane {
  std::vector<Beat> beats;
  std::vector<size_t> job_start;
  Source src;
};

// The unit streams of every A row (a_side) or B column: each value's SPARK units, the last unit of a job's last
// value flagged.
std::vector<Lane> unit_lanes(Watchdog& dog, const gs::ArrayShape& sh, const std::vector<gg::Job>& jobs, bool a_side) {
  std::vector<Lane> lanes;
  for (int i = 0; i < (a_side ? sh.rows : sh.cols); ++i) {
    std::vector<Beat> beats;
    std::vector<size_t> job_start;
    for (const auto& job : jobs) {
      job_start.push_back(beats.size());
      const int K = job.a.cols;
      for (int k = 0; k < K; ++k) {
        const auto units = a_side ? gs::encode(sh.a_format(), job.a.at(i, k)).units()
                                  : gs::encode(sh.b_format(), job.b.at(k, i)).units();
        for (size_t u = 0; u < units.size(); ++u) beats.push_back({units[u], k == K - 1 && u + 1 == units.size()});
      }
    }
    const size_t n = beats.size();
    lanes.push_back(Lane{std::move(beats), std::move(job_start), Source(dog, n)});
  }
  return lanes;
}

// Per job: every stream at full speed, all at one shared rate, or each at its own.
void new_rates(std::vector<Lane>& a, std::vector<Lane>& b, std::mt19937_64& rng) {
  const unsigned mode = static_cast<unsigned>(rng() % 3);
  const Stalls shared = mode == 0 ? Stalls(1.0) : random_stalls(rng);
  for (auto& l : a) l.src.set_stalls(mode == 2 ? random_stalls(rng) : shared);
  for (auto& l : b) l.src.set_stalls(mode == 2 ? random_stalls(rng) : shared);
}

// Each lane's valid, last and unit this cycle: its beat on offer, or noise on an idle stream.
void offer_lanes(std::vector<Lane>& lanes, std::vector<bool>& valid, std::vector<bool>& last,
                 std::vector<gs::Unit>& unit, int width, std::mt19937_64* rng) {
  for (size_t i = 0; i < lanes.size(); ++i) {
    Lane& l = lanes[i];
    if (l.src.offer(rng)) {
      valid[i] = true;
      unit[i] = l.beats[l.src.next()].unit;
      last[i] = l.beats[l.src.next()].last;
    } else if (rng) {  // noise on an idle stream
      unit[i] = static_cast<gs::Unit>((*rng)() & ((uint64_t{1} << width) - 1));
      last[i] = ((*rng)() & 1) != 0;
    }
  }
}


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

// Drives spark_array one cycle at a time and compares every output every cycle with ArrayCycleModel and, with
// the output encoder, OutEncoderCycleModel behind it; gathers what the output stream hands over into an ArrayRun.
class ArrayDriver {
 public:
  ArrayDriver(Sim& s, ArrayModels& models, Requant rq)
      : s_(s), models_(models), sh_(models.array.shape()), rq_(rq), p_(s, models.enc.has_value()),
        cur_(sh_.rows, sh_.cols) {}

  // Drives `in` (its c_ready is filled in here) with ready `out_ready` on the output stream, evaluates and
  // compares every output; false on a mismatch.
  bool drive_and_check(gs::ArrayCycleModel::In& in, bool out_ready) {
    auto& enc = models_.enc;
    // Model: the encoder's c_ready depends only on its registers and unit_ready.
    ein_ = {};
    if (enc) {
      ein_.c_data.assign(static_cast<size_t>(sh_.cols), 0);
      ein_.mult = rq_.mult;
      ein_.shift = rq_.shift;
      ein_.unit_ready = out_ready;
      in.c_ready = enc->outputs(ein_).c_ready;
    } else {
      in.c_ready = out_ready;
    }
    want_ = models_.array.outputs(in);
    drive(in, out_ready);
    s_.eval();
    if (!(s_.expect_lanes(p_.a_ready_o, bool_lanes(want_.a_ready), 1, false) &&
          s_.expect_lanes(p_.b_ready_o, bool_lanes(want_.b_ready), 1, false) && s_.expect(p_.err_o, want_.err))) {
      return false;
    }
    if (!enc) {
      return s_.expect(p_.c->c_valid_o, want_.c_valid) &&
             s_.expect_lanes(p_.c->c_data_o, want_.c_data, sh_.acc_bits, true) &&
             s_.expect(p_.c->c_last_o, want_.c_last);
    }
    ein_.c_valid = want_.c_valid;
    ein_.c_data = want_.c_data;
    ein_.c_last = want_.c_last;
    ew_ = enc->outputs(ein_);
    return s_.expect(p_.unit->unit_valid_o, ew_.unit_valid) && s_.expect(p_.unit->unit_o, ew_.unit) &&
           s_.expect(p_.unit->unit_last_o, ew_.unit_last) && s_.expect(p_.unit->unit_job_last_o, ew_.unit_job_last);
  }

  const gs::ArrayCycleModel::Out& want() const { return want_; }
  bool out_valid() const { return models_.enc ? ew_.unit_valid : want_.c_valid; }  // the output stream's valid

  // The output beat taken this cycle: a unit (with the encoder) or a C row, read from the RTL.
  void collect(ArrayRun& run) {
    run.last_out = s_.cycle();
    if (models_.enc) {
      cur_units_.push_back(static_cast<gs::Unit>(s_.get(p_.unit->unit_o)));
      if (ew_.unit_last) {
        run.unit_rows.push_back(cur_units_);
        run.row_job_last.push_back(ew_.unit_job_last);
        cur_units_.clear();
      }
      return;
    }
    const auto row = unpack_lanes(s_.get_words(p_.c->c_data_o), sh_.acc_bits, static_cast<size_t>(sh_.cols), true);
    for (size_t c = 0; c < row.size(); ++c) cur_.at(cur_row_, static_cast<int>(c)) = row[c];
    if (++cur_row_ == sh_.rows) {
      run.c.push_back(cur_);
      cur_ = gg::Matrix(sh_.rows, sh_.cols);
      cur_row_ = 0;
    }
  }
  size_t rows_done(const ArrayRun& run) const {
    return models_.enc ? run.unit_rows.size() : run.c.size() * static_cast<size_t>(sh_.rows) + size_t(cur_row_);
  }

  void clock(const gs::ArrayCycleModel::In& in) {
    if (models_.enc) models_.enc->clock(ein_);
    models_.array.clock(in);
    s_.tick();
  }

 private:
  void drive(const gs::ArrayCycleModel::In& in, bool out_ready) {
    const int ua = sh_.bits / 2 + (sh_.a_signed ? 1 : 0), ub = sh_.bits / 2 + (sh_.b_signed ? 1 : 0);
    s_.set_words(p_.a_valid_i, bool_words(in.a_valid));
    s_.set_words(p_.a_last_i, bool_words(in.a_last));
    s_.set_words(p_.a_data_i, pack_lanes(std::vector<int64_t>(in.a_unit.begin(), in.a_unit.end()), ua));
    s_.set_words(p_.b_valid_i, bool_words(in.b_valid));
    s_.set_words(p_.b_last_i, bool_words(in.b_last));
    s_.set_words(p_.b_data_i, pack_lanes(std::vector<int64_t>(in.b_unit.begin(), in.b_unit.end()), ub));
    if (p_.unit) {
      s_.set(p_.unit->rq_mult_i, rq_.mult);
      s_.set(p_.unit->rq_shift_i, static_cast<uint64_t>(rq_.shift));
      s_.set(p_.unit->unit_ready_i, out_ready);
    } else {
      s_.set(p_.c->c_ready_i, out_ready);
    }
  }

  Sim& s_;
  ArrayModels& models_;
  const gs::ArrayShape& sh_;
  Requant rq_;
  ArrayPorts p_;
  gs::ArrayCycleModel::Out want_;
  gs::OutEncoderCycleModel::In ein_;
  gs::OutEncoderCycleModel::Out ew_;
  gg::Matrix cur_;  // the C tile being gathered (no encoder)
  int cur_row_ = 0;
  std::vector<gs::Unit> cur_units_;  // the units of the C row being gathered (with the encoder)
};

// The PEs' multiply cycles: the busiest PE's and the sum over all.
void busy_cycles(const gs::ArrayCycleModel& model, ArrayRun& run) {
  const gs::ArrayShape& sh = model.shape();
  for (int r = 0; r < sh.rows; ++r) {
    for (int c = 0; c < sh.cols; ++c) {
      run.max_busy = std::max(run.max_busy, model.busy_cycles(r, c));
      run.total_busy += model.busy_cycles(r, c);
    }
  }
}

// Streams jobs through spark_array, comparing every output every cycle with ArrayCycleModel (and, with the
// output encoder, OutEncoderCycleModel behind it). Without rng: every stream at full speed, C always taken.
ArrayRun run_array(Sim& s, ArrayModels& models, const std::vector<gg::Job>& jobs, std::mt19937_64* rng,
                   Requant rq = {}) {
  const gs::ArrayShape& sh = models.array.shape();
  const bool oenc = models.enc.has_value();
  const size_t R = static_cast<size_t>(sh.rows), C = static_cast<size_t>(sh.cols);
  const int ua = sh.bits / 2 + (sh.a_signed ? 1 : 0), ub = sh.bits / 2 + (sh.b_signed ? 1 : 0);
  // Still streams last at most a random gap or an output burst, plus a C row's way out through the encoder.
  Watchdog dog(s, 2000 + 40 * (R + C + 4) * (oenc ? 2 * C : 1));
  std::vector<Lane> a = unit_lanes(dog, sh, jobs, true), b = unit_lanes(dog, sh, jobs, false);
  Sink out(dog);
  ArrayDriver d(s, models, rq);
  ArrayRun run;
  bool started = false;
  size_t job_of_stalls = SIZE_MAX;
  const size_t rows_wanted = jobs.size() * R;
  while (!s.failed() && d.rows_done(run) < rows_wanted) {
    if (dog.stuck(oenc ? "unit_valid_o" : "c_valid_o", "the remaining output rows", [&] {
          return std::to_string(d.rows_done(run)) + " of " + std::to_string(rows_wanted) + " C rows delivered";
        })) {
      return run;
    }
    // Stall rates change with the job row 0 of A is streaming.
    const size_t job_now = static_cast<size_t>(
        std::upper_bound(a[0].job_start.begin(), a[0].job_start.end(), a[0].src.next()) - a[0].job_start.begin() - 1);
    if (rng && job_now != job_of_stalls) {
      job_of_stalls = job_now;
      new_rates(a, b, *rng);
      const Stalls take = random_stalls(*rng);
      const bool bursts = (*rng)() % 4 == 0;
      out.set_stalls(take, bursts);
    }
    gs::ArrayCycleModel::In in;
    in.a_valid.assign(R, false), in.a_last.assign(R, false), in.a_unit.assign(R, 0);
    in.b_valid.assign(C, false), in.b_last.assign(C, false), in.b_unit.assign(C, 0);
    offer_lanes(a, in.a_valid, in.a_last, in.a_unit, ua, rng);
    offer_lanes(b, in.b_valid, in.b_last, in.b_unit, ub, rng);
    const bool out_ready = out.ready(rng);
    if (!started && (std::count(in.a_valid.begin(), in.a_valid.end(), true) ||
                     std::count(in.b_valid.begin(), in.b_valid.end(), true))) {
      started = true;
      run.first_valid = s.cycle();
    }
    if (!d.drive_and_check(in, out_ready)) {
      s.report().mismatch->context = "streaming job " + std::to_string(job_now) + ", " +
                                     std::to_string(d.rows_done(run)) + " C rows delivered";
      return run;
    }
    for (size_t r = 0; r < R; ++r) a[r].src.handshake(d.want().a_ready[r]);
    for (size_t c = 0; c < C; ++c) b[c].src.handshake(d.want().b_ready[c]);
    if (out.take(d.out_valid())) d.collect(run);
    d.clock(in);
  }
  busy_cycles(models.array, run);
  run.finished = !s.failed();
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

using bf::spark::ArrayParams;

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

void verify_array(const ArrayParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const gs::ArrayShape& sh = p;
  const bool oenc = p.output_encoder;
  // Several batches of back-to-back jobs (the encoder's requantization changes only between batches).
  ArrayModels models(sh, oenc);
  int done = 0, batch = 0;
  size_t jobs_total = 0;
  uint64_t macs = 0;
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
    for (const auto& j : jobs) macs += j.macs();
    ++batch;
  }
  s.report().items = jobs_total;
  count_macs(s, macs, "one A and one B value (4 or 8 bits, as the codes say)");
  s.report().summary = std::to_string(jobs_total) + " jobs in " + std::to_string(batch) +
                       " batches (Gaussian, Laplace, uniform, all-long, all-short, alternating, one-long, bunched), random "
                       "unit gaps per stream, random output back-pressure; " +
                       (oenc ? "unit stream checked against golden requantize + encode of the exact GEMM"
                             : "C checked against the exact GEMM of the decoded values");
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

// The RTL's unit rows, decoded: the requantized values the next layer reads, as one R x C tile per job.
std::vector<gg::Matrix> decoded_tiles(const gs::ArrayShape& sh, const std::vector<std::vector<gs::Unit>>& unit_rows,
                                      size_t jobs) {
  std::vector<gg::Matrix> tiles;
  for (size_t j = 0; j < jobs; ++j) {
    gg::Matrix t(sh.rows, sh.cols);
    for (int r = 0; r < sh.rows; ++r) {
      const auto d = gs::decode_stream(sh.a_format(), unit_rows[j * size_t(sh.rows) + size_t(r)]);
      for (int c = 0; c < sh.cols && c < static_cast<int>(d.size()); ++c) t.at(r, c) = d[size_t(c)].value;
    }
    tiles.push_back(t);
  }
  return tiles;
}

nlohmann::json sim_array(const ArrayParams& p, Sim& s, const nlohmann::json& in) {
  const gs::ArrayShape& sh = p;
  const bool oenc = p.output_encoder;
  const ArrayInput input = read_array_input(sh, oenc, in, "input");
  std::vector<gg::Tiling> tilings;
  std::vector<gg::Job> jobs;
  std::vector<gs::OperandJob> ops;
  std::vector<int64_t> avals, bvals;
  uint64_t macs = 0;
  for (const auto& problem : input.problems) {
    tilings.push_back(gg::tile(problem.a, problem.b, sh.rows, sh.cols));
    for (const auto& j : tilings.back().jobs) {
      jobs.push_back(j);
      ops.push_back(operand_job(sh, j));
    }
    avals.insert(avals.end(), problem.a.v.begin(), problem.a.v.end());
    bvals.insert(bvals.end(), problem.b.v.begin(), problem.b.v.end());
    macs += static_cast<uint64_t>(problem.a.rows) * static_cast<uint64_t>(problem.b.cols) *
            static_cast<uint64_t>(problem.a.cols);
  }
  ArrayModels models(sh, oenc);
  const ArrayRun run = run_array(s, models, jobs, nullptr, input.rq);
  bool match = run.finished && !s.failed();
  std::vector<gg::Matrix> want_tiles;
  for (const auto& j : jobs) want_tiles.push_back(spark_gemm(sh, j));
  std::vector<gg::Matrix> got_tiles;
  if (match && oenc) {
    match = run.unit_rows == encoded_rows(sh, want_tiles, input.rq);
    got_tiles = decoded_tiles(sh, run.unit_rows, jobs.size());
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
      match = match && c == gs::spark_gemm(sh, input.problems[i].a, input.problems[i].b);
    }
    results.push_back(data::matrix_json(c));
  }
  const gemm::JobsRun jr{{}, run.first_valid, run.last_out, run.finished};
  nlohmann::json out = gemm::array_sim_result(in, results, jr, match, s);
  count_macs(s, macs, "one A and one B value (4 or 8 bits, as the codes say)");
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
  std::vector<Bench> v = {
      typed_bench(bf::spark::array_block(),
                  TypedBench<ArrayParams>{
                      .default_count = 12,
                      .verify = verify_array,
                      .check_input = [](const ArrayParams& p, const nlohmann::json& in,
                                        const std::string& where) { read_array_input(p, p.output_encoder, in, where); },
                      .sim = sim_array}),
  };
  for (auto& b : pe_benches()) v.push_back(std::move(b));
  for (auto& b : out_encoder_benches()) v.push_back(std::move(b));
  return v;
}

}  // namespace bf::verif::spark
