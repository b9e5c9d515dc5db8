// Reading user JSON files strictly (duplicate keys are errors) and describing values in error messages.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace bf {

// Reads and parses a JSON file. A missing or unreadable file, a directory, a syntax error or a duplicate
// key throws InputError naming the file (and the JSON path of a duplicate key).
nlohmann::json read_json_file(const std::filesystem::path& file);

// A short description of a value for messages: scalars as JSON (strings cut at 40 characters),
// "an array" / "an object" for containers (never dumped: they can be huge or deeply nested).
std::string describe_json(const nlohmann::json& v);

}  // namespace bf
