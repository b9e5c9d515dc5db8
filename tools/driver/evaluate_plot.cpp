#include "evaluate_plot.hpp"

#include <filesystem>

#include <fmt/core.h>

#include "base/errors.hpp"
#include "commands.hpp"
#include "util/files.hpp"
#include "util/process.hpp"
#include "util/tempdir.hpp"

namespace fs = std::filesystem;

namespace bf::cli {

namespace {

std::string terminal(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".svg") return "svg size 1000,420 dynamic font 'sans,11'";
  if (ext == ".png") return "png size 1000,420";
  return {};
}

// A gnuplot string literal (single quotes; a quote doubled).
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void check_plot_path(const std::string& path, bool no_hardware, bool any_quantized) {
  if (path.empty()) return;
  if (terminal(path).empty()) throw InputError("--plot", "", "must end in .svg or .png, got \"" + path + "\"");
  if (no_hardware) throw InputError("--plot", "", "plots energy and area: it cannot be combined with --no-hardware");
  if (!any_quantized) throw InputError("--plot", "", "needs a design other than float in --designs");
  write_file_check(path, "--plot");
  if (util::run_process({"gnuplot", "--version"}).exit_code != 0) {
    throw ToolError("--plot needs gnuplot (Debian package gnuplot-nox; tools/bitforge installs it)");
  }
}

std::string render_plot(const std::vector<PlotPoint>& points, const std::string& path, const std::string& title) {
  util::TempDir tmp("bitforge-plot");
  std::string data;
  for (const auto& p : points) data += fmt::format("{} {:.6g} {:.6g} {:.6g}\n", p.design, p.energy_uj, p.area_mm2, p.psnr_db);
  util::write_text(tmp.path() / "points.dat", data);
  const std::string out = (tmp.path() / ("plot" + fs::path(path).extension().string())).string();
  const std::string script = fmt::format(
      "set terminal {}\nset output {}\nset multiplot layout 1,2 title {}\nset grid\nset key off\n"
      "set offsets graph 0.12, graph 0.12, graph 0.12, graph 0.12\n"
      "set ylabel 'PSNR against the photo (dB)'\nset xlabel 'energy of the network''s convolutions (uJ)'\n"
      "plot 'points.dat' using 2:4 with points pt 7 ps 1.2, '' using 2:4:1 with labels offset char 0,1\n"
      "set xlabel 'array area (mm^2)'\n"
      "plot 'points.dat' using 3:4 with points pt 7 ps 1.2, '' using 3:4:1 with labels offset char 0,1\n"
      "unset multiplot\n",
      terminal(path), quoted(out), quoted(title));
  util::write_text(tmp.path() / "plot.gp", script);
  const util::ProcessResult r = util::run_process({"gnuplot", "plot.gp"}, tmp.path());
  if (r.exit_code != 0) throw ToolError("gnuplot failed on " + (tmp.path() / "plot.gp").string() + ":\n" + r.output);
  return util::read_text(out);
}

}  // namespace bf::cli
