// Test benches of the EBSP blocks: ebsp_pe and mult_pe (exhaustive over every operand pair where they total 16
// bits or fewer), and ebsp_array (random jobs with valid gaps and output stalls; `sim` for C = A . B). Every
// output port is compared every cycle with the cycle models of golden/ebsp/cycle.hpp, and every sum with the
// exact arithmetic of golden/ebsp/ebsp.hpp.
#include "ebsp/ebsp_bench.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "base/errors.hpp"
#include "ebsp/cycle.hpp"
#include "ebsp/ebsp.hpp"
#include "ebsp/ebsp_blocks.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_bench.hpp"
#include "harness/lanes.hpp"

namespace bf::verif::ebsp {

namespace ge = bf::golden::ebsp;
namespace gg = bf::golden::gemm;

namespace {

Stalls random_level(std::mt19937_64& rng) { return Stalls(stall_levels()[rng() % stall_levels().size()]); }

ge::Pattern act_pattern(int bits, int len) { return {bits, len, false}; }
ge::Pattern wgt_pattern(int bits, int len) { return {bits, len, true}; }

// A random operand of a pattern's domain: uniform, a conforming value, a small value, or an extreme.
int64_t random_operand(const ge::Pattern& p, std::mt19937_64& rng) {
  const int64_t lo = ge::min_value(p), hi = ge::max_value(p);
  switch (rng() % 6) {
    case 0: return rng() % 2 ? lo : hi;
    case 1: return 0;
    case 2: {  // conforming: truncate a random magnitude
      const int64_t m = static_cast<int64_t>(ge::truncate(static_cast<uint64_t>(std::uniform_int_distribution<int64_t>(0, hi)(rng)), p.length));
      return p.is_signed && rng() % 2 ? -m : m;
    }
    case 3: {  // small
      const int64_t m = std::min<int64_t>(hi, static_cast<int64_t>(rng() % 16));
      return p.is_signed && rng() % 2 ? -m : m;
    }
    default: return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
}

// ------------------------------------------------------------------------------------------------ PEs

// Drives a PE (ebsp_pe or mult_pe: same ports) through every operand pair (or `random_pairs` random ones) in a
// random order, with random valid gaps and clears; compares every port every cycle with `Model`, and each
// reported sum with an exact running sum of `product` kept here.
template <class Model, class Product>
void drive_pe(Sim& s, Model model, bool patterned, const ge::Pattern& act, const ge::Pattern& wgt, int acc_bits,
              Product product, std::mt19937_64& rng, size_t random_pairs) {
  std::vector<std::pair<int64_t, int64_t>> pairs;
  const bool exhaustive = act.bits + wgt.bits <= 16;
  if (exhaustive) {
    for (int64_t a = ge::min_value(act); a <= ge::max_value(act); ++a) {
      for (uint64_t wb = 0; wb < (uint64_t{1} << wgt.bits); ++wb) pairs.emplace_back(a, ge::wgt_value_of_bits(wgt, wb));
    }
    std::shuffle(pairs.begin(), pairs.end(), rng);
  } else {
    for (size_t i = 0; i < random_pairs; ++i) pairs.emplace_back(random_operand(act, rng), random_operand(wgt, rng));
  }
  const size_t iv = s.port("in_valid_i"), ai = s.port("act_i"), wi = s.port("wgt_i"), ci = s.port("clear_i"),
               ov = s.port("out_valid_o"), acc = s.port("acc_o");
  std::deque<int64_t> expected;  // the sum each issued input must report, oldest first
  int64_t running = 0;
  Stalls offer(1.0);
  size_t next = 0, reported = 0;
  const uint64_t limit = s.cycle() + 64 * pairs.size() + 100;
  while (reported < pairs.size() && !s.failed()) {
    if (s.cycle() > limit) {
      s.fail(Mismatch{s.cycle(), "out_valid_o", "more results", "none (no progress)", ""});
      return;
    }
    if (next % 4096 == 0) offer = random_level(rng);
    typename Model::In in;
    in.valid = next < pairs.size() && offer.next(rng);
    in.clear = rng() % 8 == 0;
    if (in.valid) {
      in.act = pairs[next].first;
      in.wgt = pairs[next].second;
    } else {  // noise on the operand ports
      in.act = random_operand(act, rng);
      in.wgt = random_operand(wgt, rng);
    }
    s.set(iv, in.valid);
    s.set(ai, static_cast<uint64_t>(in.act));
    // A negative zero sometimes: the sign bit on a zero magnitude.
    uint64_t wbits = ge::wgt_bits_of(wgt, in.wgt);
    if (in.wgt == 0 && rng() % 2) wbits |= uint64_t{1} << (wgt.bits - 1);
    s.set(wi, wbits);
    s.set(ci, in.clear);
    s.eval();
    const auto want = model.outputs();
    if (!(s.expect(ov, want.out_valid) && s.expect_signed(acc, want.acc))) {
      s.report().mismatch->context = "input " + std::to_string(next) + " of " + std::to_string(pairs.size());
      return;
    }
    if (want.out_valid) {
      if (expected.empty() || want.acc != expected.front()) {
        s.fail(Mismatch{s.cycle(), "acc_o", expected.empty() ? "no result" : std::to_string(expected.front()),
                        std::to_string(want.acc), "the exact running sum of result " + std::to_string(reported)});
        return;
      }
      expected.pop_front();
      ++reported;
    }
    if (in.valid) {
      running = gg::wrap((in.clear ? 0 : running) + product(in.act, in.wgt), acc_bits);
      expected.push_back(running);
      ++next;
    }
    model.clock(in);
    s.tick();
  }
  s.report().items = pairs.size();
  s.report().summary = std::to_string(pairs.size()) +
                       (exhaustive ? std::string(" operand pairs (every pair") +
                                         (patterned ? ", conforming to the patterns or not" : "") + ", negative zeros)"
                                   : std::string(" random operand pairs (extremes, conforming, small, uniform)")) +
                       ", random valid gaps and clears; every sum checked against the exact running sum";
}

void verify_ebsp_pe(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const auto p = bf::ebsp::ebsp_pe_block().typed(g.cfg);
  const ge::Pattern act = act_pattern(p.act_bits, p.act_pattern), wgt = wgt_pattern(p.wgt_bits, p.wgt_pattern);
  drive_pe(s, ge::EbspPeCycleModel({act, wgt, p.acc_bits}), true, act, wgt, p.acc_bits,
           [&](int64_t a, int64_t w) { return ge::pattern_value(act, a) * ge::pattern_value(wgt, w); }, rng,
           static_cast<size_t>(count) * 1000);
}

void verify_mult_pe(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const auto p = bf::ebsp::mult_pe_block().typed(g.cfg);
  // The full-length pattern: every value conforms, so the domain helpers apply unchanged.
  const ge::Pattern act = act_pattern(p.act_bits, p.act_bits), wgt = wgt_pattern(p.wgt_bits, p.wgt_bits - 1);
  drive_pe(s, ge::MultPeCycleModel(p.act_bits, p.wgt_bits, p.acc_bits), false, act, wgt,
           p.acc_bits, [](int64_t a, int64_t w) { return a * w; }, rng, static_cast<size_t>(count) * 1000);
}

// ------------------------------------------------------------------------------------------------ array

struct ArrayDims {
  int rows, lanes;
  ge::Pattern act, wgt;
  int acc_bits;
};

ArrayDims array_dims(const Generated& g) {
  const auto p = bf::ebsp::ebsp_array_block().typed(g.cfg);
  return {p.rows, p.lanes, act_pattern(p.act_bits, p.act_pattern), wgt_pattern(p.wgt_bits, p.wgt_pattern),
          p.acc_bits};
}

// A job: its beats; beat b has L activations and R x L weights (row-major r * L + l).
struct Beat {
  std::vector<int64_t> act, wgt;
};
using ArrayJob = std::vector<Beat>;

// The exact result of a job: per row, the sum of pattern_value(act) x pattern_value(wgt), wrapped.
std::vector<int64_t> job_result(const ArrayDims& d, const ArrayJob& job) {
  std::vector<int64_t> out(static_cast<size_t>(d.rows), 0);
  for (const Beat& b : job) {
    for (int r = 0; r < d.rows; ++r) {
      for (int l = 0; l < d.lanes; ++l) {
        out[size_t(r)] += ge::pattern_value(d.act, b.act[size_t(l)]) * ge::pattern_value(d.wgt, b.wgt[size_t(r * d.lanes + l)]);
      }
    }
  }
  for (auto& v : out) v = gg::wrap(v, d.acc_bits);
  return out;
}

struct ArrayRun {
  std::vector<std::vector<int64_t>> results;
  uint64_t first_valid = 0, last_out = 0;
  bool finished = false;
};

// Streams the jobs' beats (valid held until taken), comparing every port every cycle with EbspArrayCycleModel.
// Without rng: every beat offered at once, results always taken.
ArrayRun run_array(Sim& s, ge::EbspArrayCycleModel& model, const ArrayDims& d, const std::vector<ArrayJob>& jobs,
                   std::mt19937_64* rng) {
  const size_t iv = s.port("in_valid_i"), ai = s.port("act_i"), wi = s.port("wgt_i"), il = s.port("in_last_i"),
               ir = s.port("in_ready_o"), ov = s.port("out_valid_o"), od = s.port("out_data_o"),
               orr = s.port("out_ready_i");
  std::vector<std::pair<size_t, size_t>> beats;  // (job, beat)
  for (size_t j = 0; j < jobs.size(); ++j) {
    for (size_t b = 0; b < jobs[j].size(); ++b) beats.emplace_back(j, b);
  }
  ArrayRun run;
  Stalls offer(1.0), take(1.0);
  size_t next = 0, job_of_stalls = SIZE_MAX;
  bool on = false, started = false;
  const uint64_t limit = s.cycle() + 200 + 60 * (beats.size() + jobs.size());
  const size_t L = size_t(d.lanes), RL = size_t(d.rows) * L;
  while (run.results.size() < jobs.size() && !s.failed()) {
    if (s.cycle() > limit) {
      s.fail(Mismatch{s.cycle(), "out_valid_o", "the remaining results", "none (no progress)",
                      std::to_string(run.results.size()) + " of " + std::to_string(jobs.size()) + " jobs delivered"});
      return run;
    }
    if (rng && next < beats.size() && beats[next].first != job_of_stalls) {
      job_of_stalls = beats[next].first;
      offer = (*rng)() % 3 == 0 ? Stalls(1.0) : random_level(*rng);
      take = random_level(*rng);
    }
    if (!on && next < beats.size() && (!rng || offer.next(*rng))) on = true;
    ge::EbspArrayCycleModel::In in;
    in.in_valid = on;
    if (on) {
      const auto& [j, b] = beats[next];
      in.act = jobs[j][b].act;
      in.wgt = jobs[j][b].wgt;
      in.in_last = b + 1 == jobs[j].size();
    } else {
      in.act.resize(L);
      in.wgt.resize(RL);
      if (rng) {
        for (auto& v : in.act) v = random_operand(d.act, *rng);
        for (auto& v : in.wgt) v = random_operand(d.wgt, *rng);
        in.in_last = ((*rng)() & 1) != 0;
      }
    }
    in.out_ready = !rng || take.next(*rng);
    if (!started && in.in_valid) {
      started = true;
      run.first_valid = s.cycle();
    }
    std::vector<int64_t> wbits(RL);
    for (size_t i = 0; i < RL; ++i) wbits[i] = static_cast<int64_t>(ge::wgt_bits_of(d.wgt, in.wgt[i]));
    s.set(iv, in.in_valid);
    s.set_words(ai, pack_lanes(in.act, d.act.bits));
    s.set_words(wi, pack_lanes(wbits, d.wgt.bits));
    s.set(il, in.in_last);
    s.set(orr, in.out_ready);
    s.eval();
    const auto want = model.outputs(in);
    if (!(s.expect(ir, want.in_ready) && s.expect(ov, want.out_valid) &&
          s.expect_lanes(od, want.out_data, d.acc_bits, true))) {
      s.report().mismatch->context = next < beats.size() ? "job " + std::to_string(beats[next].first) + ", beat " +
                                                               std::to_string(beats[next].second)
                                                         : "draining, " + std::to_string(run.results.size()) +
                                                               " results delivered";
      return run;
    }
    if (on && want.in_ready) on = false, ++next;
    if (want.out_valid && in.out_ready) {
      run.results.push_back(unpack_lanes(s.get_words(od), d.acc_bits, size_t(d.rows), true));
      run.last_out = s.cycle();
    }
    model.clock(in);
    s.tick();
  }
  run.finished = !s.failed();
  return run;
}

ArrayJob random_array_job(const ArrayDims& d, std::mt19937_64& rng) {
  const int nbeats = rng() % 4 == 0 ? 1 : 1 + static_cast<int>(rng() % 40);
  ArrayJob job(static_cast<size_t>(nbeats));
  for (auto& b : job) {
    b.act.resize(size_t(d.lanes));
    b.wgt.resize(size_t(d.rows) * size_t(d.lanes));
    for (auto& v : b.act) v = random_operand(d.act, rng);
    for (auto& v : b.wgt) v = random_operand(d.wgt, rng);
  }
  return job;
}

void verify_ebsp_array(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const ArrayDims d = array_dims(g);
  ge::EbspArrayCycleModel model({d.rows, d.lanes, d.act, d.wgt, d.acc_bits});
  std::vector<ArrayJob> jobs;
  for (int i = 0; i < count; ++i) jobs.push_back(random_array_job(d, rng));
  const ArrayRun run = run_array(s, model, d, jobs, &rng);
  if (s.failed()) return;
  for (size_t j = 0; j < jobs.size(); ++j) {
    const auto want = job_result(d, jobs[j]);
    if (run.results[j] == want) continue;
    size_t r = 0;
    while (run.results[j][r] == want[r]) ++r;
    s.fail(Mismatch{s.cycle(), "out_data_o of job " + std::to_string(j), std::to_string(want[r]),
                    std::to_string(run.results[j][r]), "row " + std::to_string(r) + ", exact dot product of the patterned operands"});
    return;
  }
  size_t nbeats = 0;
  for (const auto& j : jobs) nbeats += j.size();
  s.report().items = jobs.size();
  s.report().summary = std::to_string(jobs.size()) + " jobs (" + std::to_string(nbeats) +
                       " beats: extremes, conforming, small and uniform operands), random valid gaps and "
                       "out_ready stalls; every result checked against the exact dot products";
}

// ------------------------------------------------------------------------------------------------ sim

using Problem = data::GemmProblem;

std::vector<Problem> read_problems(const ArrayDims& d, const nlohmann::json& in, const std::string& where) {
  return data::read_gemm_problems(in, {ge::min_value(d.act), ge::max_value(d.act)},
                                  {ge::min_value(d.wgt), ge::max_value(d.wgt)}, where);
}

// C = A . B on the array: for each block of R columns of B and each row of A, one job of ceil(K / L) beats.
std::vector<ArrayJob> gemm_jobs(const ArrayDims& d, const Problem& p) {
  std::vector<ArrayJob> jobs;
  const int K = p.a.cols, N = p.b.cols;
  for (int n0 = 0; n0 < N; n0 += d.rows) {
    for (int m = 0; m < p.a.rows; ++m) {
      ArrayJob job;
      for (int k0 = 0; k0 < K; k0 += d.lanes) {
        Beat b{std::vector<int64_t>(size_t(d.lanes), 0), std::vector<int64_t>(size_t(d.rows * d.lanes), 0)};
        for (int l = 0; l < d.lanes && k0 + l < K; ++l) {
          b.act[size_t(l)] = p.a.at(m, k0 + l);
          for (int r = 0; r < d.rows && n0 + r < N; ++r) b.wgt[size_t(r * d.lanes + l)] = p.b.at(k0 + l, n0 + r);
        }
        job.push_back(std::move(b));
      }
      jobs.push_back(std::move(job));
    }
  }
  return jobs;
}

nlohmann::json sim_ebsp_array(const Generated& g, Sim& s, const nlohmann::json& in) {
  const ArrayDims d = array_dims(g);
  const std::vector<Problem> problems = read_problems(d, in, "input");
  std::vector<ArrayJob> jobs;
  std::vector<size_t> first_job;
  std::vector<int64_t> avals, bvals;
  uint64_t macs = 0;
  for (const auto& p : problems) {
    first_job.push_back(jobs.size());
    for (auto& j : gemm_jobs(d, p)) jobs.push_back(std::move(j));
    avals.insert(avals.end(), p.a.v.begin(), p.a.v.end());
    bvals.insert(bvals.end(), p.b.v.begin(), p.b.v.end());
    macs += uint64_t(p.a.rows) * uint64_t(p.b.cols) * uint64_t(p.a.cols);
  }
  ge::EbspArrayCycleModel model({d.rows, d.lanes, d.act, d.wgt, d.acc_bits});
  const ArrayRun run = run_array(s, model, d, jobs, nullptr);
  bool match = run.finished && !s.failed();
  nlohmann::json results = nlohmann::json::array();
  double c_sq = 0, c_count = 0;
  int64_t c_max = 0;
  for (size_t i = 0; i < problems.size() && match; ++i) {
    const Problem& p = problems[i];
    gg::Matrix c(p.a.rows, p.b.cols);
    size_t j = first_job[i];
    for (int n0 = 0; n0 < p.b.cols; n0 += d.rows) {
      for (int m = 0; m < p.a.rows; ++m, ++j) {
        for (int r = 0; r < d.rows && n0 + r < p.b.cols; ++r) c.at(m, n0 + r) = run.results[j][size_t(r)];
      }
    }
    gg::Matrix pa = p.a, pb = p.b;
    for (auto& v : pa.v) v = ge::pattern_value(d.act, v);
    for (auto& v : pb.v) v = ge::pattern_value(d.wgt, v);
    match = match && c == gg::gemm(pa, pb, d.acc_bits);
    const gg::Matrix exact = gg::gemm(p.a, p.b, 64);  // the unpatterned product, for the error figures
    for (size_t k = 0; k < c.v.size(); ++k) {
      const int64_t e = c.v[k] - exact.v[k];
      c_sq += static_cast<double>(e) * static_cast<double>(e);
      c_max = std::max(c_max, e < 0 ? -e : e);
      c_count += 1;
    }
    results.push_back(data::matrix_json(c));
  }
  const gemm::JobsRun jr{{}, run.first_valid, run.last_out, run.finished};
  nlohmann::json out = gemm::array_sim_result(in, results, jr, match, s);
  const ge::TensorStats sa = ge::stats(d.act, avals), sb = ge::stats(d.wgt, bvals);
  size_t nbeats = 0;
  for (const auto& j : jobs) nbeats += j.size();
  out["stats"] = {{"lut_entries", ge::lut_entries(d.act.length, d.wgt.length)},
                  {"array_jobs", jobs.size()},
                  {"beats", nbeats},
                  {"macs", macs},
                  {"a_changed_fraction", sa.changed_fraction},
                  {"b_changed_fraction", sb.changed_fraction},
                  {"a_pattern_mse", sa.mse},
                  {"b_pattern_mse", sb.mse},
                  {"c_mse_vs_unpatterned", c_count ? c_sq / c_count : 0.0},
                  {"c_max_abs_error_vs_unpatterned", c_max}};
  return out;
}

}  // namespace

std::vector<Bench> benches() {
  return {
      {"ebsp_pe", 8, verify_ebsp_pe,
       [](const Generated&, const nlohmann::json&, const std::string& where) {
         throw InputError(where, "", "ebsp_pe has no sim input format: use bitforge verify, or sim an ebsp_array");
       },
       nullptr},
      {"mult_pe", 8, verify_mult_pe,
       [](const Generated&, const nlohmann::json&, const std::string& where) {
         throw InputError(where, "", "mult_pe has no sim input format: use bitforge verify");
       },
       nullptr},
      {"ebsp_array", 40, verify_ebsp_array,
       [](const Generated& g, const nlohmann::json& in, const std::string& where) {
         read_problems(array_dims(g), in, where);
       },
       sim_ebsp_array},
  };
}

}  // namespace bf::verif::ebsp
