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

// Before any work: the path's extension (.svg or .png), its directory, the hardware figures it needs and gnuplot.
// InputError for a bad path or --no-hardware; ToolError when gnuplot is missing. Empty: nothing to check.
void check_plot_path(const std::string& path, bool no_hardware);

// Draws the two panels into a temporary file and then writes `path` (all or nothing).
void write_plot(const std::vector<PlotPoint>& points, const std::string& path, const std::string& title);

}  // namespace bf::cli
