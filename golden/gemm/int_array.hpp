// int_array: the output-stationary integer systolic array (the baseline every accelerator is compared with).
//
// Arithmetic: each PE multiplies digit by digit. An operand of `bits` bits is cut into n digits of d bits
// (d = bits when bits <= pe_bits, else pe_bits; n = ceil(bits / d)); the top digit is signed for a signed
// operand, the others unsigned. A MAC takes na x nb phases (one digit product each, shifted into place);
// with pe_bits >= both widths that is one cycle per MAC. The sum of the digit products is the exact
// product, accumulated modulo 2^acc_bits.
//
// Timing (mirrored by IntArrayCycleModel, the RTL in rtl_templates/gemm/int_array.sv):
//   * a global phase counter (ia, ib) runs while the array is enabled; a "step" is its last phase.
//   * at a step, if every A row and every B column stream is valid, one beat of each is accepted (ready is
//     the same for every stream); otherwise a bubble enters. The beat is a job's last when every A row and
//     every B column carries last. Row r's token passes r skew registers, column c's
//     c, so A[r][k] and B[k][c] meet in PE (r, c).
//   * a PE whose token is the job's last hands its sum to its result register at the step and clears its
//     accumulator. A job's last beat is accepted only C + 1 or more steps after the previous job's, so a
//     row's results are all written (and, with C taken at full speed, read) before the next job reaches the
//     row's first PE, and only while at most one earlier job still has C rows to deliver; the array stalls
//     (no step, nothing accepted) while that first PE holds the next job's last token and the row is still
//     unread. The rows it then waits for belong to the one job still draining and are complete: no deadlock.
//   * C leaves row by row from the result registers: row r is valid once its last PE (r, C-1) has handed over.
//   * result_buffer false (int_array; ant_array without int8_mode): no result registers; C is read from the
//     accumulators, which hold a job's sums until the PE's next valid phase (the next job's first) starts a new
//     one. A job's first beat (the first after a last) is accepted only C + 1 or more steps after the previous job's last beat and while no
//     job before the previous one still has C rows to deliver (the rules on last beats above do not apply), so a
//     row's PEs have all finished the previous job when the next one reaches its first PE; the array stalls (on
//     any phase) while that first PE holds the next job's first token and the row is still unread. The rows it
//     waits for are the previous job's, complete and next in line: no deadlock. (Without the jobs rule a stall
//     could freeze an older job's unfinished rows that C must deliver first: a 9 x 4 array deadlocked so.)
//     With C taken at full speed it never stalls; back to back, jobs start every K + C steps (every max(K, C + 1)
//     with result registers).
//   * ANT 8-bit mode (In::int8, per job): the job's C leaves as R/2 rows of C/2 values, value (i, j) the sum of
//     the 2 x 2 PE group (2i..2i+1, 2j..2j+1), once both physical rows are complete; other lanes are 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "gemm/gemm.hpp"

namespace bf::golden::gemm {

struct IntArrayShape {
  int rows = 8, cols = 8;
  int a_bits = 8, b_bits = 8;
  bool a_signed = true, b_signed = true;
  int acc_bits = 32;
  int pe_bits = 0;  // 0: as wide as the widest operand
  int k_max = 0;    // the block's k_max parameter: 0, or the largest K acc_bits was derived for (exact_acc_bits)
  bool result_buffer = true;  // false: no result register; C is read from the accumulators (see Timing)
  bool booth = false;  // RTL only: the PE's multiplier by radix-4 Booth recoding (one-phase integer PEs)

  int pe() const { return pe_bits == 0 ? (a_bits > b_bits ? a_bits : b_bits) : pe_bits; }
  int da() const { return a_bits <= pe() ? a_bits : pe(); }  // A digit width
  int db() const { return b_bits <= pe() ? b_bits : pe(); }
  int na() const { return (a_bits + da() - 1) / da(); }      // A digits
  int nb() const { return (b_bits + db() - 1) / db(); }
  int phases() const { return na() * nb(); }                 // cycles per MAC
};

// The digit product of phase (ia, ib), shifted into place: summed over all phases it is a x b.
int64_t digit_product(const IntArrayShape& s, int64_t a, int64_t b, int ia, int ib);

class IntArrayCycleModel {
 public:
  struct In {
    std::vector<bool> a_valid, a_last;
    std::vector<int64_t> a_data;  // values in the A operand range
    std::vector<bool> b_valid, b_last;
    std::vector<int64_t> b_data;
    bool c_ready = false;
    bool int8 = false;  // ANT 8-bit mode for this beat's job (mode_i); needs even rows and cols
  };
  struct Out {
    bool ready = false;  // a_ready_o and b_ready_o, every lane
    bool c_valid = false;
    std::vector<int64_t> c_data;  // acc_bits-bit two's complement values, column order
    bool c_last = false;
    bool err = false;  // err_o: a beat was taken with last on some streams but not all (their K differ); sticky
  };

  explicit IntArrayCycleModel(const IntArrayShape& s);
  Out outputs(const In& in) const;
  void clock(const In& in);

 private:
  struct Token {
    bool valid = false, last = false;
    int64_t data = 0;
  };
  struct Pe {
    int64_t a = 0, b = 0;
    bool v = false, l = false;
    int64_t acc = 0, res = 0;
    bool first = true;  // the next valid phase starts a new sum (the RTL's first_q)
  };
  bool step() const { return ia_ == s_.na() - 1 && ib_ == s_.nb() - 1; }
  bool stalled() const;
  bool fire(const In& in) const;
  static bool job_last(const In& in);  // every A row and B column carries last
  static bool any_last(const In& in);  // some A row or B column carries last
  Pe& pe(int r, int c) { return pes_[static_cast<size_t>(r * s_.cols + c)]; }
  const Pe& pe(int r, int c) const { return pes_[static_cast<size_t>(r * s_.cols + c)]; }

  IntArrayShape s_;
  int ia_ = 0, ib_ = 0;
  std::vector<std::deque<Token>> skew_a_;    // row r: r tokens, oldest at the back
  std::vector<std::deque<int64_t>> skew_b_;  // column c: c values
  std::vector<Pe> pes_;
  std::vector<bool> full_;
  int ptr_ = 0;
  bool err_ = false;
  int gap_ = 0;   // enabled steps since the last job's last beat, saturating at cols
  int jobs_ = 0;  // jobs whose last beat was taken and whose last C row was not yet taken (0..2)
  bool between_ = true;  // the last beat taken was a job's last, or none was taken yet
  std::deque<bool> modes_;  // 8-bit mode of each of those jobs, oldest (the one C is delivering) first
  bool int8_head() const { return !modes_.empty() && modes_.front(); }
  bool c_valid() const;
  bool c_last() const;
};

// The jobs (A: rows x K, B: K x cols, in the operand ranges) streamed through IntArrayCycleModel back to back,
// every stream at full rate and C always taken: the cycles from the first to the last C row taken, both counted
// (the `cycles` of `sim`). Throws std::invalid_argument for jobs that do not fit the shape.
uint64_t full_rate_cycles(const IntArrayShape&, const std::vector<Job>& jobs);

}  // namespace bf::golden::gemm
