// Whole-file text I/O shared by the generator, the flows and the harness.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/errors.hpp"

namespace bf::util {

// The file's bytes; empty when it cannot be read.
inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes (replaces) the file; throws ToolError when it cannot.
inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw ToolError("cannot write " + p.string());
}

}  // namespace bf::util
