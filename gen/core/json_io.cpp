#include "core/json_io.hpp"

#include <set>
#include <vector>

#include "core/errors.hpp"
#include "util/files.hpp"

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
  std::ifstream probe(file, std::ios::binary);
  if (!probe) throw InputError(file.string(), "", "cannot read the file");
  const std::string text = util::read_text(file);
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

}  // namespace bf
