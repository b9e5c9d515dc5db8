#include "core/block.hpp"

// Every family's block list (gen/<family>/), declared here from the one list of families.
#define BF_FAMILY(f) \
  namespace bf::f {  \
  std::vector<const Block*> blocks(); \
  }
#include "core/families.def"
#undef BF_FAMILY

namespace bf {

const std::vector<const Block*>& all_blocks() {
  static const std::vector<const Block*> blocks = [] {
    std::vector<const Block*> v;
#define BF_FAMILY(f) \
  for (const Block* b : f::blocks()) v.push_back(b);
#include "core/families.def"
#undef BF_FAMILY
    return v;
  }();
  return blocks;
}

const Block* find_block(const std::string& name) {
  for (const Block* b : all_blocks()) {
    if (b->name() == name) return b;
  }
  return nullptr;
}

}  // namespace bf
