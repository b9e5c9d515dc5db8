// From a resolved config to the files `bitforge gen` writes: headed sources, filelist.f and manifest.json.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/block.hpp"

namespace bf {

struct OutputFile {
  std::string name;
  std::string text;
};

struct Generated {
  ResolvedConfig cfg;
  Design design;
  std::vector<OutputFile> rtl;  // headed sources in compile order
  nlohmann::json manifest;
  std::vector<OutputFile> all_files() const;  // rtl + filelist.f + manifest.json
};

// Emits the block and assembles every output; deterministic for a given config and generator version.
Generated generate(const ResolvedConfig& cfg);

// The comment block that heads every generated file (`prefix` is "// " for Verilog).
std::string file_header(const ResolvedConfig& cfg, const std::string& prefix);

// Writes every output file into `dir` all-or-nothing: files are first written to a temporary sibling
// directory, then moved into place. Throws ToolError on an I/O failure (nothing of the new output is left).
void write_files(const std::vector<OutputFile>& files, const std::filesystem::path& dir);

// The ANSI port list of a module, one port per line, for templates' {{ports}}.
std::string verilog_port_list(const std::vector<Port>& ports);

nlohmann::json ports_json(const std::vector<Port>& ports);

}  // namespace bf
