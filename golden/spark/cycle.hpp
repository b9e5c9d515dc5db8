// Cycle-level models of the SPARK codec blocks: every output port on every cycle.
//
// Each model mirrors the block's registers and reuses the functional golden (encode, StreamDecoder) for the
// values, so the arithmetic is written once. Use: outputs(in) for the current cycle, then clock(in) at the
// rising edge. Reset state is the state after construction.
#pragma once

#include "spark/spark.hpp"

namespace bf::golden::spark {

// spark_encoder with pipeline = 1: outputs are the encoding of the previous cycle's value_i.
class EncoderCycleModel {
 public:
  struct In {
    bool valid = false;
    int64_t value = 0;  // in [min_input, max_input]
  };
  struct Out {
    bool valid = false;
    uint32_t code = 0;
    bool is_long = false;
    bool sign = false;
  };
  explicit EncoderCycleModel(Format f) : fmt_(f) {}
  Out outputs() const { return q_; }
  void reset() { q_ = {}; }
  void clock(const In& in) {
    const Encoded e = encode(fmt_, in.value);
    q_ = {in.valid, e.code(), e.is_long, e.sign};
  }

 private:
  Format fmt_;
  Out q_{};
};

// spark_decoder: one output register; a unit is accepted when that register is empty or drains this cycle.
class DecoderCycleModel {
 public:
  struct In {
    bool unit_valid = false;
    Unit unit = 0;  // payload, plus the sign in bit B when signed
    bool value_ready = false;
  };
  struct Out {
    bool unit_ready = false;
    bool value_valid = false;
    int64_t value = 0;
    bool value_long = false;
  };
  explicit DecoderCycleModel(Format f) : fmt_(f), dec_(f) {}

  Out outputs(const In& in) const { return {!out_valid_ || in.value_ready, out_valid_, out_.value, out_.is_long}; }
  void reset() {
    dec_.reset();
    out_valid_ = false;
    out_ = {};
  }

  // Returns true when a unit was accepted on this edge.
  bool clock(const In& in) {
    const bool accept = in.unit_valid && (!out_valid_ || in.value_ready);
    if (!accept) {
      if (in.value_ready) out_valid_ = false;
      return false;
    }
    if (auto d = dec_.push(in.unit)) {
      out_ = *d;
      out_valid_ = true;
    } else if (in.value_ready) {
      out_valid_ = false;
    }
    return true;
  }

 private:
  Format fmt_;
  StreamDecoder dec_;
  bool out_valid_ = false;
  Decoded out_{};
};

}  // namespace bf::golden::spark
