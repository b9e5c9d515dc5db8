// Reading and validating a block configuration file (interfaces.md, "Configuration file").
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/block.hpp"

namespace bf {

// Reads, parses and validates `file`. Any problem throws InputError naming the file and the JSON path.
ResolvedConfig load_config(const std::filesystem::path& file);

// Validates an already parsed config; `where` names its origin in messages.
ResolvedConfig resolve_config(const nlohmann::json& j, const std::string& where);

// Reads a JSON file; a missing file or a syntax error throws InputError naming the file.
nlohmann::json read_json_file(const std::filesystem::path& file);

bool is_verilog_identifier(const std::string& s);

}  // namespace bf
