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
// directory, then moved into place. A bad path (empty, missing parent, a file where a directory should be,
// a directory where a file should be) throws InputError before anything is written; an I/O failure throws
// ToolError and leaves nothing of the new output behind.
// An output directory a user named, normalized: its missing parents may be created (as Verilator's --Mdir does),
// but the nearest existing ancestor must be a directory (InputError naming the path otherwise).
std::filesystem::path checked_output_dir(const std::filesystem::path& path);
void write_files(const std::vector<OutputFile>& files, const std::filesystem::path& dir);

// Writes one output file (`--output`, `--json`, `docs -o`) atomically: a temporary file, then a rename. A
// path that exists and is not a regular file (a device, a pipe) is written as it is. Bad paths: InputError.
void write_file(const std::filesystem::path& path, const std::string& text);

// The ANSI port list of a module for templates' ${ports}: one port per line, each with its doc as a comment, e.g.
//   input  logic [7:0] a_i,  // A operand, two's complement
std::string verilog_port_list(const std::vector<Port>& ports);

nlohmann::json ports_json(const std::vector<Port>& ports);

}  // namespace bf
