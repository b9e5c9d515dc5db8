// Golden-file snapshots of the emitted RTL (in the manner of Google XLS's ExpectVerilogEqualToGoldenFile).
//
// Every file `bitforge gen` writes for every example config (examples/*.json) is kept as text under
// verif/snapshot/examples/<config>/<file>.golden, and the files of every test config are pinned by digest in
// verif/snapshot/test_configs.txt (one line per file: config, file name, FNV-1a 64 of its bytes). A refactor that
// must not change the RTL proves it by leaving this test green; a change meant to alter the RTL updates the
// snapshots with
//
//   BITFORGE_UPDATE_SNAPSHOTS=1 build/verif/unit_tests --gtest_filter='Snapshot*'
//
// and the diff of verif/snapshot/ shows what changed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

#include "core/config.hpp"
#include "core/emit.hpp"
#include "core/hash.hpp"
#include "util/files.hpp"

namespace bf {
namespace {

namespace fs = std::filesystem;

const fs::path kSnapshotDir = fs::path(BF_SOURCE_DIR) / "verif" / "snapshot";
const char* const kUpdate = "BITFORGE_UPDATE_SNAPSHOTS=1 build/verif/unit_tests --gtest_filter='Snapshot*'";

// Snapshots end in .golden (XLS's golden files end in .vtxt), so no tool takes them for sources.
std::string golden_name(const OutputFile& f) { return f.name + ".golden"; }

bool updating() {
  const char* u = std::getenv("BITFORGE_UPDATE_SNAPSHOTS");
  return u != nullptr && *u != '\0' && std::string(u) != "0";
}

std::vector<fs::path> sorted_json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The first line where `want` and `got` differ, as "line N: expected '...', got '...'".
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(a, la));
    const bool hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) return "the texts differ only in a final newline";
    if (!ha || !hb || la != lb) {
      return "line " + std::to_string(line) + ": expected '" + (ha ? la : "<end of file>") + "', got '" +
             (hb ? lb : "<end of file>") + "'";
    }
  }
}

TEST(Snapshot, ExampleConfigsEmitTheirGoldenFiles) {
  const fs::path examples = fs::path(BF_SOURCE_DIR) / "examples";
  int compared = 0;
  for (const fs::path& cfg : sorted_json_files(examples)) {
    const fs::path dir = kSnapshotDir / "examples" / cfg.stem();
    const Generated g = generate(load_config(cfg));
    const std::vector<OutputFile> files = g.all_files();
    if (updating()) {
      fs::remove_all(dir);
      fs::create_directories(dir);
      for (const auto& f : files) util::write_text(dir / golden_name(f), f.text);
      continue;
    }
    ASSERT_TRUE(fs::is_directory(dir)) << "no snapshot for " << cfg << "; create it with: " << kUpdate;
    size_t on_disk = 0;
    for (const auto& e : fs::directory_iterator(dir)) on_disk += e.is_regular_file() ? 1 : 0;
    EXPECT_EQ(on_disk, files.size()) << cfg << ": the snapshot holds another set of files; update: " << kUpdate;
    for (const auto& f : files) {
      const fs::path want_path = dir / golden_name(f);
      ASSERT_TRUE(fs::exists(want_path)) << want_path << " missing; update: " << kUpdate;
      const std::string want = util::read_text(want_path);
      EXPECT_TRUE(want == f.text) << cfg.filename().string() << " -> " << f.name << " differs from " << want_path
                                  << "\n  " << first_difference(want, f.text) << "\n  if the change is meant: "
                                  << kUpdate;
      ++compared;
    }
  }
  if (!updating()) {
    EXPECT_GT(compared, 0);
  }
}

struct TestModel {
  const char* name;
  const char* config;
  const char* model_dir;
};

const TestModel kModels[] = {
#include "test_models.inc"
};

TEST(Snapshot, TestConfigsEmitThePinnedDigests) {
  std::vector<const TestModel*> models;
  for (const TestModel& t : kModels) models.push_back(&t);
  std::sort(models.begin(), models.end(),
            [](const TestModel* a, const TestModel* b) { return std::string(a->name) < std::string(b->name); });
  std::ostringstream now;  // by config name, then in the order gen writes the files
  for (const TestModel* t : models) {
    const Generated g = generate(load_config(t->config));
    for (const auto& f : g.all_files()) now << t->name << ' ' << f.name << ' ' << hex64(fnv1a64(f.text)) << '\n';
  }
  const fs::path pinned = kSnapshotDir / "test_configs.txt";
  if (updating()) {
    util::write_text(pinned, now.str());
    return;
  }
  const std::string want = util::read_text(pinned);
  ASSERT_FALSE(want.empty()) << pinned << " missing; create it with: " << kUpdate;
  EXPECT_TRUE(want == now.str()) << "a test config's emitted files changed\n  "
                                 << first_difference(want, now.str()) << "\n  if the change is meant: " << kUpdate;
}

}  // namespace
}  // namespace bf
