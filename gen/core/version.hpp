#pragma once

namespace bf {
// Bumped whenever generated output may change; part of every file header, manifest and model cache key.
inline constexpr const char* kGeneratorVersion = "0.1.0";
}  // namespace bf
