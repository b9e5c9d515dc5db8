// The two kinds of failure a user can see: bad input (exit 2) and a failed check (exit 1).
#pragma once

#include <stdexcept>
#include <string>

namespace bf {

// Bad input: a config, data file or argument. `where` is the file, `path` the JSON pointer inside it.
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& where, const std::string& path, const std::string& what)
      : std::runtime_error(format(where, path, what)) {}

 private:
  static std::string format(const std::string& where, const std::string& path, const std::string& what) {
    std::string out = where;
    if (!path.empty()) out += (out.empty() ? "" : ": ") + path;
    return out + (out.empty() ? "" : ": ") + what;
  }
};

// A tool, build or flow that failed for reasons other than bad input (exit 1).
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bf
