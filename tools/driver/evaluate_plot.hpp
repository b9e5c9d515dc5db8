// `evaluate --plot`: quality against energy and against area, one point per design, drawn by gnuplot (Debian's
// gnuplot-nox; tools/bitforge installs it) as SVG or PNG by the file's extension.
#pragma once

#include <string>
#include <vector>

namespace bf::cli {

struct PlotPoint {
  std::string design;
  double psnr_db = 0, energy_uj = 0, area_mm2 = 0;
};

// Before any work: the path's extension (.svg or .png), its directory, the hardware figures it needs, a quantized
// design to plot, and gnuplot. InputError for a bad path, --no-hardware or nothing to plot; ToolError when gnuplot
// is missing. Empty: nothing to check.
void check_plot_path(const std::string& path, bool no_hardware, bool any_quantized);

// The two panels as the file `path` names (SVG or PNG by its extension), drawn in a temporary directory; the caller
// writes them. ToolError when gnuplot fails.
std::string render_plot(const std::vector<PlotPoint>& points, const std::string& path, const std::string& title);

}  // namespace bf::cli
