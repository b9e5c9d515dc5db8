#include "ant/ant_bench.hpp"

#include <algorithm>
#include <numeric>

#include "ant/ant.hpp"
#include "ant/ant_gemm.hpp"
#include "ant/ant_pe.hpp"
#include "gemm/gemm.hpp"
#include "ant/ant_blocks.hpp"
#include "base/errors.hpp"
#include "gemm/gemm_bench.hpp"
#include "harness/stream.hpp"

namespace bf::verif::ant {

namespace ga = bf::golden::ant;
namespace gg = bf::golden::gemm;

namespace {

using bf::ant::AntArrayParams, bf::ant::AntDecoderParams, bf::ant::AntPeParams, bf::ant::FlintDecoderParams,
    bf::ant::FlintEncoderParams;

std::vector<uint32_t> all_codes_shuffled(int bits, std::mt19937_64& rng) {
  std::vector<uint32_t> v(size_t{1} << bits);
  std::iota(v.begin(), v.end(), 0u);
  std::shuffle(v.begin(), v.end(), rng);
  return v;
}

// The ports of flint_decoder and ant_decoder (type_i on ant_decoder only).
struct DecoderPorts {
  std::optional<size_t> type_i;
  size_t code_i, base_o, exp_o;
  DecoderPorts(const Sim& s, bool has_type)
      : code_i(s.port("code_i")), base_o(s.port("base_o")), exp_o(s.port("exp_o")) {
    if (has_type) type_i = s.port("type_i");
  }
};

// Drives one (type, code) into a decoder and compares base_o and exp_o with golden::ant::decode.
bool check_decode(Sim& s, const DecoderPorts& ports, ga::Type type, uint32_t code, const ga::Format& f) {
  if (ports.type_i) s.set(*ports.type_i, static_cast<uint64_t>(type));
  s.set(ports.code_i, code);
  s.eval();
  const ga::BaseExp want = ga::decode(f, code);
  const bool ok = s.expect_signed(ports.base_o, want.base) && s.expect(ports.exp_o, static_cast<uint64_t>(want.exp));
  if (!ok) s.report().mismatch->context = std::string(ga::type_name(type)) + " code " + std::to_string(code);
  s.tick();
  return ok;
}

void verify_flint_decoder(const FlintDecoderParams& p, Sim& s, std::mt19937_64& rng, int /*count*/) {
  const ga::Format f = p.format();
  const DecoderPorts ports(s, false);
  size_t n = 0;
  for (uint32_t code : all_codes_shuffled(f.bits, rng)) {
    if (!check_decode(s, ports, ga::Type::Flint, code, f)) return;
    ++n;
  }
  s.report().items = n;
  count_values(s, n);
  s.report().summary = "every code (" + std::to_string(n) + ") in random order against golden::ant::decode";
}

void verify_ant_decoder(const AntDecoderParams& p, Sim& s, std::mt19937_64& rng, int /*count*/) {
  const DecoderPorts ports(s, true);
  size_t n = 0;
  std::vector<std::pair<int, uint32_t>> cases;
  for (int t = 0; t < 4; ++t) {
    for (uint32_t code = 0; code < (1u << p.bits); ++code) cases.emplace_back(t, code);
  }
  std::shuffle(cases.begin(), cases.end(), rng);
  for (const auto& [t, code] : cases) {
    if (t == 3) {  // reserved type: (0, 0)
      s.set(*ports.type_i, 3);
      s.set(ports.code_i, code);
      s.eval();
      if (!s.expect_signed(ports.base_o, 0, "reserved type 3") || !s.expect(ports.exp_o, 0, "reserved type 3")) {
        return;
      }
      s.tick();
    } else if (!check_decode(s, ports, static_cast<ga::Type>(t), code, p.format(static_cast<ga::Type>(t)))) {
      return;
    }
    ++n;
  }
  s.report().items = n;
  count_values(s, n);
  s.report().summary = "every (type, code) pair (" + std::to_string(n) + ", reserved type 3 included) in random order";
}

// The ports of flint_encoder.
struct EncoderPorts {
  size_t value_i, code_o;
  explicit EncoderPorts(const Sim& s) : value_i(s.port("value_i")), code_o(s.port("code_o")) {}
};

void verify_flint_encoder(const FlintEncoderParams& p, Sim& s, std::mt19937_64& rng, int /*count*/) {
  const ga::Format f = p.format();
  const int64_t lo = gg::min_value(p.in_bits, p.is_signed), hi = gg::max_value(p.in_bits, p.is_signed);
  std::vector<int64_t> xs(static_cast<size_t>(hi - lo + 1));
  std::iota(xs.begin(), xs.end(), lo);
  std::shuffle(xs.begin(), xs.end(), rng);
  const EncoderPorts ports(s);
  for (int64_t x : xs) {
    s.set(ports.value_i, static_cast<uint64_t>(x));
    s.eval();
    if (!s.expect(ports.code_o, ga::quantize(f, x), "value_i = " + std::to_string(x))) return;
    s.tick();
  }
  s.report().items = xs.size();
  count_values(s, xs.size());
  s.report().summary = "every input of [" + std::to_string(lo) + ", " + std::to_string(hi) +
                       "] in random order against golden::ant::quantize";
}

// The ports of ant_pe.
struct PePorts {
  size_t in_valid_i, clear_i, a_base_i, a_exp_i, b_base_i, b_exp_i, out_valid_o, acc_o;
  explicit PePorts(const Sim& s)
      : in_valid_i(s.port("in_valid_i")), clear_i(s.port("clear_i")), a_base_i(s.port("a_base_i")),
        a_exp_i(s.port("a_exp_i")), b_base_i(s.port("b_base_i")), b_exp_i(s.port("b_exp_i")),
        out_valid_o(s.port("out_valid_o")), acc_o(s.port("acc_o")) {}
};

// Every pair of decoded operands of every valid type at this width (exhaustive: at most 2^16 code pairs per
// type pair), in random order, with random valid gaps, random clears and noise on idle inputs; every output
// compared with AntPeCycleModel every cycle, and every reported sum with the exact products. The input is
// valid-only (every offered pair is taken) and out_valid_o has no ready.
void verify_ant_pe(const AntPeParams& p, Sim& s, std::mt19937_64& rng, int /*count*/) {
  std::vector<ga::BaseExp> ops;
  for (ga::Type t : {ga::Type::Int, ga::Type::Pot, ga::Type::Flint}) {
    const ga::Format f{t, p.bits, p.is_signed};
    if (!ga::valid_format(f)) continue;
    for (uint32_t c = 0; c < (1u << p.bits); ++c) ops.push_back(ga::decode(f, c));
  }
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t i = 0; i < ops.size(); ++i) {
    for (uint32_t j = 0; j < ops.size(); ++j) pairs.emplace_back(i, j);
  }
  std::shuffle(pairs.begin(), pairs.end(), rng);
  const PePorts ports(s);
  ga::AntPeCycleModel model(p.acc_bits);
  Watchdog dog(s, 1000);
  Source inputs(dog, pairs.size());
  int64_t expect_sum = 0;  // running sum of the exact products, wrapped to acc_bits
  size_t chunk = SIZE_MAX;
  for (;;) {
    const size_t k = inputs.next();
    if (dog.stuck("in_valid_i", "the next operand pair", [&] { return "operand pair " + std::to_string(k); })) return;
    if (k / 4096 != chunk) {  // a new valid-gap rate every 4096 pairs
      chunk = k / 4096;
      inputs.set_stalls(random_stalls(rng));
    }
    const bool have = !inputs.done();
    ga::AntPeCycleModel::In in;
    in.valid = inputs.offer(&rng);
    in.clear = rng() % 8 == 0;
    if (in.valid) {
      in.a = ops[pairs[k].first];
      in.b = ops[pairs[k].second];
    }
    // Idle cycles carry noise on the operand ports.
    s.set(ports.in_valid_i, in.valid);
    s.set(ports.clear_i, in.clear);
    s.set(ports.a_base_i, in.valid ? static_cast<uint64_t>(in.a.base) : rng());
    s.set(ports.a_exp_i, in.valid ? static_cast<uint64_t>(in.a.exp) : rng());
    s.set(ports.b_base_i, in.valid ? static_cast<uint64_t>(in.b.base) : rng());
    s.set(ports.b_exp_i, in.valid ? static_cast<uint64_t>(in.b.exp) : rng());
    s.eval();
    const auto want = model.outputs();
    const Context ctx = [&] { return have ? "operand pair " + std::to_string(k) : std::string("after the last pair"); };
    if (!s.expect(ports.out_valid_o, want.valid) || !s.expect(ports.acc_o, static_cast<uint64_t>(want.acc))) {
      s.report().mismatch->context = ctx();
      return;
    }
    // Independently of the cycle model: the RTL's sum equals the running sum of the exact value products.
    if (want.valid && s.get_signed(ports.acc_o) != expect_sum) {
      s.fail(Mismatch{.cycle = s.cycle(),
                      .port = "acc_o (sum of exact products)",
                      .expected = std::to_string(expect_sum),
                      .actual = std::to_string(s.get_signed(ports.acc_o)),
                      .context = ctx()});
      return;
    }
    if (inputs.handshake(in.valid)) {
      const int64_t prod = (in.a.base * (int64_t{1} << in.a.exp)) * (in.b.base * (int64_t{1} << in.b.exp));
      expect_sum = golden::gemm::wrap(static_cast<int64_t>(static_cast<uint64_t>(in.clear ? 0 : expect_sum) +
                                                           static_cast<uint64_t>(prod)),
                                      p.acc_bits);
    }
    model.clock(in);
    s.tick();
    if (!have) break;
  }
  s.report().items = pairs.size();
  s.report().summary = "every pair of decoded operands (" + std::to_string(ops.size()) + " x " +
                       std::to_string(ops.size()) + ", all types) in random order, random valid gaps and clears";
}

// ---------------------------------------------------------------------------------------------- ant_array

struct AntJob {
  ga::Type a_type = ga::Type::Int;
  std::vector<ga::Type> b_types;  // one per B column (a sim problem: one for every column, or one per column)
  gg::Job codes;      // A (R x K) and B (K x C) lane contents: codes, or in 8-bit mode the nibbles
  bool int8 = false;  // 8-bit mode: codes holds R x K and K x C nibbles of R/2 x K and K x C/2 8-bit ints
};

// 8-bit mode: the R/2 x K (K x C/2) 8-bit matrix as lane nibbles, low nibble on the even lane.
gg::Matrix split_rows(const gg::Matrix& m) {
  gg::Matrix out(2 * m.rows, m.cols);
  for (int r = 0; r < m.rows; ++r) {
    for (int k = 0; k < m.cols; ++k) {
      out.at(2 * r, k) = m.at(r, k) & 15;
      out.at(2 * r + 1, k) = (m.at(r, k) >> 4) & 15;
    }
  }
  return out;
}
gg::Matrix split_cols(const gg::Matrix& m) {
  gg::Matrix out(m.rows, 2 * m.cols);
  for (int k = 0; k < m.rows; ++k) {
    for (int c = 0; c < m.cols; ++c) {
      out.at(k, 2 * c) = m.at(k, c) & 15;
      out.at(k, 2 * c + 1) = (m.at(k, c) >> 4) & 15;
    }
  }
  return out;
}
// The 8-bit values of lane nibbles (inverse of split_rows / split_cols).
int64_t int8_of(int64_t lo, int64_t hi, bool is_signed) {
  const int64_t v = (hi << 4) | lo;
  return is_signed && v >= 128 ? v - 256 : v;
}

// The per-job ports of ant_array (mode_i with int8_mode only).
struct TypePorts {
  size_t a_type_i, b_type_i;
  std::optional<size_t> mode_i;
  TypePorts(const Sim& s, bool int8_mode) : a_type_i(s.port("a_type_i")), b_type_i(s.port("b_type_i")) {
    if (int8_mode) mode_i = s.port("mode_i");
  }
};

// The drive of ant_array: codes on the lanes, decoded values in the cycle model (16-bit signed operands hold
// every ANT value of 3 and 4 bits), the job's types on a_type_i / b_type_i.
gemm::ArrayDrive ant_drive(const bf::ant::AntArrayParams& p, const std::vector<AntJob>& jobs, const Sim& sim) {
  const gg::IntArrayShape lanes{p.rows, p.cols, p.bits, p.bits, false, false, p.acc_bits, 0, 0, p.result_buffer};
  const gg::IntArrayShape model{p.rows, p.cols, 16, 16, true, true, p.acc_bits, 0, 0, p.result_buffer};
  const uint32_t mask = (1u << p.bits) - 1;
  return {lanes, model,
          [&jobs, p, mask](size_t job, bool is_a, size_t lane, int64_t content) {
            const AntJob& j = jobs[job];
            const int64_t c = content & mask;
            const bool is_signed = is_a ? p.a_signed : p.b_signed;
            if (j.int8) {  // low nibble (even lane) as is; high nibble signed when the operand is, times 16
              if (lane % 2 == 0) return c;
              return (is_signed && c >= 8 ? c - 16 : c) * 16;
            }
            return ga::value({is_a ? j.a_type : j.b_types[lane], p.bits, is_signed}, static_cast<uint32_t>(c));
          },
          [&jobs, ports = TypePorts(sim, p.int8_mode)](Sim& s, size_t job) {
            s.set(ports.a_type_i, static_cast<uint64_t>(jobs[job].a_type));
            uint64_t b_types = 0;  // column c's type at [2c +: 2]
            for (size_t c = 0; c < jobs[job].b_types.size(); ++c) {
              b_types |= static_cast<uint64_t>(jobs[job].b_types[c]) << (2 * c);
            }
            s.set(ports.b_type_i, b_types);
            if (ports.mode_i) s.set(*ports.mode_i, jobs[job].int8);
          },
          [&jobs](size_t job) { return jobs[job].int8; }};
}

// C of a job as the array delivers it: the exact GEMM of the decoded values (R x C, B with a type per column,
// golden::ant::typed_gemm); in 8-bit mode the exact
// GEMM of the 8-bit ints in the top-left R/2 x C/2 corner of an R x C tile.
gg::Matrix ant_gemm(const bf::ant::AntArrayParams& p, const AntJob& j) {
  if (!j.int8) {
    return ga::typed_gemm(j.codes.a, j.a_type, p.a_signed, j.codes.b, j.b_types, p.b_signed, p.bits, p.acc_bits);
  }
  gg::Matrix a(j.codes.a.rows / 2, j.codes.a.cols), b(j.codes.b.rows, j.codes.b.cols / 2);
  for (int r = 0; r < a.rows; ++r) {
    for (int k = 0; k < a.cols; ++k) a.at(r, k) = int8_of(j.codes.a.at(2 * r, k), j.codes.a.at(2 * r + 1, k), p.a_signed);
  }
  for (int k = 0; k < b.rows; ++k) {
    for (int c = 0; c < b.cols; ++c) b.at(k, c) = int8_of(j.codes.b.at(k, 2 * c), j.codes.b.at(k, 2 * c + 1), p.b_signed);
  }
  const gg::Matrix small = gg::gemm(a, b, p.acc_bits);
  gg::Matrix tile(j.codes.a.rows, j.codes.b.cols);
  for (int r = 0; r < small.rows; ++r) {
    for (int c = 0; c < small.cols; ++c) tile.at(r, c) = small.at(r, c);
  }
  return tile;
}

void verify_ant_array(const AntArrayParams& p, Sim& s, std::mt19937_64& rng, int count) {
  std::vector<AntJob> jobs;
  const uint32_t codes = 1u << p.bits;
  for (int j = 0; j < count; ++j) {
    AntJob job;
    // The first nine jobs cover every (A type, B type) pair in column 0 (with column c on B type pair + c), later
    // ones pick at random; B types are per column, each column's own.
    const int pair = j < 9 ? j : static_cast<int>(rng() % 9);
    job.a_type = static_cast<ga::Type>(pair / 3);
    for (int c = 0; c < p.cols; ++c) {
      job.b_types.push_back(static_cast<ga::Type>(j < 9 ? (pair + c) % 3 : static_cast<int>(rng() % 3)));
    }
    job.int8 = p.int8_mode && j >= 9 && rng() % 2 == 0;  // 8-bit jobs mixed in after the type pairs
    const int k = j == 0 ? 1 : j % 3 == 2 ? 1 + static_cast<int>(rng() % static_cast<uint64_t>(p.cols + 2))
                                          : gemm::random_k(rng);
    job.codes = {gg::Matrix(p.rows, k), gg::Matrix(k, p.cols)};
    // Codes: uniform, with the largest-magnitude codes (all ones, 0111.., 1000..) often.
    auto code = [&] {
      switch (rng() % 6) {
        case 0: return int64_t{codes - 1};
        case 1: return int64_t{codes / 2 - 1};
        case 2: return int64_t{codes / 2};
        default: return static_cast<int64_t>(rng() % codes);
      }
    };
    for (auto& v : job.codes.a.v) v = code();
    for (auto& v : job.codes.b.v) v = code();
    if (job.int8) {  // 8-bit operands with extremes, as lane nibbles
      gg::Matrix a(p.rows / 2, k), b(k, p.cols / 2);
      for (auto& v : a.v) v = gemm::operand(rng, 8, p.a_signed);
      for (auto& v : b.v) v = gemm::operand(rng, 8, p.b_signed);
      job.codes = {split_rows(a), split_cols(b)};
    }
    jobs.push_back(std::move(job));
  }
  std::vector<gg::Job> plain;
  for (const auto& j : jobs) plain.push_back(j.codes);
  const gemm::ArrayDrive drive = ant_drive(p, jobs, s);
  const gemm::JobsRun run = gemm::run_jobs(s, drive, plain, &rng);
  if (s.failed()) return;
  for (size_t j = 0; j < jobs.size(); ++j) {
    const gg::Matrix want = ant_gemm(p, jobs[j]);
    if (run.c[j] == want) continue;
    size_t i = 0;
    while (run.c[j].v[i] == want.v[i]) ++i;
    s.fail(Mismatch{s.cycle(), "C of job " + std::to_string(j), std::to_string(want.v[i]),
                    std::to_string(run.c[j].v[i]),
                    std::string(ga::type_name(jobs[j].a_type)) + " x column " +
                        std::to_string(i % static_cast<size_t>(p.cols)) + " " +
                        ga::type_name(jobs[j].b_types[i % static_cast<size_t>(p.cols)])});
    return;
  }
  s.report().items = jobs.size();
  uint64_t macs = 0;  // in 8-bit mode a MAC takes two lanes of A and two of B: a quarter of the lane products
  for (const auto& j : jobs) macs += j.int8 ? j.codes.macs() / 4 : j.codes.macs();
  count_macs(s, macs, "one A and one B value: 4-bit codes, or 8-bit ints in 8-bit mode");
  const auto n8 = std::count_if(jobs.begin(), jobs.end(), [](const AntJob& j) { return j.int8; });
  s.report().summary = std::to_string(count) + " back-to-back jobs covering every (A type, B type) pair, B types "
                       "per column (" +
                       std::to_string(n8) + " of them 8-bit int jobs), random codes with extremes, random valid gaps "
                       "per stream and random c_ready; C checked against the exact GEMM of decoded values";
}

ga::Type read_type(const nlohmann::json& t, const std::string& where, const std::string& path) {
  const auto parsed = t.is_string() ? ga::type_from_name(t.get<std::string>()) : std::nullopt;
  if (!parsed) throw InputError(where, path, "must be \"int\", \"pot\" or \"flint\"");
  return *parsed;
}

// The B types of column tile ct (C columns from ct x C; padding columns int, their code 0 is 0 in every type).
std::vector<ga::Type> tile_types(const std::vector<ga::Type>& b_types, int ct, int cols) {
  std::vector<ga::Type> out(static_cast<size_t>(cols), ga::Type::Int);
  for (int c = 0; c < cols; ++c) {
    const size_t col = static_cast<size_t>(ct * cols + c);
    if (b_types.size() == 1) out[static_cast<size_t>(c)] = b_types[0];
    else if (col < b_types.size()) out[static_cast<size_t>(c)] = b_types[col];
  }
  return out;
}

// A sim problem: codes with their types, or (8-bit mode) 8-bit integers, any size (tiled onto the array).
std::vector<AntJob> read_ant_problems(const bf::ant::AntArrayParams& p, const nlohmann::json& in,
                                      const std::string& where) {
  auto one = [&](const nlohmann::json& obj, const std::string& path) {
    AntJob j;
    if (obj.is_object() && obj.contains("mode")) {
      allow_only(obj, {"a", "b", "mode"}, where, path);
      if (obj["mode"] != "int8") throw InputError(where, path + "/mode", "must be \"int8\" (or leave it out)");
      if (!p.int8_mode) throw InputError(where, path + "/mode", "this ant_array has int8_mode false");
      j.int8 = true;
      j.codes.a = data::read_matrix(require_member(obj, "a", where, path), gg::min_value(8, p.a_signed),
                                    gg::max_value(8, p.a_signed), where, path + "/a");
      j.codes.b = data::read_matrix(require_member(obj, "b", where, path), gg::min_value(8, p.b_signed),
                                    gg::max_value(8, p.b_signed), where, path + "/b");
      data::check_inner_dim(j.codes.a, j.codes.b, where, path);
      return j;
    }
    allow_only(obj, {"a", "b", "a_type", "b_type"}, where, path);
    const int64_t hi = (int64_t{1} << p.bits) - 1;
    j.codes.a = data::read_matrix(require_member(obj, "a", where, path), 0, hi, where, path + "/a");
    j.codes.b = data::read_matrix(require_member(obj, "b", where, path), 0, hi, where, path + "/b");
    data::check_inner_dim(j.codes.a, j.codes.b, where, path);
    j.a_type = read_type(require_member(obj, "a_type", where, path), where, path + "/a_type");
    // "b_type": one type for every column, or an array of one per column of b (per output channel).
    const auto& bt = require_member(obj, "b_type", where, path);
    if (!bt.is_array()) {
      j.b_types = {read_type(bt, where, path + "/b_type")};
      return j;
    }
    if (bt.size() != static_cast<size_t>(j.codes.b.cols)) {
      throw InputError(where, path + "/b_type", "must have one type per column of b (" +
                                                    std::to_string(j.codes.b.cols) + "), got " +
                                                    std::to_string(bt.size()));
    }
    for (size_t c = 0; c < bt.size(); ++c) {
      j.b_types.push_back(read_type(bt[c], where, path + "/b_type/" + std::to_string(c)));
    }
    return j;
  };
  return data::read_jobs<AntJob>(in, where, one);
}

// sim: codes are tiled onto the array (partial tiles padded with code 0, value 0 in every type) and run back
// to back; C is the exact GEMM of the decoded values.
nlohmann::json sim_ant_array(const AntArrayParams& p, Sim& s, const nlohmann::json& in) {
  const std::vector<AntJob> problems = read_ant_problems(p, in, "input");
  std::vector<gg::Tiling> tilings;
  std::vector<AntJob> jobs;
  uint64_t macs = 0, pe_macs = 0;
  for (const auto& pr : problems) {
    // 8-bit problems tile onto the R/2 x C/2 array of 2 x 2 PE groups, each 8-bit value as two nibble lanes.
    tilings.push_back(pr.int8 ? gg::tile(pr.codes.a, pr.codes.b, p.rows / 2, p.cols / 2)
                              : gg::tile(pr.codes.a, pr.codes.b, p.rows, p.cols));
    const gg::Tiling& tl = tilings.back();
    for (size_t i = 0; i < tl.jobs.size(); ++i) {
      const gg::Job& t = tl.jobs[i];
      const std::vector<ga::Type> types = tile_types(pr.b_types, static_cast<int>(i) % tl.col_tiles, p.cols);
      jobs.push_back(pr.int8 ? AntJob{pr.a_type, types, {split_rows(t.a), split_cols(t.b)}, true}
                             : AntJob{pr.a_type, types, t, false});
    }
    const uint64_t m = static_cast<uint64_t>(pr.codes.a.rows) * static_cast<uint64_t>(pr.codes.b.cols) *
                       static_cast<uint64_t>(pr.codes.a.cols);
    macs += m;
    pe_macs += pr.int8 ? 4 * m : m;  // an 8-bit MAC takes a 2 x 2 group of 4-bit PEs
  }
  std::vector<gg::Job> plain;
  for (const auto& j : jobs) plain.push_back(j.codes);
  const gemm::ArrayDrive drive = ant_drive(p, jobs, s);
  const gemm::JobsRun run = gemm::run_jobs(s, drive, plain, nullptr);
  bool match = run.finished && !s.failed();
  nlohmann::json results = nlohmann::json::array();
  size_t next = 0;
  for (size_t i = 0; i < problems.size() && match; ++i) {
    const size_t n = tilings[i].jobs.size();
    std::vector<gg::Matrix> tiles(run.c.begin() + static_cast<long>(next), run.c.begin() + static_cast<long>(next + n));
    next += n;
    if (problems[i].int8) {  // the results sit in the top-left R/2 x C/2 corner of each tile
      for (auto& t : tiles) {
        gg::Matrix corner(p.rows / 2, p.cols / 2);
        for (int r = 0; r < corner.rows; ++r) {
          for (int c = 0; c < corner.cols; ++c) corner.at(r, c) = t.at(r, c);
        }
        t = corner;
      }
    }
    const gg::Matrix c = gg::untile(tilings[i], tiles);
    match = match && c == (problems[i].int8 ? gg::gemm(problems[i].codes.a, problems[i].codes.b, p.acc_bits)
                                            : ant_gemm(p, problems[i]));
    results.push_back(data::matrix_json(c));
  }
  nlohmann::json out = gemm::array_sim_result(in, results, run, match, s);
  count_macs(s, macs, "one A and one B value: 4-bit codes, or 8-bit ints in 8-bit mode");
  const uint64_t cycles = out["cycles"];
  out["stats"] = {{"array_jobs", jobs.size()},
                  {"macs", macs},
                  {"pe_macs", pe_macs},
                  {"utilization", cycles ? static_cast<double>(pe_macs) / (static_cast<double>(p.rows) * p.cols *
                                                                             static_cast<double>(cycles))
                                         : 0.0}};
  return out;
}

// ---------------------------------------------------------------------------------------------- sim

ga::Type type_of_input(const nlohmann::json& in, const std::string& where) {
  const auto& t = require_member(in, "type", where, "");
  const auto parsed = t.is_string() ? ga::type_from_name(t.get<std::string>()) : std::nullopt;
  if (!parsed) throw InputError(where, "/type", "must be \"int\", \"pot\" or \"flint\"");
  return *parsed;
}

nlohmann::json decode_codes(Sim& s, const DecoderPorts& ports, ga::Type type, const ga::Format& f,
                            const std::vector<int64_t>& codes) {
  nlohmann::json bases = nlohmann::json::array(), exps = nlohmann::json::array(), values = nlohmann::json::array();
  bool match = true;
  for (int64_t c : codes) {
    if (ports.type_i) s.set(*ports.type_i, static_cast<uint64_t>(type));
    s.set(ports.code_i, static_cast<uint64_t>(c));
    s.eval();
    const int64_t base = s.get_signed(ports.base_o);
    const int exp = static_cast<int>(s.get(ports.exp_o));
    bases.push_back(base);
    exps.push_back(exp);
    values.push_back(base * (int64_t{1} << exp));
    match = match && ga::decode(f, static_cast<uint32_t>(c)) == ga::BaseExp{base, exp};
    s.tick();
  }
  count_values(s, codes.size());
  return {{"base", bases}, {"exp", exps}, {"values", values}, {"cycles", codes.size()},
          {"golden", match ? "match" : "mismatch"}, {"stats", {{"codes", codes.size()}}}};
}

// ---------------------------------------------------------------------------------------------- sim inputs

void check_flint_decoder_input(const FlintDecoderParams& p, const nlohmann::json& in, const std::string& where) {
  allow_only(in, {"codes"}, where, "");
  int_array(require_member(in, "codes", where, ""), 0, (int64_t{1} << p.format().bits) - 1, where, "/codes");
}

nlohmann::json sim_flint_decoder(const FlintDecoderParams& p, Sim& s, const nlohmann::json& in) {
  return decode_codes(s, DecoderPorts(s, false), ga::Type::Flint, p.format(), in.at("codes").get<std::vector<int64_t>>());
}

void check_ant_decoder_input(const AntDecoderParams& p, const nlohmann::json& in, const std::string& where) {
  allow_only(in, {"codes", "type"}, where, "");
  type_of_input(in, where);
  int_array(require_member(in, "codes", where, ""), 0, (int64_t{1} << p.bits) - 1, where, "/codes");
}

nlohmann::json sim_ant_decoder(const AntDecoderParams& p, Sim& s, const nlohmann::json& in) {
  const ga::Type t = type_of_input(in, "input");
  return decode_codes(s, DecoderPorts(s, true), t, p.format(t), in.at("codes").get<std::vector<int64_t>>());
}

void check_flint_encoder_input(const FlintEncoderParams& p, const nlohmann::json& in, const std::string& where) {
  allow_only(in, {"values"}, where, "");
  int_array(require_member(in, "values", where, ""), gg::min_value(p.in_bits, p.is_signed),
            gg::max_value(p.in_bits, p.is_signed), where, "/values");
}

nlohmann::json sim_flint_encoder(const FlintEncoderParams& p, Sim& s, const nlohmann::json& in) {
  const ga::Format f = p.format();
  nlohmann::json codes = nlohmann::json::array(), values = nlohmann::json::array();
  bool match = true;
  const auto xs = in.at("values").get<std::vector<int64_t>>();
  const EncoderPorts ports(s);
  for (int64_t x : xs) {
    s.set(ports.value_i, static_cast<uint64_t>(x));
    s.eval();
    const auto code = static_cast<uint32_t>(s.get(ports.code_o));
    codes.push_back(code);
    values.push_back(ga::value(f, code));
    match = match && code == ga::quantize(f, x);
    s.tick();
  }
  count_values(s, xs.size());
  return nlohmann::json{{"codes", codes}, {"values", values}, {"cycles", xs.size()},
                        {"golden", match ? "match" : "mismatch"}, {"stats", {{"values", xs.size()}}}};
}

void no_ant_pe_input(const AntPeParams&, const nlohmann::json&, const std::string& where) {
  throw InputError(where, "", "ant_pe has no sim input format: use bitforge verify, or sim an ant_decoder");
}

void check_ant_array_input(const AntArrayParams& p, const nlohmann::json& in, const std::string& where) {
  read_ant_problems(p, in, where);
}

}  // namespace

std::vector<Bench> benches() {
  return {
      typed_bench(bf::ant::flint_decoder_block(),
                  TypedBench<FlintDecoderParams>{.default_count = 0,
                                                 .verify = verify_flint_decoder,
                                                 .check_input = check_flint_decoder_input,
                                                 .sim = sim_flint_decoder}),
      typed_bench(bf::ant::ant_decoder_block(), TypedBench<AntDecoderParams>{.default_count = 0,
                                                                             .verify = verify_ant_decoder,
                                                                             .check_input = check_ant_decoder_input,
                                                                             .sim = sim_ant_decoder}),
      typed_bench(bf::ant::ant_pe_block(),
                  TypedBench<AntPeParams>{.default_count = 0, .verify = verify_ant_pe, .check_input = no_ant_pe_input}),
      typed_bench(bf::ant::ant_array_block(), TypedBench<AntArrayParams>{.default_count = 24,
                                                                         .verify = verify_ant_array,
                                                                         .check_input = check_ant_array_input,
                                                                         .sim = sim_ant_array}),
      typed_bench(bf::ant::flint_encoder_block(),
                  TypedBench<FlintEncoderParams>{.default_count = 0,
                                                 .verify = verify_flint_encoder,
                                                 .check_input = check_flint_encoder_input,
                                                 .sim = sim_flint_encoder}),
  };
}

}  // namespace bf::verif::ant
