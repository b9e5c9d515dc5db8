// Temporary paths removed when the process is ended by SIGINT, SIGTERM or SIGHUP, so an interrupted
// `area`, `lint` or model build leaves no scratch directory behind (best effort: the handler runs at
// termination only, then the signal's default action ends the process).
#pragma once

#include <filesystem>

namespace bf::util {

void register_cleanup(const std::filesystem::path& path);
void unregister_cleanup(const std::filesystem::path& path);

}  // namespace bf::util
