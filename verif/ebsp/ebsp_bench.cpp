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
#include "harness/stream.hpp"

namespace bf::verif::ebsp {

namespace ge = bf::golden::ebsp;
namespace gg = bf::golden::gemm;

namespace {

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

// The ports of ebsp_pe and mult_pe (the same on both).
struct PePorts {
  size_t in_valid_i, act_i, wgt_i, clear_i, out_valid_o, acc_o;
  explicit PePorts(const Sim& s)
      : in_valid_i(s.port("in_valid_i")), act_i(s.port("act_i")), wgt_i(s.port("wgt_i")), clear_i(s.port("clear_i")),
        out_valid_o(s.port("out_valid_o")), acc_o(s.port("acc_o")) {}
};

// The port bits of a PE's operands: integers (a weight's negative zero sometimes), or with presplit their
// pre-split fields (a zero's other fields sometimes random: the PE must ignore them).
struct OperandCodec {
  ge::Pattern act, wgt;
  bool presplit = false;

  static uint64_t fields(const ge::Pattern& p, int64_t v, std::mt19937_64& rng) {
    uint64_t f = ge::split_fields(p, v);
    if (v == 0 && rng() % 2) {
      const ge::SplitLayout l = ge::split_layout(p);
      const uint64_t zero_bit = uint64_t{1} << (l.e_bits + l.m_bits);
      f |= rng() & ((uint64_t{1} << l.bits) - 1) & ~zero_bit;
    }
    return f;
  }
  uint64_t act_bits(int64_t a, std::mt19937_64& rng) const {
    return presplit ? fields(act, a, rng) : static_cast<uint64_t>(a);
  }
  uint64_t wgt_bits(int64_t w, std::mt19937_64& rng) const {
    if (presplit) return fields(wgt, w, rng);
    uint64_t b = ge::wgt_bits_of(wgt, w);
    if (w == 0 && rng() % 2) b |= uint64_t{1} << (wgt.bits - 1);  // a negative zero
    return b;
  }
};

// The PE's streams stay still no longer than a random gap at the lowest valid rate (a few pipeline stages).
constexpr uint64_t kPeIdleCycles = 1000;

// Every operand pair of the two patterns (a shuffled list), or `random_pairs` random ones.
std::vector<std::pair<int64_t, int64_t>> pe_pairs(const ge::Pattern& act, const ge::Pattern& wgt, std::mt19937_64& rng,
                                                  size_t random_pairs) {
  std::vector<std::pair<int64_t, int64_t>> pairs;
  if (act.bits + wgt.bits <= 16) {
    for (int64_t a = ge::min_value(act); a <= ge::max_value(act); ++a) {
      for (uint64_t wb = 0; wb < (uint64_t{1} << wgt.bits); ++wb) pairs.emplace_back(a, ge::wgt_value_of_bits(wgt, wb));
    }
    std::shuffle(pairs.begin(), pairs.end(), rng);
  } else {
    for (size_t i = 0; i < random_pairs; ++i) pairs.emplace_back(random_operand(act, rng), random_operand(wgt, rng));
  }
  return pairs;
}

// Drives a PE (ebsp_pe or mult_pe: same ports) through every operand pair (or `random_pairs` random ones) in a
// random order, with random valid gaps and clears (a valid-only input: every offered pair is taken, and
// out_valid_o has no ready); compares every port every cycle with `Model`, and each reported sum with an exact
// running sum of `product` kept here.
template <class Model, class Product>
void drive_pe(Sim& s, Model model, bool patterned, const OperandCodec& codec, int acc_bits, Product product,
              std::mt19937_64& rng, size_t random_pairs) {
  const ge::Pattern& act = codec.act;
  const ge::Pattern& wgt = codec.wgt;
  const bool exhaustive = act.bits + wgt.bits <= 16;
  const std::vector<std::pair<int64_t, int64_t>> pairs = pe_pairs(act, wgt, rng, random_pairs);
  const PePorts ports(s);
  std::deque<int64_t> expected;  // the sum each issued input must report, oldest first
  int64_t running = 0;
  Watchdog dog(s, kPeIdleCycles);
  Source inputs(dog, pairs.size());
  Sink results(dog);
  while (results.taken() < pairs.size() && !s.failed()) {
    if (dog.stuck("out_valid_o", "more results", [&] {
          return std::to_string(results.taken()) + " of " + std::to_string(pairs.size()) + " results reported";
        })) {
      return;
    }
    const size_t next = inputs.next();
    if (next % 4096 == 0) inputs.set_stalls(random_stalls(rng));
    typename Model::In in;
    in.valid = inputs.offer(&rng);
    in.clear = rng() % 8 == 0;
    if (in.valid) {
      in.act = pairs[next].first;
      in.wgt = pairs[next].second;
    } else {  // noise on the operand ports
      in.act = random_operand(act, rng);
      in.wgt = random_operand(wgt, rng);
    }
    s.set(ports.in_valid_i, in.valid);
    s.set(ports.act_i, codec.act_bits(in.act, rng));
    s.set(ports.wgt_i, codec.wgt_bits(in.wgt, rng));
    s.set(ports.clear_i, in.clear);
    s.eval();
    const auto want = model.outputs();
    if (!(s.expect(ports.out_valid_o, want.out_valid) && s.expect_signed(ports.acc_o, want.acc))) {
      s.report().mismatch->context = "input " + std::to_string(next) + " of " + std::to_string(pairs.size());
      return;
    }
    if (want.out_valid && (expected.empty() || want.acc != expected.front())) {
      s.fail(Mismatch{.cycle = s.cycle(),
                      .port = "acc_o",
                      .expected = expected.empty() ? "no result" : std::to_string(expected.front()),
                      .actual = std::to_string(want.acc),
                      .context = "the exact running sum of result " + std::to_string(results.taken())});
      return;
    }
    if (results.take(want.out_valid)) expected.pop_front();
    if (inputs.handshake(in.valid)) {
      running = gg::wrap((in.clear ? 0 : running) + product(in.act, in.wgt), acc_bits);
      expected.push_back(running);
    }
    model.clock(in);
    s.tick();
  }
  s.report().items = pairs.size();
  count_macs(s, pairs.size(), "one activation and one weight");
  s.report().summary = std::to_string(pairs.size()) +
                       (exhaustive ? std::string(" operand pairs (every pair") +
                                         (patterned ? ", conforming to the patterns or not" : "") +
                                         (codec.presplit ? ", pre-split, zeros with random other fields)"
                                                         : ", negative zeros)")
                                   : std::string(" random operand pairs (extremes, conforming, small, uniform)")) +
                       ", random valid gaps and clears; every sum checked against the exact running sum";
}

void verify_ebsp_pe(const bf::ebsp::PeParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const ge::PeShape sh = p.shape();
  const ge::Pattern act = sh.act, wgt = sh.wgt;
  drive_pe(s, ge::EbspPeCycleModel(sh), true, OperandCodec{act, wgt, p.presplit}, p.acc_bits,
           [&](int64_t a, int64_t w) { return ge::pattern_value(act, a) * ge::pattern_value(wgt, w); }, rng,
           static_cast<size_t>(count) * 1000);
}

void verify_mult_pe(const bf::ebsp::MultPeParams& p, Sim& s, std::mt19937_64& rng, int count) {
  // The full-length pattern: every value conforms, so the domain helpers apply unchanged.
  const ge::Pattern act = act_pattern(p.act_bits, p.act_bits), wgt = wgt_pattern(p.wgt_bits, p.wgt_bits - 1);
  drive_pe(s, ge::MultPeCycleModel(p.act_bits, p.wgt_bits, p.acc_bits), false, OperandCodec{act, wgt, false},
           p.acc_bits, [](int64_t a, int64_t w) { return a * w; }, rng, static_cast<size_t>(count) * 1000);
}

// ------------------------------------------------------------------------------------------------ split

// ebsp_split: every value_i (a signed pattern's negative zero included) in a random order, fields_o against
// split_fields.
void verify_split(const bf::ebsp::SplitParams& p, Sim& s, std::mt19937_64& rng, int) {
  const ge::Pattern pat = p.pattern_of();
  std::vector<uint64_t> values(size_t{1} << p.bits);
  for (size_t i = 0; i < values.size(); ++i) values[i] = i;
  std::shuffle(values.begin(), values.end(), rng);
  const size_t value_i = s.port("value_i"), fields_o = s.port("fields_o");
  for (const uint64_t v : values) {
    s.set(value_i, v);
    s.eval();
    if (!s.expect(fields_o, ge::split_fields_of_bits(pat, v))) {
      s.report().mismatch->context = "value_i " + std::to_string(v);
      return;
    }
    s.tick();
  }
  s.report().items = values.size();
  s.report().summary = "every value_i (" + std::to_string(values.size()) +
                       (p.is_signed ? ", negative zero included" : "") + "), fields_o against golden split_fields";
}

// ------------------------------------------------------------------------------------------------ array

// A job: its beats; beat b has L activations and R x L weights (row-major r * L + l).
struct Beat {
  std::vector<int64_t> act, wgt;
};
using ArrayJob = std::vector<Beat>;

// The exact result of a job: per row, the sum of pattern_value(act) x pattern_value(wgt), wrapped.
std::vector<int64_t> job_result(const ge::ArrayShape& d, const ArrayJob& job) {
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

// The ports of ebsp_array.
struct ArrayPorts {
  size_t in_valid_i, act_i, wgt_i, in_last_i, in_ready_o, out_valid_o, out_data_o, out_ready_i;
  explicit ArrayPorts(const Sim& s)
      : in_valid_i(s.port("in_valid_i")), act_i(s.port("act_i")), wgt_i(s.port("wgt_i")),
        in_last_i(s.port("in_last_i")), in_ready_o(s.port("in_ready_o")), out_valid_o(s.port("out_valid_o")),
        out_data_o(s.port("out_data_o")), out_ready_i(s.port("out_ready_i")) {}
};

// The array's streams stay still no longer than a random gap at the lowest rates plus the pipeline's depth.
constexpr uint64_t kArrayIdleCycles = 1000;

// Drives one cycle's inputs, evaluates and compares every output with the model; false on a mismatch.
// With presplit the operands go in as their pre-split fields (split_fields).
bool drive_and_check(Sim& s, const ArrayPorts& ports, const ge::ArrayShape& d, bool presplit,
                     const ge::EbspArrayCycleModel::In& in, const ge::EbspArrayCycleModel::Out& want) {
  const size_t RL = size_t(d.rows) * size_t(d.lanes);
  std::vector<int64_t> abits(in.act.size()), wbits(RL);
  for (size_t l = 0; l < abits.size(); ++l)
    abits[l] = presplit ? static_cast<int64_t>(ge::split_fields(d.act, in.act[l])) : in.act[l];
  for (size_t i = 0; i < RL; ++i)
    wbits[i] = static_cast<int64_t>(presplit ? ge::split_fields(d.wgt, in.wgt[i]) : ge::wgt_bits_of(d.wgt, in.wgt[i]));
  s.set(ports.in_valid_i, in.in_valid);
  s.set_words(ports.act_i, pack_lanes(abits, presplit ? ge::split_layout(d.act).bits : d.act.bits));
  s.set_words(ports.wgt_i, pack_lanes(wbits, presplit ? ge::split_layout(d.wgt).bits : d.wgt.bits));
  s.set(ports.in_last_i, in.in_last);
  s.set(ports.out_ready_i, in.out_ready);
  s.eval();
  return s.expect(ports.in_ready_o, want.in_ready) && s.expect(ports.out_valid_o, want.out_valid) &&
         s.expect_lanes(ports.out_data_o, want.out_data, d.acc_bits, true);
}

// Streams the jobs' beats (valid held until taken), comparing every port every cycle with EbspArrayCycleModel.
// Without rng: every beat offered at once, results always taken.
ArrayRun run_array(Sim& s, ge::EbspArrayCycleModel& model, const ge::ArrayShape& d, bool presplit,
                   const std::vector<ArrayJob>& jobs, std::mt19937_64* rng) {
  const ArrayPorts ports(s);
  std::vector<std::pair<size_t, size_t>> beats;  // (job, beat)
  for (size_t j = 0; j < jobs.size(); ++j) {
    for (size_t b = 0; b < jobs[j].size(); ++b) beats.emplace_back(j, b);
  }
  ArrayRun run;
  Watchdog dog(s, kArrayIdleCycles);
  Source in_stream(dog, beats.size());
  Sink out_stream(dog);
  size_t job_of_stalls = SIZE_MAX;
  bool started = false;
  while (run.results.size() < jobs.size() && !s.failed()) {
    if (dog.stuck("out_valid_o", "the remaining results", [&] {
          return std::to_string(run.results.size()) + " of " + std::to_string(jobs.size()) + " jobs delivered";
        })) {
      return run;
    }
    const size_t next = in_stream.next();
    if (rng && next < beats.size() && beats[next].first != job_of_stalls) {
      job_of_stalls = beats[next].first;
      in_stream.set_stalls((*rng)() % 3 == 0 ? Stalls(1.0) : random_stalls(*rng));
      out_stream.set_stalls(random_stalls(*rng));
    }
    ge::EbspArrayCycleModel::In in;
    in.in_valid = in_stream.offer(rng);
    if (in.in_valid) {
      const auto& [j, b] = beats[next];
      in.act = jobs[j][b].act;
      in.wgt = jobs[j][b].wgt;
      in.in_last = b + 1 == jobs[j].size();
    } else {
      in.act.resize(size_t(d.lanes));
      in.wgt.resize(size_t(d.rows) * size_t(d.lanes));
      if (rng) {  // noise on the idle input
        for (auto& v : in.act) v = random_operand(d.act, *rng);
        for (auto& v : in.wgt) v = random_operand(d.wgt, *rng);
        in.in_last = ((*rng)() & 1) != 0;
      }
    }
    in.out_ready = out_stream.ready(rng);
    if (!started && in.in_valid) {
      started = true;
      run.first_valid = s.cycle();
    }
    const auto want = model.outputs(in);
    if (!drive_and_check(s, ports, d, presplit, in, want)) {
      s.report().mismatch->context = next < beats.size() ? "job " + std::to_string(beats[next].first) + ", beat " +
                                                               std::to_string(beats[next].second)
                                                         : "draining, " + std::to_string(run.results.size()) +
                                                               " results delivered";
      return run;
    }
    in_stream.handshake(want.in_ready);
    if (out_stream.take(want.out_valid)) {
      run.results.push_back(unpack_lanes(s.get_words(ports.out_data_o), d.acc_bits, size_t(d.rows), true));
      run.last_out = s.cycle();
    }
    model.clock(in);
    s.tick();
  }
  run.finished = !s.failed();
  return run;
}

ArrayJob random_array_job(const ge::ArrayShape& d, std::mt19937_64& rng) {
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

void verify_ebsp_array(const bf::ebsp::ArrayParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const ge::ArrayShape d = p.shape();
  ge::EbspArrayCycleModel model(d);
  std::vector<ArrayJob> jobs;
  for (int i = 0; i < count; ++i) jobs.push_back(random_array_job(d, rng));
  const ArrayRun run = run_array(s, model, d, p.presplit, jobs, &rng);
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
  count_macs(s, nbeats * static_cast<size_t>(d.rows * d.lanes), "one activation and one weight");
  s.report().summary = std::to_string(jobs.size()) + " jobs (" + std::to_string(nbeats) +
                       " beats: extremes, conforming, small and uniform operands" + (p.presplit ? ", pre-split" : "") +
                       "), random valid gaps and "
                       "out_ready stalls; every result checked against the exact dot products";
}

// ------------------------------------------------------------------------------------------------ sim

using Problem = data::GemmProblem;

std::vector<Problem> read_problems(const ge::ArrayShape& d, const nlohmann::json& in, const std::string& where) {
  return data::read_gemm_problems(in, {ge::min_value(d.act), ge::max_value(d.act)},
                                  {ge::min_value(d.wgt), ge::max_value(d.wgt)}, where);
}

// C = A . B on the array: for each block of R columns of B and each row of A, one job of ceil(K / L) beats.
std::vector<ArrayJob> gemm_jobs(const ge::ArrayShape& d, const Problem& p) {
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

nlohmann::json sim_ebsp_array(const bf::ebsp::ArrayParams& params, Sim& s, const nlohmann::json& in) {
  const ge::ArrayShape d = params.shape();
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
  ge::EbspArrayCycleModel model(d);
  const ArrayRun run = run_array(s, model, d, params.presplit, jobs, nullptr);
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
    match = match && c == ge::ebsp_gemm(d, p.a, p.b);
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
  count_macs(s, macs, "one activation and one weight");
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
  using bf::ebsp::ArrayParams, bf::ebsp::MultPeParams, bf::ebsp::PeParams, bf::ebsp::SplitParams;
  return {
      typed_bench(bf::ebsp::ebsp_pe_block(),
                  TypedBench<PeParams>{
                      .default_count = 8,
                      .verify = verify_ebsp_pe,
                      .check_input = [](const PeParams&, const nlohmann::json&, const std::string& where) {
                        throw InputError(where, "",
                                         "ebsp_pe has no sim input format: use bitforge verify, or sim an ebsp_array");
                      }}),
      typed_bench(bf::ebsp::mult_pe_block(),
                  TypedBench<MultPeParams>{
                      .default_count = 8,
                      .verify = verify_mult_pe,
                      .check_input = [](const MultPeParams&, const nlohmann::json&, const std::string& where) {
                        throw InputError(where, "", "mult_pe has no sim input format: use bitforge verify");
                      }}),
      typed_bench(bf::ebsp::ebsp_split_block(),
                  TypedBench<SplitParams>{
                      .default_count = 1,
                      .verify = verify_split,
                      .check_input = [](const SplitParams&, const nlohmann::json&, const std::string& where) {
                        throw InputError(where, "", "ebsp_split has no sim input format: use bitforge verify");
                      }}),
      typed_bench(bf::ebsp::ebsp_array_block(),
                  TypedBench<ArrayParams>{
                      .default_count = 40,
                      .verify = verify_ebsp_array,
                      .check_input = [](const ArrayParams& p, const nlohmann::json& in,
                                        const std::string& where) { read_problems(p.shape(), in, where); },
                      .sim = sim_ebsp_array}),
  };
}

}  // namespace bf::verif::ebsp
