#include "base/json_io.hpp"

#include <set>
#include <vector>

#include "base/errors.hpp"
#include <fstream>
#include <sstream>

namespace bf {

std::string describe_json(const nlohmann::json& v) {
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > 40) return nlohmann::json(s.substr(0, 40)).dump() + "...";
  }
  return v.dump();
}

namespace {

// Tracks where the parser is (for the JSON path of an error) and the keys seen in each open object.
class KeyTracker {
 public:
  explicit KeyTracker(std::string file) : file_(std::move(file)) {}

  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start:
        frames_.push_back({event == E::array_start, 0, {}, {}});
        break;
      case E::key: {
        Frame& f = frames_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second) throw InputError(file_, path(), "duplicate key");
        break;
      }
      case E::object_end:
      case E::array_end:
        frames_.pop_back();
        element_done();
        break;
      case E::value:
        element_done();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_array;
    size_t index;
    std::set<std::string> keys;
    std::string key;
  };
  void element_done() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }
  std::string path() const {
    std::string p;
    for (const auto& f : frames_) p += "/" + (f.is_array ? std::to_string(f.index) : f.key);
    return p;
  }
  std::string file_;
  std::vector<Frame> frames_;
};

}  // namespace

nlohmann::json read_json_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw InputError(file.string(), "", "is a directory, not a JSON file");
  if (!std::filesystem::exists(file, ec)) throw InputError(file.string(), "", "cannot read the file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "", "cannot read the file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string text = bytes.str();
  try {
    KeyTracker tracker(file.string());
    return nlohmann::json::parse(text, std::ref(tracker));
  } catch (const nlohmann::json::parse_error& e) {
    std::string msg = e.what();
    const auto p = msg.find("parse error");
    throw InputError(file.string(), "", "not valid JSON: " + (p == std::string::npos ? msg : msg.substr(p)));
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    std::string msg = e.what();
    const auto p = msg.find("] ");
    throw InputError(file.string(), "", "not valid JSON: " + (p == std::string::npos ? msg : msg.substr(p + 2)));
  }
}

const nlohmann::json& require_member(const nlohmann::json& obj, const std::string& key, const std::string& where,
                                     const std::string& path) {
  if (!obj.is_object()) throw InputError(where, path.empty() ? "/" : path, "must be a JSON object");
  if (!obj.contains(key)) throw InputError(where, path + "/" + key, "missing");
  return obj.at(key);
}

void allow_only(const nlohmann::json& obj, const std::vector<std::string>& keys, const std::string& where,
                const std::string& path) {
  if (!obj.is_object()) throw InputError(where, path.empty() ? "/" : path, "must be a JSON object");
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (const auto& a : keys) ok = ok || a == k;
    if (!ok) {
      std::string list;
      for (const auto& a : keys) list += (list.empty() ? "" : ", ") + a;
      throw InputError(where, path + "/" + k, "unknown key (allowed: " + list + ")");
    }
  }
}

int64_t int_value(const nlohmann::json& v, int64_t lo, int64_t hi, const std::string& where, const std::string& path) {
  const bool is_int = v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX);
  if (!is_int || v.get<int64_t>() < lo || v.get<int64_t>() > hi) {
    throw InputError(where, path,
                     "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                         describe_json(v));
  }
  return v.get<int64_t>();
}

std::vector<int64_t> int_array(const nlohmann::json& arr, int64_t lo, int64_t hi, const std::string& where,
                               const std::string& path) {
  if (!arr.is_array()) throw InputError(where, path, "must be an array of integers");
  std::vector<int64_t> out;
  out.reserve(arr.size());
  for (size_t i = 0; i < arr.size(); ++i) out.push_back(int_value(arr[i], lo, hi, where, path + "/" + std::to_string(i)));
  return out;
}

}  // namespace bf
