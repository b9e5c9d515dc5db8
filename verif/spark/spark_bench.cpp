#include "spark/spark_bench.hpp"

#include <algorithm>
#include <numeric>

#include "base/errors.hpp"
#include "harness/stream.hpp"
#include "spark/cycle.hpp"
#include "spark/spark.hpp"
#include "spark/spark_blocks.hpp"

namespace bf::verif::spark {

namespace gs = bf::golden::spark;

namespace {

using bf::spark::DecoderParams, bf::spark::EncoderParams;

gs::Format encoder_format(const EncoderParams& p) { return {p.bits, p.is_signed}; }
bool encoder_pipelined(const EncoderParams& p) { return p.pipeline == 1; }
gs::Format decoder_format(const DecoderParams& p) { return {p.bits, p.is_signed}; }

// Every input of the format, in a random order.
std::vector<int64_t> all_inputs_shuffled(const gs::Format& f, std::mt19937_64& rng) {
  std::vector<int64_t> v(static_cast<size_t>(f.max_input() - f.min_input() + 1));
  std::iota(v.begin(), v.end(), f.min_input());
  std::shuffle(v.begin(), v.end(), rng);
  return v;
}

// ---------------------------------------------------------------------------------------------- encoder

// What the encoder showed on one cycle, read from the RTL.
struct EncoderSample {
  bool valid = true;
  uint32_t code = 0;
  bool is_long = false;
  bool sign = false;
};

// The ports of spark_encoder (sign_o when signed, valid_i / valid_o when registered).
struct EncoderPorts {
  size_t value_i, code_o, long_o;
  std::optional<size_t> sign_o, valid_i, valid_o;
  EncoderPorts(const Sim& s, bool is_signed, bool pipelined)
      : value_i(s.port("value_i")), code_o(s.port("code_o")), long_o(s.port("long_o")) {
    if (is_signed) sign_o = s.port("sign_o");
    if (pipelined) {
      valid_i = s.port("valid_i");
      valid_o = s.port("valid_o");
    }
  }
};

// Drives spark_encoder and compares every output every cycle with the golden model (encode() when
// combinational, EncoderCycleModel when registered).
class EncoderDriver {
 public:
  EncoderDriver(Sim& s, const gs::Format& f, bool pipelined)
      : s_(s), f_(f), pipelined_(pipelined), model_(f), p_(s, f.is_signed, pipelined) {}

  // One cycle with `value` (and valid_i when registered). Returns what the RTL showed; check s.failed().
  EncoderSample cycle(int64_t value, bool valid, const Context& context) {
    s_.set(p_.value_i, static_cast<uint64_t>(value));
    if (p_.valid_i) s_.set(*p_.valid_i, valid);
    s_.eval();
    const gs::EncoderCycleModel::Out want = pipelined_ ? model_.outputs() : [&] {
      const gs::Encoded e = gs::encode(f_, value);
      return gs::EncoderCycleModel::Out{true, e.code(), e.is_long, e.sign};
    }();
    const EncoderSample got = read();
    const bool ok = (!p_.valid_o || s_.expect(*p_.valid_o, want.valid)) && s_.expect(p_.code_o, want.code) &&
                    s_.expect(p_.long_o, want.is_long) && (!p_.sign_o || s_.expect(*p_.sign_o, want.sign));
    if (!ok) s_.report().mismatch->context = context();
    if (pipelined_) model_.clock({valid, value});
    s_.tick();
    return got;
  }

  // Asynchronous reset between clock edges: the registered outputs must clear at once.
  void reset(const std::string& context) {
    s_.assert_reset();
    model_.reset();
    const auto want = model_.outputs();
    const bool ok = s_.expect(*p_.valid_o, want.valid) && s_.expect(p_.code_o, want.code) &&
                    s_.expect(p_.long_o, want.is_long) && (!p_.sign_o || s_.expect(*p_.sign_o, want.sign));
    if (!ok) s_.report().mismatch->context = context;
    s_.release_reset();
  }

 private:
  EncoderSample read() const {
    EncoderSample r;
    if (p_.valid_o) r.valid = s_.get(*p_.valid_o) != 0;
    r.code = static_cast<uint32_t>(s_.get(p_.code_o));
    r.is_long = s_.get(p_.long_o) != 0;
    if (p_.sign_o) r.sign = s_.get(*p_.sign_o) != 0;
    return r;
  }

  Sim& s_;
  gs::Format f_;
  bool pipelined_;
  gs::EncoderCycleModel model_;
  EncoderPorts p_;
};

std::string value_context(const std::vector<int64_t>& values, size_t i, bool pipelined) {
  if (!pipelined) return "value_i = " + std::to_string(values[i]);
  if (i == 0) return "the first cycle after reset";
  return "registered output of value_i = " + std::to_string(values[i - 1]) + " (value index " +
         std::to_string(i - 1) + ")";
}

void verify_encoder(const EncoderParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const gs::Format f = encoder_format(p);
  const bool pipelined = encoder_pipelined(p);
  std::vector<int64_t> values = all_inputs_shuffled(f, rng);
  std::uniform_int_distribution<int64_t> any(f.min_input(), f.max_input());
  for (int i = 0; i < count; ++i) values.push_back(any(rng));
  EncoderDriver d(s, f, pipelined);
  Stalls valid(1.0);
  for (size_t i = 0; i <= values.size() && !s.failed(); ++i) {
    if (i == values.size() && !pipelined) break;
    if (i % 4096 == 0) valid = random_stalls(rng);
    d.cycle(i < values.size() ? values[i] : 0, valid.next(rng), [&] { return value_context(values, i, pipelined); });
  }
  int resets = 0;
  if (pipelined) {
    // Asynchronous resets in the middle of a run, each followed by a few random values.
    for (; resets < 8 && !s.failed(); ++resets) {
      d.reset("asynchronous reset " + std::to_string(resets));
      for (int k = 0; k < 5 && !s.failed(); ++k) d.cycle(any(rng), (rng() & 1) != 0, [&] { return "after reset " + std::to_string(resets); });
    }
  }
  s.report().items = values.size();
  count_values(s, values.size());
  s.report().summary = "every input of [" + std::to_string(f.min_input()) + ", " + std::to_string(f.max_input()) +
                       "] in random order" + (count > 0 ? " plus " + std::to_string(count) + " random values" : "") +
                       (pipelined ? ", random valid_i, " + std::to_string(resets) + " mid-run asynchronous resets" : "");
}


// ---------------------------------------------------------------------------------------------- decoder

// The ports of spark_decoder (unit_sign_i when signed).
struct DecoderPorts {
  size_t unit_valid_i, unit_i, unit_ready_o, value_valid_o, value_o, value_long_o, value_ready_i;
  std::optional<size_t> unit_sign_i;
  DecoderPorts(const Sim& s, bool is_signed)
      : unit_valid_i(s.port("unit_valid_i")), unit_i(s.port("unit_i")), unit_ready_o(s.port("unit_ready_o")),
        value_valid_o(s.port("value_valid_o")), value_o(s.port("value_o")), value_long_o(s.port("value_long_o")),
        value_ready_i(s.port("value_ready_i")) {
    if (is_signed) unit_sign_i = s.port("unit_sign_i");
  }
};

// Drives spark_decoder one cycle at a time, comparing every output every cycle with DecoderCycleModel.
class DecoderDriver {
 public:
  DecoderDriver(Sim& s, const gs::Format& f) : s_(s), f_(f), model_(f), p_(s, f.is_signed) {}

  struct Step {
    bool accepted = false;             // the unit on offer was taken
    std::optional<gs::Decoded> value;  // the value the RTL handed over (value_valid_o with value_ready_i)
  };

  // One cycle: drives `in`, compares every output, clocks.
  Step cycle(const gs::DecoderCycleModel::In& in, const Context& context) {
    drive(in);
    s_.eval();
    check(model_.outputs(in), context);
    Step step;
    if (s_.get(p_.value_valid_o) && in.value_ready) step.value = gs::Decoded{read_value(), s_.get(p_.value_long_o) != 0};
    step.accepted = model_.clock(in);
    s_.tick();
    return step;
  }

  // Asynchronous reset between clock edges, with whatever is on the inputs: outputs must clear at once.
  void reset(const gs::DecoderCycleModel::In& in, const std::string& context) {
    drive(in);
    s_.assert_reset();
    model_.reset();
    check(model_.outputs(in), [&] { return context; });
    s_.release_reset();
  }

  uint32_t unit_mask() const { return (1u << f_.unit_width()) - 1; }
  bool holding_value() const { return s_.get(p_.value_valid_o) != 0; }  // value_valid_o now

 private:
  void drive(const gs::DecoderCycleModel::In& in) {
    s_.set(p_.unit_valid_i, in.unit_valid);
    s_.set(p_.unit_i, in.unit & ((1u << f_.unit_bits()) - 1));
    if (p_.unit_sign_i) s_.set(*p_.unit_sign_i, (in.unit >> f_.unit_bits()) & 1);
    s_.set(p_.value_ready_i, in.value_ready);
  }
  int64_t read_value() const {
    return f_.is_signed ? s_.get_signed(p_.value_o) : static_cast<int64_t>(s_.get(p_.value_o));
  }
  void check(const gs::DecoderCycleModel::Out& want, const Context& context) {
    const bool ok = s_.expect(p_.unit_ready_o, want.unit_ready) && s_.expect(p_.value_valid_o, want.value_valid) &&
                    (f_.is_signed ? s_.expect_signed(p_.value_o, want.value)
                                  : s_.expect(p_.value_o, static_cast<uint64_t>(want.value))) &&
                    s_.expect(p_.value_long_o, want.value_long);
    if (!ok) s_.report().mismatch->context = context();
  }

  Sim& s_;
  gs::Format f_;
  gs::DecoderCycleModel model_;
  DecoderPorts p_;
};

struct StreamRun {
  std::vector<gs::Decoded> taken;  // values the RTL handed over, in order
  uint64_t first_valid = 0;        // cycle of the first valid unit
  uint64_t last_taken = 0;         // cycle the last value was taken
};

// The decoder's streams stay still no longer than a random gap at the lowest rates (the decoder holds one value).
constexpr uint64_t kDecoderIdleCycles = 1000;

// Streams `units` into the decoder: valid holds until accepted, random gaps and value_ready stalls whose
// rates change at every index in `segment_starts` (no stalls without rng). With `drain`, runs until the
// output is empty; otherwise stops once the last unit is accepted.
StreamRun stream(Sim& s, DecoderDriver& d, const std::vector<gs::Unit>& units, std::mt19937_64* rng,
                 const std::vector<size_t>& segment_starts, const std::vector<std::string>& segment_names,
                 bool drain) {
  StreamRun run;
  Watchdog dog(s, kDecoderIdleCycles);
  Source unit_stream(dog, units.size());
  Sink values(dog);
  size_t segment = 0;
  int idle = 0;
  bool started = false;
  while (!s.failed()) {
    const size_t next = unit_stream.next();
    const Context ctx = [&] {
      std::string c = "unit " + std::to_string(next) + " of " + std::to_string(units.size());
      if (segment > 0 && segment <= segment_names.size()) c += " (" + segment_names[segment - 1] + ")";
      return c;
    };
    if (dog.stuck(unit_stream.done() ? "value_valid_o" : "unit_ready_o",
                  unit_stream.done() ? "the remaining values" : "the unit to be accepted", ctx)) {
      return run;
    }
    if (rng && segment < segment_starts.size() && next == segment_starts[segment]) {
      unit_stream.set_stalls(random_stalls(*rng));
      values.set_stalls(random_stalls(*rng));
      ++segment;
    }
    const bool offering = unit_stream.offer(rng);
    if (!drain && unit_stream.done()) break;
    if (drain && unit_stream.done() && idle >= 4) break;
    const gs::Unit noise = rng ? static_cast<gs::Unit>((*rng)()) & d.unit_mask() : 0;
    const gs::DecoderCycleModel::In in{offering, offering ? units[next] : noise, values.ready(rng)};
    if (offering && !started) {
      started = true;
      run.first_valid = s.cycle();
    }
    const DecoderDriver::Step step = d.cycle(in, ctx);
    unit_stream.handshake(step.accepted);
    if (values.take(step.value.has_value())) {
      run.taken.push_back(*step.value);
      run.last_taken = s.cycle() - 1;
    }
    idle = unit_stream.done() && !d.holding_value() ? idle + 1 : 0;
  }
  return run;
}

void verify_decoder(const DecoderParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const gs::Format f = decoder_format(p);
  DecoderDriver d(s, f);
  std::vector<gs::Unit> units;
  std::vector<size_t> starts;
  std::vector<std::string> names;
  // Every value of the format, in random order, as the encoder would send it.
  const std::vector<int64_t> values = all_inputs_shuffled(f, rng);
  units = gs::encode_stream(f, values);
  for (size_t i = 0; i < units.size(); i += 4096) {
    starts.push_back(i);
    names.push_back("every value in random order");
  }
  // Then `count` random unit streams: any unit, any sign (lengths 1..64).
  std::uniform_int_distribution<int> len(1, 64);
  for (int j = 0; j < count; ++j) {
    starts.push_back(units.size());
    names.push_back("random unit stream " + std::to_string(j));
    const int n = len(rng);
    for (int k = 0; k < n; ++k) units.push_back(static_cast<gs::Unit>(rng()) & d.unit_mask());
  }
  const StreamRun run = stream(s, d, units, &rng, starts, names, true);
  if (s.failed()) return;
  // End to end: what the RTL handed over equals the functional decode of everything that went in.
  const auto expect = gs::decode_stream(f, units);
  if (run.taken != expect) {
    size_t i = 0;
    while (i < run.taken.size() && i < expect.size() && run.taken[i] == expect[i]) ++i;
    s.fail(Mismatch{s.cycle(), "value stream (value_o, value_long_o)",
                    i < expect.size() ? std::to_string(expect[i].value) : "no more values",
                    i < run.taken.size() ? std::to_string(run.taken[i].value) : "no more values",
                    "value " + std::to_string(i) + " of the stream"});
    return;
  }
  // Asynchronous resets in the middle of streams (often with an upper unit pending or a value waiting),
  // each followed by a stream that must decode as if from a fresh start.
  const int resets = 8;
  for (int r = 0; r < resets && !s.failed(); ++r) {
    std::vector<gs::Unit> prefix(1 + rng() % 6);
    for (auto& u : prefix) u = static_cast<gs::Unit>(rng()) & d.unit_mask();
    stream(s, d, prefix, &rng, {0}, {"before reset " + std::to_string(r)}, false);
    if (s.failed()) return;
    d.reset({(rng() & 1) != 0, static_cast<gs::Unit>(rng()) & d.unit_mask(), (rng() & 1) != 0},
            "asynchronous reset " + std::to_string(r));
    if (s.failed()) return;
    std::vector<int64_t> after(1 + rng() % 8);
    std::uniform_int_distribution<int64_t> any(f.min_input(), f.max_input());
    for (auto& v : after) v = any(rng);
    const auto after_units = gs::encode_stream(f, after);
    const StreamRun a = stream(s, d, after_units, &rng, {0}, {"after reset " + std::to_string(r)}, true);
    if (!s.failed() && a.taken != gs::decode_stream(f, after_units)) {
      s.fail(Mismatch{s.cycle(), "value stream", "the decode of a fresh stream", "values differing from it",
                      "after asynchronous reset " + std::to_string(r)});
    }
  }
  s.report().items = units.size();
  count_values(s, run.taken.size());  // the values of the main stream (the reset streams are not counted)
  s.report().summary = std::to_string(values.size()) + " values in random order, then " + std::to_string(count) +
                       " random unit streams (" + std::to_string(units.size()) + " units, " +
                       std::to_string(run.taken.size()) +
                       " values) with random valid gaps and value_ready stalls, then " + std::to_string(resets) +
                       " mid-run asynchronous resets";
}

// ---------------------------------------------------------------------------------------------- sim

void check_values_input(const gs::Format& f, const nlohmann::json& in, const std::string& where) {
  allow_only(in, {"values"}, where, "");
  int_array(require_member(in, "values", where, ""), f.min_input(), f.max_input(), where, "/values");
}

nlohmann::json stats_json(const gs::Format& f, const std::vector<int64_t>& values) {
  const auto st = gs::stats(f, values);
  return {{"count", st.count},
          {"long_count", st.long_count},
          {"long_fraction", st.long_fraction},
          {"bits_per_value", st.bits_per_value},
          {"lossy_count", st.lossy_count},
          {"max_abs_error", st.max_abs_error},
          {"mean_abs_error", st.mean_abs_error}};
}

void add_verdict(nlohmann::json& out, Sim& s, bool match) {
  out["golden"] = match && !s.failed() ? "match" : "mismatch";
  if (s.failed()) out["mismatch"] = s.report().failure_text(user_data_run());
}

nlohmann::json sim_encoder(const EncoderParams& p, Sim& s, const nlohmann::json& in) {
  const gs::Format f = encoder_format(p);
  const bool pipelined = encoder_pipelined(p);
  const std::vector<int64_t> values = in.at("values").get<std::vector<int64_t>>();
  EncoderDriver d(s, f, pipelined);
  // One value per cycle, valid_i high; a registered encoder shows each result one cycle later.
  std::vector<EncoderSample> got;
  const uint64_t first = s.cycle();
  uint64_t last = first;
  for (size_t i = 0; i < values.size() + (pipelined ? 1 : 0) && !s.failed(); ++i) {
    const bool have = i < values.size();
    const EncoderSample o = d.cycle(have ? values[i] : 0, have, [&] { return value_context(values, i, pipelined); });
    if (!pipelined || i > 0) {
      got.push_back(o);
      last = s.cycle() - 1;
    }
  }
  nlohmann::json codes = nlohmann::json::array(), longs = nlohmann::json::array(), signs = nlohmann::json::array();
  std::vector<gs::Unit> units;
  bool match = got.size() == values.size();
  for (size_t i = 0; i < got.size(); ++i) {
    const EncoderSample& o = got[i];
    codes.push_back(o.code);
    longs.push_back(o.is_long);
    signs.push_back(o.sign);
    const gs::Unit sign_bit = f.is_signed && o.sign ? (1u << f.unit_bits()) : 0u;
    const uint32_t mask = (1u << f.unit_bits()) - 1;
    if (o.is_long) units.push_back(((o.code >> f.unit_bits()) & mask) | sign_bit);
    units.push_back((o.code & mask) | sign_bit);
    const gs::Encoded e = gs::encode(f, values[i]);
    match = match && o.code == e.code() && o.is_long == e.is_long && o.sign == e.sign;
  }
  nlohmann::json decoded = nlohmann::json::array();
  for (const auto& v : gs::decode_stream(f, units)) decoded.push_back(v.value);
  nlohmann::json out = {{"codes", codes}, {"long", longs}, {"units", units}, {"decoded", decoded}};
  if (f.is_signed) out["signs"] = signs;
  // Cycles from the first valid value to the cycle its last code is presented, inclusive.
  out["cycles"] = values.empty() ? 0 : last - first + 1;
  add_verdict(out, s, match);
  out["stats"] = stats_json(f, values);
  count_values(s, values.size());
  return out;
}

nlohmann::json sim_decoder(const DecoderParams& p, Sim& s, const nlohmann::json& in) {
  const gs::Format f = decoder_format(p);
  const std::vector<int64_t> values = in.at("values").get<std::vector<int64_t>>();
  const std::vector<gs::Unit> units = gs::encode_stream(f, values);
  DecoderDriver d(s, f);
  const StreamRun run = stream(s, d, units, nullptr, {}, {}, true);
  nlohmann::json decoded = nlohmann::json::array(), longs = nlohmann::json::array();
  for (const auto& v : run.taken) {
    decoded.push_back(v.value);
    longs.push_back(v.is_long);
  }
  nlohmann::json out = {{"units", units}, {"decoded", decoded}, {"long", longs}};
  // Cycles from the first valid unit to the cycle the last value is taken, inclusive (ready held high).
  out["cycles"] = run.taken.empty() ? 0 : run.last_taken - run.first_valid + 1;
  add_verdict(out, s, run.taken == gs::decode_stream(f, units));
  out["stats"] = stats_json(f, values);
  count_values(s, values.size());
  return out;
}

}  // namespace

std::vector<Bench> benches() {
  std::vector<Bench> v = {
      typed_bench(bf::spark::encoder_block(),
                  TypedBench<EncoderParams>{
                      .default_count = 0,
                      .verify = verify_encoder,
                      .check_input = [](const EncoderParams& p, const nlohmann::json& in,
                                        const std::string& where) { check_values_input(encoder_format(p), in, where); },
                      .sim = sim_encoder}),
      typed_bench(bf::spark::decoder_block(),
                  TypedBench<DecoderParams>{
                      .default_count = 200,
                      .verify = verify_decoder,
                      .check_input = [](const DecoderParams& p, const nlohmann::json& in,
                                        const std::string& where) { check_values_input(decoder_format(p), in, where); },
                      .sim = sim_decoder}),
  };
  for (auto& b : array_benches()) v.push_back(std::move(b));
  return v;
}

}  // namespace bf::verif::spark
