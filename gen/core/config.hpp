// Reading and validating a block configuration file (interfaces.md, "Configuration file").
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/block.hpp"
#include "base/json_io.hpp"

namespace bf {

// Reads, parses and validates `file`. Any problem throws InputError naming the file and the JSON path.
ResolvedConfig load_config(const std::filesystem::path& file);

// Validates an already parsed config; `where` names its origin in messages.
ResolvedConfig resolve_config(const nlohmann::json& j, const std::string& where);

bool is_verilog_identifier(const std::string& s);
const std::set<std::string>& verilog_keywords();  // IEEE 1800-2017 Annex B

}  // namespace bf
