// Cycle-level models of the SPARK accelerator: the mixed-precision PE (`spark_pe`), the elastic
// output-stationary array (`spark_array`) and the requantizing output encoder (`spark_out_encoder`).
//
// Contract: docs/spark_array.md, register for register (the RTL in rtl_templates/spark/ is compared with these
// models cycle by cycle); formats: shared/spec/formats.md "SPARK"; ports: shared/spec/interfaces.md "GEMM
// arrays". N = bits, B = N/2, CW = acc_bits, D = fifo_depth. Use: outputs(in) for the current cycle, then
// clock(in) at the rising edge; the reset state is the state after construction. Every combinational output
// is a function of the registers and the current inputs, also on cycles where the doc leaves it unused
// (e.g. c_data while !c_valid, unit while !unit_valid): see each model.
//
// Values are carried as in the RTL: a decoded operand is sign-magnitude {mag, long, sign}; accumulators and C
// values are CW-bit two's complement, given here sign-extended to int64 (gemm::wrap).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "gemm/gemm.hpp"
#include "spark/spark.hpp"

namespace bf::golden::spark {

// A decoded operand (docs "Operands inside the array"): mag < 2^N; is_long: it came from a two-unit code
// (then mag >= 2^(B-1)); sign: always false for an unsigned format.
struct Operand {
  uint32_t mag = 0;
  bool is_long = false;
  bool sign = false;
};

// From the functional decoder's output: mag = |value|, sign = value < 0 (a negative zero has already become
// +0 there; in the array, whose decoders keep the completing unit's sign bit, a -0 operand only ever
// contributes a negated zero product, which is 0).
Operand to_operand(const Format&, const Decoded&);
// n = (1 + a_long) x (1 + b_long): 1, 2 or 4 cycles per pair.
int pair_cycles(bool a_long, bool b_long);
// The signed value: -mag when sign, else mag (negative zero -> 0).
int64_t operand_value(const Operand&);

struct ArrayShape {
  int rows = 8, cols = 8, bits = 8;
  bool a_signed = false, b_signed = true;
  int acc_bits = 32, fifo_depth = 2;
  // false: no result registers; C is read from the accumulators, so a job's first pair (not its last) waits
  // until the previous result was read.
  bool result_buffer = true;
  // true: a PE may hold two operands not yet taken by its neighbour, so it accepts without looking at the
  // neighbour's accept this cycle (no combinational accept chain along rows and columns; docs "Accept chain").
  bool skid = false;
  // true: the paper's lock-step synchronization (LockstepArrayModel below); fifo_depth and skid do not apply.
  bool lockstep = false;
  int k_max = 0;  // the block's k_max parameter (0: acc_bits as set; else acc_bits was derived from it)
  Format a_format() const { return {bits, a_signed}; }
  Format b_format() const { return {bits, b_signed}; }
};

// What spark_array computes for A . B (integers in the encoders' input domains of shape.a_format() and
// b_format()): the exact GEMM of the SPARK-decoded (rounded) values, each element wrapped to acc_bits. The one
// reference of the RTL bench, `sim` and `evaluate`.
gemm::Matrix spark_gemm(const ArrayShape& shape, const gemm::Matrix& a, const gemm::Matrix& b);

// spark_pe standalone (docs "spark_pe"). Registers: sub_q (sub-step of the current pair), acc_q, out_valid_q.
// Combinational, every cycle (whatever valid is): n from the current a/b long bits, ia = sub_q / nb,
// ib = sub_q % nb, partial = (a_half x b_half) << ((ia + ib) B), negated when the signs differ,
// sum = base + partial mod 2^CW with base = (clear && sub_q == 0) ? 0 : acc_q, ready = (sub_q == n - 1).
// The operands and clear must hold from a pair's first valid cycle until it is consumed (valid && ready);
// sub_q < n then always holds. (Should a caller break that rule, the half indices here are taken modulo 2.)
class PeCycleModel {
 public:
  struct In {
    bool valid = false;
    Operand a, b;
    bool clear = false;
  };
  struct Out {
    bool ready = false;
    int64_t sum = 0;  // sum_o
    bool out_valid = false;
    int64_t acc = 0;  // acc_o = acc_q
  };
  PeCycleModel(int bits, int acc_bits);  // throws std::invalid_argument for an invalid width
  Out outputs(const In&) const;
  void clock(const In&);
  int sub() const { return sub_q_; }

 private:
  int bits_, acc_bits_;
  int sub_q_ = 0;
  int64_t acc_q_ = 0;
  bool out_valid_q_ = false;
};

// The ports of spark_array, for one cycle (both synchronizations).
struct ArrayIn {
  std::vector<bool> a_valid, a_last;  // R lanes
  std::vector<Unit> a_unit;
  std::vector<bool> b_valid, b_last;  // C lanes
  std::vector<Unit> b_unit;
  bool c_ready = false;
};
struct ArrayOut {
  std::vector<bool> a_ready, b_ready;
  bool c_valid = false;
  std::vector<int64_t> c_data;  // C values, CW-bit two's complement sign-extended
  bool c_last = false;
  bool err = false;  // err_o: A's and B's K differ (some PE paired a last operand with one that was not)
};

// A border decoder of spark_array: the stream decoder (pending bit, upper half) and its output register. Per
// cycle: ready = !valid || take; an accepted unit that completes a value loads the register {valid, last = the
// unit's last, op}; otherwise `take` (the array took the value) empties it.
struct EdgeDecoder {
  explicit EdgeDecoder(const Format& f) : fmt(f), dec(f) {}
  void clock(bool unit_valid, Unit unit, bool unit_last, bool take);
  Format fmt;
  StreamDecoder dec;
  bool valid = false, last = false;
  Operand op;
};

// spark_array with lockstep (docs "Lock-step synchronization"). Registers: the decoders; per row r, r skew stages
// of {valid, last, A operand}, per column c, c stages of B operands; per PE {v, last, A, B}, its core
// (PeCycleModel), fresh_q, res_q; per row full_q; ph_q (phase), gap_q, jobs_q, ptr_q, err_q.
// Per cycle: n(PE) = pair_cycles of its operands while v, nmax = the largest n (1 when none); step = ph_q ==
// nmax - 1; en = no row r with full_q[r] and PE (r, 0) pending (v, last, ph_q < n); shift = en && step; fire =
// shift && every decoder valid && (!job_last || (gap_q == C && jobs_q < 2)), job_last = every decoder's last;
// a_ready/b_ready = !decoder valid || fire. A PE's core runs on en && v && ph_q < n with clear = fresh_q; its pop
// with last writes res_q and, in the last column, sets full_q of its row (a taken row clears it; set wins).
// At a shift, operands move one PE on and the skew stages advance (fire enters as the valid bit); gap_q counts
// shifts (0 after a job's last beat, saturating at C); ph_q runs while en, back to 0 at a step. err: a fired beat
// with last on some streams but not all. C as in ArrayCycleModel, from the row flags.
class LockstepArrayModel {
 public:
  explicit LockstepArrayModel(const ArrayShape&);  // throws std::invalid_argument for an invalid shape
  ArrayOut outputs(const ArrayIn&) const;
  void clock(const ArrayIn&);
  uint64_t busy_cycles(int r, int c) const;

 private:
  struct Tok {
    bool v = false, last = false;
    Operand op;
  };
  struct Pe {
    Tok a;
    Operand b;
    PeCycleModel core;
    bool fresh = true;
    int64_t res = 0;
    uint64_t busy = 0;
  };
  struct Comb {
    bool step = false, en = false, fire = false, job_last = false, any_last = false;
  };
  Comb comb() const;
  PeCycleModel::In core_in(const Pe&, bool en) const;
  void shift_operands(bool fire);
  const Pe& pe(int r, int c) const { return pes_[static_cast<size_t>(r * s_.cols + c)]; }
  Pe& pe(int r, int c) { return pes_[static_cast<size_t>(r * s_.cols + c)]; }

  ArrayShape s_;
  std::vector<EdgeDecoder> dec_a_, dec_b_;
  std::vector<std::vector<Tok>> skew_a_;      // row r: r stages, [0] the oldest (the output)
  std::vector<std::vector<Operand>> skew_b_;  // column c: c stages
  std::vector<Pe> pes_;
  std::vector<bool> full_;
  int ph_ = 0, gap_ = 0, jobs_ = 0, ptr_ = 0;
  bool err_ = false;
};

// spark_array (docs "spark_array"): R row streams of A units, C column streams of B units, C rows out.
// Units are Unit values (payload | sign << B when the operand is signed).
//
// Per cycle (all combinational on registers only: a_ready/b_ready do not look at a_valid/b_valid):
//   * PE (r, c): core valid = a_count > 0 && b_count > 0 && !(a_head.last && res_full_q) (without result
//     registers: !(fresh_q && res_full_q)), core clear =
//     fresh_q, pop = valid && core ready. A accepted = in_valid && (a_count < D || pop) && (c == C-1 ||
//     !fa.valid || A accepted by (r, c+1)); in_valid/data = decoder r's register (c = 0) or fa of (r, c-1).
//     With skid, fa/fb hold up to two values (the oldest is offered) and the last condition is fa.size < 2.
//     B likewise down the column (fb, PE (r+1, c)).
//   * a_ready[r] = !dv_q || A accepted by PE (r, 0); b_ready[c] likewise with PE (0, c).
//   * c_valid = every res_full_q of row ptr_q; c_data = res_q of row ptr_q while c_valid, else 0 here (the RTL's is unspecified then);
//     c_last = (ptr_q == R-1).
// At the edge: FIFOs pop (shift down) and push (at count - pop); fa/fb load on accept, else clear when the
// neighbour accepts; the core steps (acc_q <= sum when valid); a pop whose A head has `last` writes
// res_q <= sum, res_full_q <= 1, fresh_q <= 1, another pop fresh_q <= 0; a taken C row clears its
// res_full_q bits and advances ptr_q. Decoders: an accepted unit that completes a value loads the register
// {valid 1, last = a_last of that unit, long, sign of that unit, mag}; otherwise the register empties when
// PE (r, 0) (or (0, c)) accepts its value; B's register likewise with b_last. A pop whose A and B heads
// disagree on last sets the PE's sticky error bit; err = any PE's error bit.
// With shape.lockstep it is LockstepArrayModel's timing (the same ports).
class ArrayCycleModel {
 public:
  using In = ArrayIn;
  using Out = ArrayOut;

  explicit ArrayCycleModel(const ArrayShape&);  // throws std::invalid_argument for an invalid shape
  Out outputs(const In&) const;  // combinational outputs this cycle (ready chains included)
  void clock(const In&);         // rising edge; throws std::invalid_argument for wrong lane counts
  uint64_t busy_cycles(int r, int c) const;  // cycles PE (r, c) spent multiplying so far (core valid)
  const ArrayShape& shape() const { return s_; }

 private:
  // A decoder output register, FIFO entry or forward register payload.
  struct Value {
    bool last = false;
    Operand op;
  };
  struct Fifo {
    std::vector<Value> e;  // D entries, e[0] the head
    int count = 0;
  };
  struct Pe {
    Fifo a, b;
    std::vector<Value> fa, fb;  // forward registers: offered values, oldest first (at most 1, or 2 with skid)
    PeCycleModel core;
    int64_t res = 0;
    bool res_full = false;
    bool fresh = true;
    uint64_t busy = 0;
    bool err = false;
  };
  // The combinational signals of one cycle (functions of the registers only).
  struct Comb {
    std::vector<bool> valid, pop, acc_a, acc_b;  // per PE, index r * C + c
  };
  Comb comb() const;
  PeCycleModel::In core_in(const Pe& p) const;
  bool forward_free(const std::vector<Value>& f, bool next_accepts) const;
  static Value offered(const std::vector<Value>& f);
  static void step_forward(std::vector<Value>& f, bool taken, bool accepted, const Value& v);
  bool c_valid() const;
  void check(const In&) const;
  size_t idx(int r, int c) const { return static_cast<size_t>(r) * static_cast<size_t>(s_.cols) + static_cast<size_t>(c); }

  ArrayShape s_;
  std::vector<EdgeDecoder> dec_a_, dec_b_;
  std::vector<Pe> pes_;
  int ptr_ = 0;
  std::optional<LockstepArrayModel> lockstep_;  // with shape.lockstep: the model that answers
};

// requantize (docs "spark_out_encoder"): clamp((c x m + round) >>> s) to [out.min_input(), out.max_input()],
// round = 2^(s-1) for s > 0 else 0 (round half up), >>> the arithmetic shift (floor division by 2^s), computed
// exactly (128-bit). c is any int64 (an accumulator value), m in [0, 65535], s in [0, 63]; other m or s throw
// std::invalid_argument.
int64_t requantize(const Format& out, int64_t c, uint32_t mult, int shift);

// spark_out_encoder. Registers: row_valid_q, row_last_q, row_q[C] (data: no reset in the RTL, 0 here; unit is
// compared only while unit_valid is 1), col_q, half_q (both reset to 0, and are 0 whenever row_valid_q is 0). Combinational on the registers and the current
// rq_mult/rq_shift: e = encode(out, requantize(row_q[col_q])); unit = (half_q ? e.lower : e.upper) | sign << B
// (signed formats); final = !e.is_long || half_q; unit_valid = row_valid_q; unit_last = row_valid_q && final &&
// col_q == C-1 (control: defined on every cycle); unit_job_last = unit_last && row_last_q; c_ready = !row_valid_q ||
// (unit_ready && unit_last). At the edge: a taken unit advances half_q
// (0 -> 1 after the upper unit of a long code, else back to 0 and col_q + 1, wrapping to 0 after the row's
// final unit); c_valid && c_ready loads the row register {1, c_last, c_data wrapped to CW bits}; otherwise a taken final row unit
// clears row_valid_q. rq_mult/rq_shift must hold while a row is in the register.
class OutEncoderCycleModel {
 public:
  struct In {
    bool c_valid = false;
    std::vector<int64_t> c_data;  // C values (CW-bit two's complement; wider values are wrapped)
    bool c_last = false;
    uint32_t mult = 1;  // rq_mult_i
    int shift = 0;      // rq_shift_i
    bool unit_ready = false;
  };
  struct Out {
    bool c_ready = false;
    bool unit_valid = false;
    Unit unit = 0;
    bool unit_last = false;
    bool unit_job_last = false;
  };
  OutEncoderCycleModel(const Format& out, int cols, int acc_bits);  // throws std::invalid_argument
  Out outputs(const In&) const;
  void clock(const In&);

 private:
  Format fmt_;
  int cols_, acc_bits_;
  bool row_valid_q_ = false, row_last_q_ = false;
  std::vector<int64_t> row_q_;
  int col_q_ = 0;
  bool half_q_ = false;
};

// Work bound and the paper's lock-step scheme, for comparison with a run of the elastic array.
// A job: a is R x K, b is K x C decoded operands (only is_long matters here); all jobs have the same R and C.
//   work_bound = max over PEs (r, c) of sum over jobs and k of pair_cycles(a[r][k].long, b[k][c].long):
//     the busiest PE's multiply cycles, a lower bound on any run's cycle count.
//   lockstep_cycles = sum over jobs of sum over wavefront steps t = 0 .. K+R+C-3 of
//     max(1, max over PEs (r, c) with k = t - r - c in [0, K) of pair_cycles(a[r][k].long, b[k][c].long)):
//     every PE waits for the slowest MAC of its wavefront step, and jobs do not overlap. Neither counts
//     decoding, the result register or reading C.
// Both throw std::invalid_argument for inconsistent dimensions.
struct OperandJob {
  std::vector<std::vector<Operand>> a, b;  // a: R x K, b: K x C
};
uint64_t work_bound(const std::vector<OperandJob>&);

// The jobs (A: R x K, B: K x C integers in the formats' input domains) streamed through ArrayCycleModel back to
// back, every unit stream at full rate and C always taken: the cycles from the first to the last C row taken,
// both counted (the `cycles` of `sim`). Throws std::invalid_argument for jobs that do not fit the shape.
uint64_t full_rate_cycles(const ArrayShape&, const std::vector<gemm::Job>& jobs);
uint64_t lockstep_cycles(const std::vector<OperandJob>&);

}  // namespace bf::golden::spark
