#include "util/cleanup.hpp"

#include <csignal>
#include <cstring>
#include <mutex>
#include <system_error>

namespace bf::util {

namespace {

constexpr int kSlots = 32;
constexpr size_t kPathMax = 4096;
char g_paths[kSlots][kPathMax];       // empty string: free slot
volatile std::sig_atomic_t g_used[kSlots];
std::mutex g_mutex;

extern "C" void on_signal(int sig) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i]) {
      std::error_code ec;
      std::filesystem::remove_all(g_paths[i], ec);
    }
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_once() {
  static const bool installed = [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
    return true;
  }();
  (void)installed;
}

}  // namespace

void register_cleanup(const std::filesystem::path& path) {
  const std::string s = path.string();
  if (s.size() >= kPathMax) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  install_once();
  for (int i = 0; i < kSlots; ++i) {
    if (!g_used[i]) {
      std::memcpy(g_paths[i], s.c_str(), s.size() + 1);
      g_used[i] = 1;
      return;
    }
  }
}

void unregister_cleanup(const std::filesystem::path& path) {
  const std::string s = path.string();
  std::lock_guard<std::mutex> lock(g_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i] && s == g_paths[i]) {
      g_used[i] = 0;
      return;
    }
  }
}

}  // namespace bf::util
