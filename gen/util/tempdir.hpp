// A private temporary directory, removed with everything in it when the object goes away (or when the
// process is ended by a signal, see cleanup.hpp).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "util/cleanup.hpp"

namespace bf::util {

class TempDir {
 public:
  explicit TempDir(const std::string& tag = "bitforge") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (tag + ".XXXXXX")).string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
    path_ = tmpl;
    register_cleanup(path_);
  }
  ~TempDir() {
    unregister_cleanup(path_);
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace bf::util
