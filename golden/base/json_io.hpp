// Reading user JSON files strictly (duplicate keys are errors) and describing values in error messages.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bf {

// Reads and parses a JSON file. A missing or unreadable file, a directory, a syntax error or a duplicate
// key throws InputError naming the file (and the JSON path of a duplicate key).
nlohmann::json read_json_file(const std::filesystem::path& file);

// A short description of a value for messages: scalars as JSON (strings cut at 40 characters),
// "an array" / "an object" for containers (never dumped: they can be huge or deeply nested).
std::string describe_json(const nlohmann::json& v);

// Checks of user JSON, for every reader of configs and inputs: each throws InputError(where, path, ...) on a
// mismatch, `where` naming the file and `path` the JSON pointer.
const nlohmann::json& require_member(const nlohmann::json& obj, const std::string& key, const std::string& where,
                                     const std::string& path);
void allow_only(const nlohmann::json& obj, const std::vector<std::string>& keys, const std::string& where,
                const std::string& path);
// One integer in [lo, hi] at `path`.
int64_t int_value(const nlohmann::json& v, int64_t lo, int64_t hi, const std::string& where, const std::string& path);
std::vector<int64_t> int_array(const nlohmann::json& arr, int64_t lo, int64_t hi, const std::string& where,
                               const std::string& path);

}  // namespace bf
