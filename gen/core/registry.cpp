#include "core/block.hpp"
#include "ant/ant_blocks.hpp"
#include "ebsp/ebsp_blocks.hpp"
#include "panacea/panacea_blocks.hpp"
#include "gemm/gemm_blocks.hpp"
#include "spark/spark_blocks.hpp"

namespace bf {

const std::vector<const Block*>& all_blocks() {
  static const std::vector<const Block*> blocks = [] {
    std::vector<const Block*> v;
    for (const Block* b : spark::blocks()) v.push_back(b);
    for (const Block* b : gemm::blocks()) v.push_back(b);
    for (const Block* b : ant::blocks()) v.push_back(b);
    for (const Block* b : ebsp::blocks()) v.push_back(b);
    for (const Block* b : panacea::blocks()) v.push_back(b);
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
