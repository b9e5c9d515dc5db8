// Valid/ready streams of the test benches: a Source that offers beats with random valid gaps and holds valid
// (and the beat's data) until ready, a Sink that drives ready with random back-pressure, and a Watchdog that
// fails the run when no beat has moved on any stream for a number of cycles.
//
// One cycle of a bench: Watchdog::stuck() first (it fails the run and the bench returns); then offer() on each
// source and ready() on each sink (each draws from the rng when it is called, so the bench's order of calls is
// its stimulus); the bench drives the data of beat next() of every valid source (noise on idle ones), evaluates
// and compares; then handshake() on each source with the DUT's ready and take() on each sink with the DUT's
// valid. A beat that moves, in or out, resets the watchdog.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "harness.hpp"

namespace bf::verif {

// One of stall_levels(), drawn at random (one draw).
Stalls random_stalls(std::mt19937_64& rng);

// Fails the run when no beat has moved on any of the bench's streams for more than `idle_limit` cycles: a
// stream that is stuck, not a total cycle budget, so a long run that keeps moving never trips it.
class Watchdog {
 public:
  Watchdog(Sim& s, uint64_t idle_limit);

  void moved() { last_move_ = s_.cycle(); }  // a beat moved on some stream this cycle

  // Call once per cycle before driving it. When the streams have been still for too long, records a Mismatch
  // (this cycle, `port` what was stuck, `expected` what should have come, actual "none (no progress)",
  // context()) and returns true; the bench then stops.
  template <class ContextFn>
  bool stuck(std::string_view port, std::string_view expected, ContextFn&& context) {
    if (s_.cycle() <= last_move_ + idle_limit_) return false;
    fail(port, expected, context());
    return true;
  }

 private:
  void fail(std::string_view port, std::string_view expected, const std::string& context);
  Sim& s_;
  uint64_t idle_limit_;
  uint64_t last_move_;
};

// The sending end of a stream of `size` beats (the bench keeps their data and drives beat next()).
class Source {
 public:
  Source(Watchdog& dog, size_t size, Stalls stalls = Stalls(1.0)) : dog_(&dog), size_(size), stalls_(stalls) {}

  void set_stalls(Stalls stalls) { stalls_ = stalls; }  // the valid rate from now on

  // Start of a cycle: an idle source with beats left raises valid with the stall probability (one draw from
  // *rng; without rng, at once and without a draw). Valid then stays up, on the same beat, until it moves.
  bool offer(std::mt19937_64* rng) {
    if (!valid_ && next_ < size_ && (rng == nullptr || stalls_.next(*rng))) valid_ = true;
    return valid_;
  }
  // End of a cycle: the beat on offer moves when the DUT is ready; returns whether it did.
  bool handshake(bool ready) {
    if (!valid_ || !ready) return false;
    valid_ = false;
    ++next_;
    dog_->moved();
    return true;
  }

  bool valid() const { return valid_; }
  size_t next() const { return next_; }  // the beat on offer, or the next one to offer
  size_t size() const { return size_; }
  bool done() const { return next_ == size_; }

 private:
  Watchdog* dog_;
  size_t size_;
  Stalls stalls_;
  size_t next_ = 0;
  bool valid_ = false;
};

// The receiving end of a stream. A valid-only output (no ready port) is a sink that is always ready: take()
// without any ready() call.
class Sink {
 public:
  explicit Sink(Watchdog& dog, Stalls stalls = Stalls(1.0)) : dog_(&dog), stalls_(stalls) {}

  // The ready rate from now on; with `bursts`, ready also drops for 1 to 64 cycles at a time (a burst starts
  // with probability 1/16 on any cycle outside one, so bursts may follow each other without a gap).
  void set_stalls(Stalls stalls, bool bursts = false) {
    stalls_ = stalls;
    bursts_ = bursts;
  }

  // Start of a cycle: this cycle's ready (draws from *rng; without rng, always ready and no draw).
  bool ready(std::mt19937_64* rng) {
    if (rng == nullptr) return ready_ = true;
    if (bursts_ && burst_left_ == 0 && (*rng)() % 16 == 0) burst_left_ = 1 + static_cast<int>((*rng)() % 64);
    ready_ = burst_left_ > 0 ? false : stalls_.next(*rng);
    if (burst_left_ > 0) --burst_left_;
    return ready_;
  }
  // End of a cycle: a beat is taken when the DUT's valid meets this cycle's ready; returns whether it was.
  bool take(bool valid) {
    if (!valid || !ready_) return false;
    ++taken_;
    dog_->moved();
    return true;
  }

  bool is_ready() const { return ready_; }
  size_t taken() const { return taken_; }

 private:
  Watchdog* dog_;
  Stalls stalls_;
  bool bursts_ = false;
  int burst_left_ = 0;  // cycles ready stays low in the current burst (carried over a rate change)
  bool ready_ = true;
  size_t taken_ = 0;
};

}  // namespace bf::verif
