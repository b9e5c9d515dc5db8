#include "flow/lint.hpp"

#include <fstream>
#include <system_error>

#include "flow/area.hpp"
#include "flow/flow_error.hpp"
#include "util/process.hpp"

namespace bf::flow {

namespace fs = std::filesystem;

std::vector<LintResult> run_lint(const std::vector<fs::path>& sv_files, const std::string& top,
                                 const fs::path& workdir, bool full_synth) {
  check_top_name(top);
  if (sv_files.empty()) throw FlowError("run_lint: no source files given for top '" + top + "'");
  std::error_code ec;
  fs::create_directories(workdir, ec);
  if (ec) throw FlowError("cannot create work directory '" + workdir.string() + "': " + ec.message());
  const fs::path wd = fs::absolute(workdir);
  std::vector<std::string> files;
  for (const auto& f : sv_files) files.push_back(fs::absolute(f).string());

  std::vector<LintResult> results;
  auto run = [&](const std::string& tool, const std::vector<std::string>& argv) -> LintResult& {
    const auto res = util::run_process(argv, wd);
    LintResult r;
    r.tool = tool;
    r.ok = res.exit_code == 0;
    r.log = res.output;
    r.command = util::shell_join(argv);
    results.push_back(std::move(r));
    return results.back();
  };

  // Verilator: -Wall and no waivers; a warning is a failure even if the exit code were 0.
  {
    std::vector<std::string> argv = {"verilator", "--lint-only", "-Wall", "--top-module", top};
    argv.insert(argv.end(), files.begin(), files.end());
    LintResult& r = run("verilator", argv);
    if (r.log.find("%Warning") != std::string::npos || r.log.find("%Error") != std::string::npos) r.ok = false;
  }

  // Icarus Verilog: elaboration with the SystemVerilog-2012 front end.
  {
    std::vector<std::string> argv = {"iverilog", "-g2012", "-s", top, "-o", (wd / "iv.out").string()};
    argv.insert(argv.end(), files.begin(), files.end());
    run("iverilog", argv);
  }

  // Yosys: the same front end and latch check as run_area, then `check -assert`; with full_synth a generic
  // synthesis too, without SAT-based resource sharing (`share` alone took 92% of a Panacea PEA's synthesis;
  // bitforge area keeps it, as it can change the area).
  {
    const fs::path script = wd / "lint.ys";
    const fs::path log = wd / "lint.log";
    fs::remove(log, ec);
    const std::string text =
        "# bitforge lint flow (generated)\n" + yosys_frontend_script(sv_files, top) + "check -assert\n" +
        (full_synth ? "synth -noshare -top " + top + "\n" : std::string());
    {
      std::ofstream out(script, std::ios::binary | std::ios::trunc);
      out << text;
      out.close();
      if (!out) throw FlowError("cannot write '" + script.string() + "'");
    }
    LintResult& r = run("yosys", {"yosys", "-q", "-l", log.string(), "-s", script.string()});
    if (!r.ok) {
      std::ifstream in(log, std::ios::binary);
      const std::string full((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const std::string latch = describe_latches(full + "\n" + r.log);
      if (!latch.empty()) r.log = latch + "\n" + r.log;
    }
  }
  return results;
}

}  // namespace bf::flow
