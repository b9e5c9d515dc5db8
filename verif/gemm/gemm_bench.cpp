#include "gemm/gemm_bench.hpp"

#include <algorithm>

#include "base/errors.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_blocks.hpp"
#include "gemm/int_array.hpp"
#include "harness/lanes.hpp"
#include "harness/stream.hpp"

namespace bf::verif::gemm {

namespace gg = bf::golden::gemm;

ArrayDrive int_array_drive(const gg::IntArrayShape& sh) {
  return {sh, sh, [](size_t, bool, size_t, int64_t v) { return v; }, {}, {}};
}

namespace {

// The ports of an array built on rtl_templates/gemm (int_array, ant_array), resolved once.
struct ArrayPorts {
  size_t a_valid_i, a_data_i, a_last_i, a_ready_o, b_valid_i, b_data_i, b_last_i, b_ready_o, c_valid_o, c_data_o,
      c_last_o, c_ready_i, err_o;
  explicit ArrayPorts(const Sim& s)
      : a_valid_i(s.port("a_valid_i")), a_data_i(s.port("a_data_i")), a_last_i(s.port("a_last_i")),
        a_ready_o(s.port("a_ready_o")), b_valid_i(s.port("b_valid_i")), b_data_i(s.port("b_data_i")),
        b_last_i(s.port("b_last_i")), b_ready_o(s.port("b_ready_o")), c_valid_o(s.port("c_valid_o")),
        c_data_o(s.port("c_data_o")), c_last_o(s.port("c_last_o")), c_ready_i(s.port("c_ready_i")),
        err_o(s.port("err_o")) {}
};

// Drives an output-stationary array one cycle at a time and compares every output every cycle with
// IntArrayCycleModel (fed the operand values `drive.value` gives for the lane contents).
class IntArrayDriver {
 public:
  IntArrayDriver(Sim& s, const ArrayDrive& drive) : s_(s), drive_(drive), sh_(drive.lanes), model_(drive.model), p_(s) {}

  struct Result {
    bool accepted = false;             // the operand beats were taken
    std::optional<std::vector<int64_t>> row;  // a C row the RTL handed over
    bool row_last = false;
  };

  Result cycle(const gg::IntArrayCycleModel::In& lanes, size_t job, const Context& context) {
    if (drive_.job_ports) drive_.job_ports(s_, job);
    gg::IntArrayCycleModel::In in = lanes;
    for (size_t i = 0; i < in.a_data.size(); ++i) in.a_data[i] = drive_.value(job, true, i, in.a_data[i]);
    for (size_t i = 0; i < in.b_data.size(); ++i) in.b_data[i] = drive_.value(job, false, i, in.b_data[i]);
    in.int8 = drive_.int8 && drive_.int8(job);
    s_.set_words(p_.a_valid_i, bools(in.a_valid));
    s_.set_words(p_.a_last_i, bools(in.a_last));
    s_.set_words(p_.a_data_i, pack_lanes(lanes.a_data, sh_.a_bits));
    s_.set_words(p_.b_valid_i, bools(in.b_valid));
    s_.set_words(p_.b_last_i, bools(in.b_last));
    s_.set_words(p_.b_data_i, pack_lanes(lanes.b_data, sh_.b_bits));
    s_.set(p_.c_ready_i, in.c_ready);
    s_.eval();
    const auto want = model_.outputs(in);
    const std::vector<int64_t> ready_a(static_cast<size_t>(sh_.rows), want.ready ? 1 : 0);
    const std::vector<int64_t> ready_b(static_cast<size_t>(sh_.cols), want.ready ? 1 : 0);
    const bool ok = s_.expect_lanes(p_.a_ready_o, ready_a, 1, false) &&
                    s_.expect_lanes(p_.b_ready_o, ready_b, 1, false) && s_.expect(p_.c_valid_o, want.c_valid) &&
                    s_.expect_lanes(p_.c_data_o, want.c_data, sh_.acc_bits, true) &&
                    s_.expect(p_.c_last_o, want.c_last) && s_.expect(p_.err_o, want.err);
    if (!ok) s_.report().mismatch->context = context();
    Result r;
    r.accepted = want.ready;
    if (s_.get(p_.c_valid_o) && in.c_ready) {
      r.row = unpack_lanes(s_.get_words(p_.c_data_o), sh_.acc_bits, static_cast<size_t>(sh_.cols), true);
      r.row_last = s_.get(p_.c_last_o) != 0;
    }
    model_.clock(in);
    s_.tick();
    return r;
  }

 private:
  static std::vector<uint32_t> bools(const std::vector<bool>& b) {
    std::vector<int64_t> v(b.begin(), b.end());
    return pack_lanes(v, 1);
  }
  Sim& s_;
  const ArrayDrive& drive_;
  gg::IntArrayShape sh_;
  gg::IntArrayCycleModel model_;
  ArrayPorts p_;
};

// The A row and B column streams of run_jobs: one source per stream, every stream on the same beat (the array
// takes one beat of each at a step) but each with its own valid gaps.
class OperandStreams {
 public:
  OperandStreams(Watchdog& dog, const gg::IntArrayShape& sh, const std::vector<gg::Job>& jobs) : sh_(sh), jobs_(jobs) {
    for (size_t j = 0; j < jobs.size(); ++j) {
      for (int k = 0; k < jobs[j].a.cols; ++k) beats_.emplace_back(j, k);
    }
    a_.assign(static_cast<size_t>(sh.rows), Source(dog, beats_.size()));
    b_.assign(static_cast<size_t>(sh.cols), Source(dog, beats_.size()));
  }

  size_t next() const { return a_[0].next(); }  // the beat every stream is on
  bool have() const { return next() < beats_.size(); }
  size_t job() const { return beats_[next()].first; }
  int k() const { return beats_[next()].second; }

  // Per job: every stream at full speed, all at one shared rate, or each at its own.
  void new_rates(std::mt19937_64& rng) {
    const unsigned mode = static_cast<unsigned>(rng() % 3);
    const Stalls shared = mode == 0 ? Stalls(1.0) : random_stalls(rng);
    for (auto& src : a_) src.set_stalls(mode == 2 ? random_stalls(rng) : shared);
    for (auto& src : b_) src.set_stalls(mode == 2 ? random_stalls(rng) : shared);
  }

  // This cycle's valids, lasts and data: beat next() on the streams that offer it, noise on the idle ones.
  gg::IntArrayCycleModel::In offer(std::mt19937_64* rng) {
    const size_t R = a_.size(), C = b_.size();
    gg::IntArrayCycleModel::In in;
    in.a_valid.assign(R, false);
    in.a_last.assign(R, false);
    in.a_data.assign(R, 0);
    in.b_valid.assign(C, false);
    in.b_last.assign(C, false);
    in.b_data.assign(C, 0);
    for (size_t r = 0; r < R; ++r) {
      if (a_[r].offer(rng)) {
        const auto& [j, k] = beats_[next()];
        in.a_valid[r] = true;
        in.a_last[r] = k == jobs_[j].a.cols - 1;
        in.a_data[r] = jobs_[j].a.at(static_cast<int>(r), k);
      } else if (rng) {
        in.a_data[r] = static_cast<int64_t>((*rng)() & ((uint64_t{1} << sh_.a_bits) - 1));  // noise on an idle stream
        in.a_last[r] = ((*rng)() & 1) != 0;
      }
    }
    for (size_t c = 0; c < C; ++c) {
      if (b_[c].offer(rng)) {
        const auto& [j, k] = beats_[next()];
        in.b_valid[c] = true;
        in.b_last[c] = k == jobs_[j].a.cols - 1;
        in.b_data[c] = jobs_[j].b.at(k, static_cast<int>(c));
      } else if (rng) {
        in.b_data[c] = static_cast<int64_t>((*rng)() & ((uint64_t{1} << sh_.b_bits) - 1));
        in.b_last[c] = ((*rng)() & 1) != 0;
      }
    }
    return in;
  }

  // The array took the beat of every stream (its ready is common, and high only when every stream is valid).
  void handshake(bool accepted) {
    for (auto& src : a_) src.handshake(accepted);
    for (auto& src : b_) src.handshake(accepted);
  }

 private:
  const gg::IntArrayShape& sh_;
  const std::vector<gg::Job>& jobs_;
  std::vector<std::pair<size_t, int>> beats_;  // beat b of every stream: job index and k
  std::vector<Source> a_, b_;
};

// C rows as the array hands them over, gathered into one tile per job.
class CTiles {
 public:
  CTiles(const gg::IntArrayShape& sh, const ArrayDrive& drive) : sh_(sh), drive_(drive), cur_(sh.rows, sh.cols) {}

  void add(const std::vector<int64_t>& row, std::vector<gg::Matrix>& tiles) {
    for (size_t c = 0; c < row.size(); ++c) cur_.at(cur_row_, static_cast<int>(c)) = row[c];
    // An ANT 8-bit job delivers R/2 rows; its tile keeps the R x C shape with the other rows 0.
    const bool int8 = drive_.int8 && drive_.int8(tiles.size());
    if (++cur_row_ == (int8 ? sh_.rows / 2 : sh_.rows)) {
      tiles.push_back(cur_);
      cur_ = gg::Matrix(sh_.rows, sh_.cols);
      cur_row_ = 0;
    }
  }

 private:
  const gg::IntArrayShape& sh_;
  const ArrayDrive& drive_;
  gg::Matrix cur_;
  int cur_row_ = 0;
};

}  // namespace

// Streams jobs back to back: each A row and B column stream offers its next beat (valid held until taken)
// with random gaps, C is taken with random back-pressure (no stalls without rng). Stall rates change per job.
JobsRun run_jobs(Sim& s, const ArrayDrive& drive, const std::vector<gg::Job>& jobs, std::mt19937_64* rng) {
  const gg::IntArrayShape& sh = drive.lanes;
  IntArrayDriver d(s, drive);
  // Still streams last at most a random gap, a C burst (64 cycles) and the skew of a job through the array.
  Watchdog dog(s, 1000 + 40 * static_cast<uint64_t>(sh.phases()) * static_cast<uint64_t>(sh.rows + sh.cols + 4));
  OperandStreams operands(dog, sh, jobs);
  Sink c_rows(dog);
  CTiles tiles(sh, drive);
  size_t job_of_stalls = SIZE_MAX;
  JobsRun run;
  bool started = false;
  while (!s.failed() && run.c.size() < jobs.size()) {
    if (dog.stuck("c_valid_o", "the remaining C rows", [&] {
          return std::to_string(run.c.size()) + " of " + std::to_string(jobs.size()) + " jobs' C delivered";
        })) {
      return run;
    }
    const bool have = operands.have();
    if (rng && have && operands.job() != job_of_stalls) {
      // Per job: the operand streams' rates; C at any rate, one job in four held back in long bursts.
      job_of_stalls = operands.job();
      operands.new_rates(*rng);
      const Stalls take = random_stalls(*rng);
      const bool bursts = (*rng)() % 4 == 0;
      c_rows.set_stalls(take, bursts);
    }
    gg::IntArrayCycleModel::In in = operands.offer(rng);
    in.c_ready = c_rows.ready(rng);
    if (!started && (std::count(in.a_valid.begin(), in.a_valid.end(), true) > 0 ||
                     std::count(in.b_valid.begin(), in.b_valid.end(), true) > 0)) {
      started = true;
      run.first_valid = s.cycle();
    }
    const Context ctx = [&] {
      return have ? "job " + std::to_string(operands.job()) + ", k = " + std::to_string(operands.k()) +
                        " (operand beat " + std::to_string(operands.next()) + ")"
                  : "draining C of job " + std::to_string(run.c.size());
    };
    const size_t job_now = have ? operands.job() : (jobs.empty() ? 0 : jobs.size() - 1);
    const auto res = d.cycle(in, job_now, ctx);
    if (s.failed()) return run;
    operands.handshake(res.accepted);
    if (c_rows.take(res.row.has_value())) {
      tiles.add(*res.row, run.c);
      run.last_c = s.cycle() - 1;
    }
  }
  run.finished = true;
  return run;
}

nlohmann::json array_sim_result(const nlohmann::json& in, const std::vector<nlohmann::json>& results,
                                const JobsRun& run, bool match, Sim& s) {
  nlohmann::json out;
  if (in.contains("jobs")) {
    out["jobs"] = nlohmann::json::array();
    for (const auto& c : results) out["jobs"].push_back({{"c", c}});
  } else if (!results.empty()) {
    out["c"] = results[0];
  }
  out["cycles"] = run.finished ? run.last_c - run.first_valid + 1 : 0;
  out["golden"] = match ? "match" : "mismatch";
  if (s.failed()) out["mismatch"] = s.report().failure_text(user_data_run());
  return out;
}

// A random operand: mostly uniform, often an extreme (min, max, 0, -1 / all ones).
int64_t operand(std::mt19937_64& rng, int bits, bool is_signed) {
  const int64_t lo = gg::min_value(bits, is_signed), hi = gg::max_value(bits, is_signed);
  switch (rng() % 8) {
    case 0: return lo;
    case 1: return hi;
    case 2: return 0;
    case 3: return is_signed ? -1 : hi;
    default: return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
}

int random_k(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0: return 1 + static_cast<int>(rng() % 2);
    case 1: return 3 + static_cast<int>(rng() % 14);
    case 2: return 17 + static_cast<int>(rng() % 48);
    default: return 1 + static_cast<int>(rng() % 256);
  }
}

namespace {

void verify_int_array(const gg::IntArrayShape& sh, Sim& s, std::mt19937_64& rng, int count) {
  std::vector<gg::Job> jobs;
  int k_min = 1 << 30, k_max = 0;
  for (int j = 0; j < count; ++j) {
    // Job 0 has K = 1; every third job is short (K <= C + 2) so that jobs crowd the C side.
    const int k = j == 0 ? 1 : j % 3 == 2 ? 1 + static_cast<int>(rng() % static_cast<uint64_t>(sh.cols + 2)) : random_k(rng);
    k_min = std::min(k_min, k);
    k_max = std::max(k_max, k);
    gg::Job job{gg::Matrix(sh.rows, k), gg::Matrix(k, sh.cols)};
    const bool extremes_only = j == 1;  // one job of pure extremes: min x min sums are the worst case
    for (auto& v : job.a.v) v = extremes_only ? gg::min_value(sh.a_bits, sh.a_signed) : operand(rng, sh.a_bits, sh.a_signed);
    for (auto& v : job.b.v) v = extremes_only ? gg::min_value(sh.b_bits, sh.b_signed) : operand(rng, sh.b_bits, sh.b_signed);
    if (extremes_only && !sh.a_signed) for (auto& v : job.a.v) v = gg::max_value(sh.a_bits, false);
    if (extremes_only && !sh.b_signed) for (auto& v : job.b.v) v = gg::max_value(sh.b_bits, false);
    jobs.push_back(std::move(job));
  }
  const JobsRun run = run_jobs(s, int_array_drive(sh), jobs, &rng);
  if (s.failed()) return;
  for (size_t j = 0; j < jobs.size(); ++j) {
    const gg::Matrix want = gg::gemm(jobs[j].a, jobs[j].b, sh.acc_bits);
    if (run.c[j] == want) continue;
    size_t i = 0;
    while (run.c[j].v[i] == want.v[i]) ++i;
    s.fail(Mismatch{s.cycle(), "C of job " + std::to_string(j), std::to_string(want.v[i]),
                    std::to_string(run.c[j].v[i]),
                    "element (" + std::to_string(i / static_cast<size_t>(sh.cols)) + ", " +
                        std::to_string(i % static_cast<size_t>(sh.cols)) + ")"});
    return;
  }
  s.report().items = jobs.size();
  uint64_t macs = 0;
  for (const auto& job : jobs) macs += job.macs();
  count_macs(s, macs);
  s.report().summary = std::to_string(count) + " back-to-back jobs, K in [" + std::to_string(k_min) + ", " +
                       std::to_string(k_max) + "], operands with extremes, random valid gaps per stream and " +
                       "random c_ready; C checked against the exact GEMM";
}

// ---------------------------------------------------------------------------------------------- sim


std::vector<data::GemmProblem> read_problems(const gg::IntArrayShape& sh, const nlohmann::json& in,
                                             const std::string& where) {
  return data::read_gemm_problems(in, {gg::min_value(sh.a_bits, sh.a_signed), gg::max_value(sh.a_bits, sh.a_signed)},
                                  {gg::min_value(sh.b_bits, sh.b_signed), gg::max_value(sh.b_bits, sh.b_signed)}, where);
}


nlohmann::json sim_int_array(const gg::IntArrayShape& sh, Sim& s, const nlohmann::json& in) {
  const std::vector<data::GemmProblem> problems = read_problems(sh, in, "input");
  std::vector<gg::Tiling> tilings;
  std::vector<gg::Job> jobs;
  uint64_t macs = 0, scalesim = 0;
  for (const auto& p : problems) {
    tilings.push_back(gg::tile(p.a, p.b, sh.rows, sh.cols));
    for (const auto& j : tilings.back().jobs) {
      jobs.push_back(j);
      scalesim += static_cast<uint64_t>(sh.rows + sh.cols + j.a.cols - 2);
    }
    macs += static_cast<uint64_t>(p.a.rows) * static_cast<uint64_t>(p.b.cols) * static_cast<uint64_t>(p.a.cols);
  }
  const JobsRun run = run_jobs(s, int_array_drive(sh), jobs, nullptr);
  nlohmann::json results = nlohmann::json::array();
  bool match = run.finished && !s.failed();
  size_t next = 0;
  for (size_t i = 0; i < problems.size() && match; ++i) {
    const size_t n = tilings[i].jobs.size();
    const std::vector<gg::Matrix> tiles(run.c.begin() + static_cast<long>(next), run.c.begin() + static_cast<long>(next + n));
    next += n;
    const gg::Matrix c = gg::untile(tilings[i], tiles);
    match = match && c == gg::gemm(problems[i].a, problems[i].b, sh.acc_bits);
    results.push_back(data::matrix_json(c));
  }
  nlohmann::json out = array_sim_result(in, results, run, match, s);
  count_macs(s, macs);
  const uint64_t cycles = out["cycles"];
  const double peak = static_cast<double>(sh.rows) * sh.cols / sh.phases();  // MACs per cycle at best
  out["stats"] = {{"array_jobs", jobs.size()},
                  {"macs", macs},
                  {"cycles_per_mac", sh.phases()},
                  {"utilization", cycles ? static_cast<double>(macs) / (peak * static_cast<double>(cycles)) : 0.0},
                  {"scalesim_os_cycles", scalesim * static_cast<uint64_t>(sh.phases())}};
  return out;
}

}  // namespace

std::vector<Bench> benches() {
  return {
      typed_bench(bf::gemm::int_array_block(),
                  TypedBench<gg::IntArrayShape>{
                      .default_count = 12,
                      .verify = verify_int_array,
                      .check_input = [](const gg::IntArrayShape& sh, const nlohmann::json& in,
                                        const std::string& where) { read_problems(sh, in, where); },
                      .sim = sim_int_array}),
      int_mac_bench(),
  };
}

}  // namespace bf::verif::gemm
