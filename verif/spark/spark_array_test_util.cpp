#include "spark/spark_array_test_util.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <utility>

#include "spark/spark.hpp"

namespace bf::golden::spark::spark_array_test {
namespace {

struct Beat {
  Unit unit = 0;
  bool last = false;
};

// One input stream: beats offered in order with random gaps; a beat once offered is held until accepted.
// While nothing is offered the lane shows a random (in-range) junk unit and last.
class Source {
 public:
  Source(std::vector<Beat> beats, double p, int unit_width) : beats_(std::move(beats)), p_(p), width_(unit_width) {}
  void prepare(std::mt19937_64& rng) {
    if (!offer_ && pos_ < beats_.size()) offer_ = p_ >= 1.0 || std::uniform_real_distribution<double>(0, 1)(rng) < p_;
    junk_ = {static_cast<Unit>(rng() % (uint64_t{1} << width_)), rng() % 2 == 0};
  }
  bool valid() const { return offer_; }
  Beat beat() const { return offer_ ? beats_[pos_] : junk_; }
  void after(bool ready) {
    if (offer_ && ready) {
      ++pos_;
      offer_ = false;
    }
  }
  bool done() const { return pos_ == beats_.size(); }

 private:
  std::vector<Beat> beats_;
  double p_;
  int width_;
  size_t pos_ = 0;
  bool offer_ = false;
  Beat junk_;
};

// A row r's unit stream over all jobs: `last` on the final unit of each job's row.
std::vector<Beat> a_stream(const Format& f, const std::vector<IntJob>& jobs, int r) {
  std::vector<Beat> s;
  for (const IntJob& j : jobs) {
    for (int k = 0; k < j.a.cols; ++k) {
      const std::vector<Unit> u = encode(f, j.a.at(r, k)).units();
      for (size_t i = 0; i < u.size(); ++i) s.push_back({u[i], k == j.a.cols - 1 && i + 1 == u.size()});
    }
  }
  return s;
}

// A column's unit stream; `last` on the job's
// final unit.
std::vector<Beat> b_stream(const Format& f, const std::vector<IntJob>& jobs, int c) {
  std::vector<Beat> s;
  for (const IntJob& j : jobs) {
    for (int k = 0; k < j.b.rows; ++k) {
      const std::vector<Unit> u = encode(f, j.b.at(k, c)).units();
      for (size_t i = 0; i < u.size(); ++i)
        s.push_back({u[i], k == j.b.rows - 1 && i + 1 == u.size()});
    }
  }
  return s;
}

}  // namespace

int64_t pow2(int n) { return int64_t{1} << n; }

Matrix expected_c(const ArrayShape& s, const IntJob& j) {
  Matrix a = j.a, b = j.b;
  for (auto& v : a.v) v = spark_value(s.a_format(), v);
  for (auto& v : b.v) v = spark_value(s.b_format(), v);
  return gemm::gemm(a, b, s.acc_bits);
}

RunResult run_array(const ArrayShape& s, const std::vector<IntJob>& jobs, const RunOptions& opt) {
  std::mt19937_64 rng(opt.seed);
  std::vector<Source> as, bs;
  for (int r = 0; r < s.rows; ++r) as.emplace_back(a_stream(s.a_format(), jobs, r), opt.p_a, s.a_format().unit_width());
  for (int c = 0; c < s.cols; ++c)
    bs.emplace_back(b_stream(s.b_format(), jobs, c), opt.p_b, s.b_format().unit_width());
  ArrayCycleModel m(s);
  RunResult res;
  res.a_done_cycle.assign(static_cast<size_t>(s.rows), 0);
  Matrix cur(s.rows, s.cols);
  int row = 0;
  bool held = false;
  ArrayCycleModel::Out last_out;
  for (uint64_t cycle = 0; res.c.size() < jobs.size() && cycle < opt.limit; ++cycle) {
    ArrayCycleModel::In in;
    for (auto& x : as) {
      x.prepare(rng);
      in.a_valid.push_back(x.valid());
      in.a_unit.push_back(x.beat().unit);
      in.a_last.push_back(x.beat().last);
    }
    for (auto& x : bs) {
      x.prepare(rng);
      in.b_valid.push_back(x.valid());
      in.b_unit.push_back(x.beat().unit);
      in.b_last.push_back(x.beat().last);
    }
    in.c_ready = opt.c_ready(cycle, rng);
    const ArrayCycleModel::Out o = m.outputs(in);
    if (opt.probe) opt.probe(cycle, in, o);
    EXPECT_EQ(o.a_ready.size(), static_cast<size_t>(s.rows));
    EXPECT_EQ(o.b_ready.size(), static_cast<size_t>(s.cols));
    EXPECT_EQ(o.c_data.size(), static_cast<size_t>(s.cols));
    if (held) {  // a valid C row not taken last cycle stays, unchanged
      EXPECT_TRUE(o.c_valid) << "C withdrawn at cycle " << cycle;
      EXPECT_EQ(o.c_data, last_out.c_data) << "C changed while waiting, cycle " << cycle;
      EXPECT_EQ(o.c_last, last_out.c_last);
    }
    EXPECT_EQ(o.c_last, row == s.rows - 1) << "cycle " << cycle;
    EXPECT_FALSE(o.err) << "A and B agree on every job's K, cycle " << cycle;
    if (!o.c_valid) {  // the model (not the RTL) shows 0 while c_valid is low
      EXPECT_EQ(o.c_data, std::vector<int64_t>(static_cast<size_t>(s.cols), 0)) << "cycle " << cycle;
    }
    held = o.c_valid && !in.c_ready;
    last_out = o;
    if (o.c_valid && res.first_c_valid < 0) res.first_c_valid = static_cast<int64_t>(cycle);
    if (o.c_valid && in.c_ready) {
      for (int c = 0; c < s.cols; ++c) cur.at(row, c) = o.c_data[static_cast<size_t>(c)];
      res.row_cycles.push_back(cycle);
      if (++row == s.rows) {
        row = 0;
        res.c.push_back(cur);
        res.cycles = cycle + 1;
      }
    }
    for (size_t r = 0; r < as.size(); ++r) {
      as[r].after(o.a_ready[r]);
      if (in.a_valid[r] && o.a_ready[r] && as[r].done()) res.a_done_cycle[r] = cycle;
    }
    for (size_t c = 0; c < bs.size(); ++c) bs[c].after(o.b_ready[c]);
    m.clock(in);
  }
  res.finished = res.c.size() == jobs.size();
  for (int r = 0; r < s.rows; ++r)
    for (int c = 0; c < s.cols; ++c) res.busy.push_back(m.busy_cycles(r, c));
  return res;
}

IntJob constant_job(int rows, int cols, int k, int64_t a, int64_t b) {
  IntJob j{Matrix(rows, k), Matrix(k, cols)};
  for (auto& v : j.a.v) v = a;
  for (auto& v : j.b.v) v = b;
  return j;
}

}  // namespace bf::golden::spark::spark_array_test
