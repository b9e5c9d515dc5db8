// A mutant: the generated RTL with one deliberate bug, which verification must catch. Each family lists its own
// in verif/<family>/<family>_mutants.cpp; verif/rtl_test.cpp runs them all.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace bf::verif {

struct Mutant {
  const char* what;
  nlohmann::json config;
  const char* from;  // text in the generated RTL, which must occur exactly once
  const char* to;    // its broken replacement
};

}  // namespace bf::verif
