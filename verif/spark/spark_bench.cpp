#include "spark/spark_bench.hpp"

#include <algorithm>
#include <numeric>

#include "core/errors.hpp"
#include "spark/cycle.hpp"
#include "spark/spark.hpp"
#include "spark/spark_blocks.hpp"

namespace bf::verif::spark {

namespace gs = bf::golden::spark;

namespace {

gs::Format encoder_format(const Generated& g) {
  const auto p = bf::spark::encoder_block().typed(g.cfg);
  return {p.bits, p.is_signed};
}

gs::Format decoder_format(const Generated& g) {
  const auto p = bf::spark::decoder_block().typed(g.cfg);
  return {p.bits, p.is_signed};
}

// Every input of the format, in a random order.
std::vector<int64_t> all_inputs_shuffled(const gs::Format& f, std::mt19937_64& rng) {
  std::vector<int64_t> v(static_cast<size_t>(f.max_input() - f.min_input() + 1));
  std::iota(v.begin(), v.end(), f.min_input());
  std::shuffle(v.begin(), v.end(), rng);
  return v;
}

// The encoder ports of one configuration, looked up once.
struct EncoderPorts {
  explicit EncoderPorts(Sim& s, bool is_signed, bool pipelined)
      : value(s.port("value_i")), code(s.port("code_o")), is_long(s.port("long_o")) {
    if (is_signed) sign = s.port("sign_o");
    if (pipelined) {
      valid_i = s.port("valid_i");
      valid_o = s.port("valid_o");
    }
  }
  size_t value, code, is_long;
  std::optional<size_t> sign, valid_i, valid_o;
};

// Compares the encoder outputs with `want` (valid only when pipelined).
bool expect_encoder(Sim& s, const EncoderPorts& p, const gs::EncoderCycleModel::Out& want) {
  if (p.valid_o && !s.expect(*p.valid_o, want.valid)) return false;
  if (!s.expect(p.code, want.code)) return false;
  if (!s.expect(p.is_long, want.is_long)) return false;
  return !p.sign || s.expect(*p.sign, want.sign);
}

// Drives `values` through the encoder (one per cycle; valid_i random when pipelined) comparing every output
// every cycle. Returns the outputs the block presented for each value (in order).
std::vector<gs::EncoderCycleModel::Out> run_encoder(Sim& s, const gs::Format& f, bool pipelined,
                                                    const std::vector<int64_t>& values, std::mt19937_64* rng) {
  const EncoderPorts p(s, f.is_signed, pipelined);
  std::vector<gs::EncoderCycleModel::Out> seen;
  gs::EncoderCycleModel model(f);
  Stalls stalls(1.0);
  for (size_t i = 0; i <= values.size(); ++i) {
    if (rng && i % 4096 == 0) stalls = Stalls(stall_levels()[(*rng)() % stall_levels().size()]);
    const bool have = i < values.size();
    const int64_t v = have ? values[i] : 0;
    if (!pipelined && !have) break;
    const bool valid = have && (rng ? stalls.next(*rng) : true);
    s.set(p.value, static_cast<uint64_t>(v));
    if (p.valid_i) s.set(*p.valid_i, valid);
    s.eval();
    const auto want = pipelined ? model.outputs() : [&] {
      const auto e = gs::encode(f, v);
      return gs::EncoderCycleModel::Out{true, e.code(), e.is_long, e.sign};
    }();
    if (!expect_encoder(s, p, want)) {
      s.report().mismatch->context =
          !pipelined ? "value_i = " + std::to_string(v)
          : i == 0   ? std::string("the first cycle after reset")
                     : "registered output of value_i = " + std::to_string(values[i - 1]) + " (value index " +
                         std::to_string(i - 1) + ")";
      return seen;
    }
    if (pipelined ? (i > 0) : true) seen.push_back(want);
    if (pipelined) model.clock({valid, v});
    s.tick();
  }
  return seen;
}

void verify_encoder(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const gs::Format f = encoder_format(g);
  const bool pipelined = bf::spark::encoder_block().typed(g.cfg).pipeline == 1;
  std::vector<int64_t> values = all_inputs_shuffled(f, rng);
  std::uniform_int_distribution<int64_t> any(f.min_input(), f.max_input());
  for (int i = 0; i < count; ++i) values.push_back(any(rng));
  run_encoder(s, f, pipelined, values, &rng);
  s.report().items = values.size();
  s.report().summary = "every input of [" + std::to_string(f.min_input()) + ", " + std::to_string(f.max_input()) +
                       "] in random order" + (count > 0 ? " plus " + std::to_string(count) + " random values" : "") +
                       (pipelined ? ", random valid_i" : "");
}

// Streams `units` into the decoder with random valid gaps and value_ready back-pressure (stall levels change
// every `segment` units), comparing every output with the cycle model every cycle.
struct DecoderRun {
  std::vector<gs::Decoded> taken;  // values accepted at the output, in order
  uint64_t first_valid = 0;        // cycle of the first valid unit
  uint64_t last_taken = 0;         // cycle the last value was accepted
};
DecoderRun run_decoder(Sim& s, const gs::Format& f, const std::vector<gs::Unit>& units,
                                     std::mt19937_64* rng, const std::vector<std::string>* segment_names,
                                     const std::vector<size_t>* segment_starts) {
  const size_t uv = s.port("unit_valid_i"), ui = s.port("unit_i"), ur = s.port("unit_ready_o"),
               vv = s.port("value_valid_o"), vo = s.port("value_o"), vl = s.port("value_long_o"),
               vr = s.port("value_ready_i");
  std::optional<size_t> us;
  if (f.is_signed) us = s.port("unit_sign_i");
  gs::DecoderCycleModel model(f);
  DecoderRun run;
  bool started = false;
  Stalls offer(1.0), take(1.0);
  size_t next = 0, segment = 0, drain = 0;
  bool offering = false;
  const uint32_t payload_mask = (1u << f.unit_bits()) - 1;
  while (drain < 4) {
    if (rng && segment_starts && segment < segment_starts->size() && next == (*segment_starts)[segment]) {
      offer = Stalls(stall_levels()[(*rng)() % stall_levels().size()]);
      take = Stalls(stall_levels()[(*rng)() % stall_levels().size()]);
      ++segment;
    }
    if (!offering && next < units.size() && (!rng || offer.next(*rng))) offering = true;
    const uint32_t noise = rng ? static_cast<uint32_t>((*rng)()) : 0;
    const gs::Unit unit = offering ? units[next] : noise & ((1u << f.unit_width()) - 1);
    const bool ready = !rng || take.next(*rng);
    const gs::DecoderCycleModel::In in{offering, unit, ready};
    s.set(uv, offering);
    s.set(ui, unit & payload_mask);
    if (us) s.set(*us, (unit >> f.unit_bits()) & 1);
    s.set(vr, ready);
    s.eval();
    const auto want = model.outputs(in);
    const bool ok = s.expect(ur, want.unit_ready) && s.expect(vv, want.value_valid) &&
                    (f.is_signed ? s.expect_signed(vo, want.value) : s.expect(vo, static_cast<uint64_t>(want.value))) &&
                    s.expect(vl, want.value_long);
    if (!ok) {
      std::string ctx = "unit " + std::to_string(next) + " of " + std::to_string(units.size());
      if (segment_names && segment > 0) ctx += " (" + (*segment_names)[segment - 1] + ")";
      s.report().mismatch->context = ctx;
      return run;
    }
    if (offering && !started) {
      started = true;
      run.first_valid = s.cycle();
    }
    if (want.value_valid && ready) {
      run.taken.push_back({want.value, want.value_long});
      run.last_taken = s.cycle();
    }
    if (model.clock(in)) {
      ++next;
      offering = false;
    }
    s.tick();
    if (next == units.size() && !want.value_valid) ++drain;
  }
  return run;
}

void verify_decoder(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const gs::Format f = decoder_format(g);
  std::vector<gs::Unit> units;
  std::vector<size_t> starts;
  std::vector<std::string> names;
  // Segment 0: every value of the format, in random order, as the encoder would send it.
  const std::vector<int64_t> values = all_inputs_shuffled(f, rng);
  const std::vector<gs::Unit> coded = gs::encode_stream(f, values);
  for (size_t i = 0; i < coded.size(); i += 4096) {
    starts.push_back(i);
    names.push_back("every value in random order");
  }
  units = coded;
  // Then `count` random unit streams: any unit, any sign, in any order (lengths 1..64).
  std::uniform_int_distribution<int> len(1, 64);
  for (int j = 0; j < count; ++j) {
    starts.push_back(units.size());
    names.push_back("random unit stream " + std::to_string(j));
    const int n = len(rng);
    for (int k = 0; k < n; ++k) units.push_back(static_cast<gs::Unit>(rng() & ((1u << f.unit_width()) - 1)));
  }
  const auto taken = run_decoder(s, f, units, &rng, &names, &starts).taken;
  if (s.failed()) return;
  // End to end: what left the block equals the functional decode of everything that went in.
  const auto expect = gs::decode_stream(f, units);
  if (taken != expect) {
    size_t i = 0;
    while (i < taken.size() && i < expect.size() && taken[i] == expect[i]) ++i;
    s.report().ok = false;
    s.report().mismatch = Mismatch{s.cycle(), "value stream",
                                   i < expect.size() ? std::to_string(expect[i].value) : "no more values",
                                   i < taken.size() ? std::to_string(taken[i].value) : "no more values",
                                   "value " + std::to_string(i) + " of the stream"};
    return;
  }
  s.report().items = units.size();
  s.report().summary = std::to_string(values.size()) + " values in random order, then " + std::to_string(count) +
                       " random unit streams; " + std::to_string(units.size()) + " units, " +
                       std::to_string(taken.size()) + " values, random valid gaps and value_ready stalls";
}

void check_values_input(const gs::Format& f, const nlohmann::json& in, const std::string& where) {
  allow_only(in, {"values"}, where, "");
  int_array(require_member(in, "values", where, ""), f.min_input(), f.max_input(), where, "/values");
}

nlohmann::json stats_json(const gs::Format& f, const std::vector<int64_t>& values) {
  const auto st = gs::stats(f, values);
  return {{"count", st.count},           {"long_count", st.long_count},   {"long_fraction", st.long_fraction},
          {"bits_per_value", st.bits_per_value}, {"lossy_count", st.lossy_count},
          {"max_abs_error", st.max_abs_error},   {"mean_abs_error", st.mean_abs_error}};
}

nlohmann::json sim_encoder(const Generated& g, Sim& s, const nlohmann::json& in) {
  const gs::Format f = encoder_format(g);
  const bool pipelined = bf::spark::encoder_block().typed(g.cfg).pipeline == 1;
  const std::vector<int64_t> values = in.at("values").get<std::vector<int64_t>>();
  const auto seen = run_encoder(s, f, pipelined, values, nullptr);
  nlohmann::json codes = nlohmann::json::array(), longs = nlohmann::json::array(), signs = nlohmann::json::array();
  std::vector<gs::Unit> units;
  for (const auto& o : seen) {
    codes.push_back(o.code);
    longs.push_back(o.is_long);
    signs.push_back(o.sign);
    const gs::Unit sign_bit = f.is_signed && o.sign ? (1u << f.unit_bits()) : 0u;
    const uint32_t mask = (1u << f.unit_bits()) - 1;
    if (o.is_long) units.push_back(((o.code >> f.unit_bits()) & mask) | sign_bit);
    units.push_back((o.code & mask) | sign_bit);
  }
  nlohmann::json decoded = nlohmann::json::array();
  for (const auto& d : gs::decode_stream(f, units)) decoded.push_back(d.value);
  nlohmann::json out = {{"codes", codes}, {"long", longs}, {"units", units}, {"decoded", decoded}};
  if (f.is_signed) out["signs"] = signs;
  out["cycles"] = s.cycle();
  out["golden"] = s.failed() ? "mismatch" : "match";
  if (s.failed()) out["mismatch"] = s.report().failure_text({});
  out["stats"] = stats_json(f, values);
  return out;
}

nlohmann::json sim_decoder(const Generated& g, Sim& s, const nlohmann::json& in) {
  const gs::Format f = decoder_format(g);
  const std::vector<int64_t> values = in.at("values").get<std::vector<int64_t>>();
  const std::vector<gs::Unit> units = gs::encode_stream(f, values);
  const DecoderRun run = run_decoder(s, f, units, nullptr, nullptr, nullptr);
  const auto& taken = run.taken;
  nlohmann::json decoded = nlohmann::json::array(), longs = nlohmann::json::array();
  for (const auto& d : taken) {
    decoded.push_back(d.value);
    longs.push_back(d.is_long);
  }
  const bool match = !s.failed() && taken == gs::decode_stream(f, units);
  // Cycles from the first valid unit to the cycle the last value is taken, inclusive (ready held high).
  const uint64_t cycles = taken.empty() ? 0 : run.last_taken - run.first_valid + 1;
  nlohmann::json out = {{"units", units}, {"decoded", decoded}, {"long", longs}, {"cycles", cycles},
                        {"golden", match ? "match" : "mismatch"}, {"stats", stats_json(f, values)}};
  if (s.failed()) out["mismatch"] = s.report().failure_text({});
  return out;
}

}  // namespace

std::vector<Bench> benches() {
  return {
      {"spark_encoder", 0, verify_encoder,
       [](const Generated& g, const nlohmann::json& in, const std::string& where) {
         check_values_input(encoder_format(g), in, where);
       },
       sim_encoder},
      {"spark_decoder", 200, verify_decoder,
       [](const Generated& g, const nlohmann::json& in, const std::string& where) {
         check_values_input(decoder_format(g), in, where);
       },
       sim_decoder},
  };
}

}  // namespace bf::verif::spark
