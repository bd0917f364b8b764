// Curves for people to look at: CSV files, and PNG plots drawn by gnuplot where it is installed
// (gnuplot-nox on Debian; scripts/setup.sh installs it). Nothing here fails for want of gnuplot.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace chainrule::nn {

// A header line, then one comma-separated line per row. False when the file cannot be written.
bool write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows);

struct Curve {
  int column;         // 1-based column of the CSV plotted against column 1
  std::string title;  // legend entry
};

struct Plot {
  std::filesystem::path csv;  // data, as write_csv writes it; best in the PNG's directory
  std::filesystem::path png;  // the picture; its gnuplot script is written beside it (.gp)
  std::string title, x_label, y_label;
  bool log_x = false, log_y = false;
  bool points = false;            // mark every data point, for short curves
  std::string key = "top right";  // where the legend goes, in gnuplot's words
  std::string y_range;            // "[0.96:0.97]" to zoom in; empty: gnuplot decides
  std::vector<Curve> curves;
};

bool gnuplot_available();

// Writes the gnuplot script beside `plot.png` and runs gnuplot on it. True when the PNG was
// drawn; false when gnuplot is missing or failed (the script is kept either way).
bool draw(const Plot& plot);

}  // namespace chainrule::nn
