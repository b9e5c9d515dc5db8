// Test bench of panacea_opc: exhaustive over every (weight slice, activation slice) pair on every multiplier, then
// random vectors.
#include "base/errors.hpp"
#include "harness/lanes.hpp"
#include "panacea/panacea_bench.hpp"
#include "panacea/panacea_blocks.hpp"

namespace bf::verif::panacea {

namespace {

int64_t signed4(uint64_t bits) { return (bits & 8) ? static_cast<int64_t>(bits & 15) - 16 : static_cast<int64_t>(bits & 15); }

// The ports of panacea_opc.
struct OpcPorts {
  size_t w_i, x_i, p_o;
  explicit OpcPorts(const Sim& s) : w_i(s.port("w_i")), x_i(s.port("x_i")), p_o(s.port("p_o")) {}
};

void verify_opc(const bf::panacea::OpcParams& p, Sim& s, std::mt19937_64& rng, int count) {
  const int v = p.v;
  const size_t V = static_cast<size_t>(v);
  const OpcPorts ports(s);
  // Cycles 0..255: multiplier (i, j) sees w = (n / 16 + 3i) mod 16 and x = (n + 5j) mod 16, i.e. every pair once.
  const size_t cycles = 256 + static_cast<size_t>(count);
  for (size_t n = 0; n < cycles && !s.failed(); ++n) {
    std::vector<int64_t> w(V), x(V);
    for (size_t i = 0; i < V; ++i) {
      w[i] = n < 256 ? signed4(n / 16 + 3 * i) : signed4(rng());
      x[i] = n < 256 ? static_cast<int64_t>((n + 5 * i) % 16) : static_cast<int64_t>(rng() % 16);
    }
    s.set_words(ports.w_i, pack_lanes(w, 4));
    s.set_words(ports.x_i, pack_lanes(x, 4));
    s.eval();
    std::vector<int64_t> want(V * V);
    for (size_t i = 0; i < V; ++i) {
      for (size_t j = 0; j < V; ++j) want[i * V + j] = w[i] * x[j];
    }
    if (!s.expect_lanes(ports.p_o, want, 8, true)) {
      s.report().mismatch->context = n < 256 ? "exhaustive pass, step " + std::to_string(n) : "random vectors";
      return;
    }
    s.tick();
  }
  s.report().items = cycles;
  s.report().summary = "every (signed 4-bit, unsigned 4-bit) pair on each of the " + std::to_string(V * V) +
                       " multipliers, then " + std::to_string(count) + " random vector pairs";
}

}  // namespace

Bench opc_bench() {
  using bf::panacea::OpcParams;
  return typed_bench(bf::panacea::opc_block(),
                     TypedBench<OpcParams>{
                         .default_count = 256,
                         .verify = verify_opc,
                         .check_input = [](const OpcParams&, const nlohmann::json&, const std::string& where) {
                           throw InputError(where, "", "panacea_opc has no sim input format: use bitforge verify");
                         }});
}

}  // namespace bf::verif::panacea
