#include "stream.hpp"

namespace bf::verif {

Stalls random_stalls(std::mt19937_64& rng) { return Stalls(stall_levels()[rng() % stall_levels().size()]); }

Watchdog::Watchdog(Sim& s, uint64_t idle_limit) : s_(s), idle_limit_(idle_limit), last_move_(s.cycle()) {}

void Watchdog::fail(std::string_view port, std::string_view expected, const std::string& context) {
  const std::string still = "no beat moved on any stream since cycle " + std::to_string(last_move_) +
                            " (idle limit " + std::to_string(idle_limit_) + " cycles)";
  s_.fail(Mismatch{.cycle = s_.cycle(),
                   .port = std::string(port),
                   .expected = std::string(expected),
                   .actual = "none (no progress)",
                   .context = context.empty() ? still : context + "; " + still});
}

}  // namespace bf::verif
