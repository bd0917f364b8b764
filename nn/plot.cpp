#include "nn/plot.hpp"

#include <cstdlib>
#include <fstream>

namespace chainrule::nn {

namespace {

// Paths go into a shell command and a gnuplot string: single-quote them for both.
std::string quoted(const std::filesystem::path& path) {
  std::string text = "'";
  for (char c : path.string()) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return text + "'";
}

std::string gnuplot_string(const std::string& text) {
  std::string escaped;
  for (char c : text) escaped += c == '"' ? std::string("\\\"") : std::string(1, c);
  return "\"" + escaped + "\"";
}

}  // namespace

bool write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows) {
  std::ofstream out(path, std::ios::binary);
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) out << (k ? "," : "") << cells[k];
    out << "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
  return static_cast<bool>(out);
}

bool gnuplot_available() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

bool draw(const Plot& plot) {
  std::filesystem::path script = plot.png;
  script.replace_extension(".gp");
  {
    std::ofstream out(script, std::ios::binary);
    out << "# Draws " << plot.png.filename().string() << " from " << plot.csv.filename().string()
        << "; run from this directory: gnuplot " << script.filename().string() << "\n"
        << "set terminal pngcairo size 900,560 noenhanced\n"
        << "set output " << gnuplot_string(plot.png.filename().string()) << "\n"
        << "set datafile separator ','\n"
        << "set key autotitle columnhead " << plot.key << " box opaque\nset grid\n"
        << "set title " << gnuplot_string(plot.title) << "\n"
        << "set xlabel " << gnuplot_string(plot.x_label) << "\n"
        << "set ylabel " << gnuplot_string(plot.y_label) << "\n";
    if (!plot.y_range.empty()) out << "set yrange " << plot.y_range << "\n";
    if (plot.log_x) out << "set logscale x\nset format x '1e%L'\n";
    if (plot.log_y) out << "set logscale y\nset format y '1e%L'\n";
    const std::filesystem::path data = plot.csv.parent_path() == plot.png.parent_path()
                                           ? plot.csv.filename()
                                           : std::filesystem::absolute(plot.csv);
    out << "plot ";
    for (std::size_t k = 0; k < plot.curves.size(); ++k)
      out << (k ? ", \\\n     " : "") << gnuplot_string(data.string())
          << " using 1:" << plot.curves[k].column
          << (plot.points ? " with linespoints" : " with lines") << " title "
          << gnuplot_string(plot.curves[k].title);
    out << "\n";
    if (!out) return false;
  }
  if (!gnuplot_available()) return false;
  const std::filesystem::path directory = plot.png.has_parent_path() ? plot.png.parent_path() : ".";
  const std::string command =
      "cd " + quoted(directory) + " && gnuplot " + quoted(script.filename()) + " >/dev/null 2>&1";
  return std::system(command.c_str()) == 0 && std::filesystem::exists(plot.png);
}

}  // namespace chainrule::nn
