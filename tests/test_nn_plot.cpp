// nn/plot: CSV files as written, and PNGs drawn by gnuplot when it is installed. Without
// gnuplot, draw() must say so and still leave its script; the test never fails for want of it.
#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nn/plot.hpp"

using namespace chainrule::nn;

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path fresh_directory() {
  auto directory = std::filesystem::temp_directory_path() /
                   ("chainrule-plot-test-" + std::to_string(::getpid()) + " it's");
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  return directory;
}

}  // namespace

TEST_CASE("a CSV file is its header and its rows, comma-separated") {
  const auto directory = fresh_directory();
  CHECK(write_csv(directory / "a.csv", {"h", "error"}, {{"0.1", "3.2e-4"}, {"1e-8", "2.4e-5"}}));
  CHECK(read(directory / "a.csv") == "h,error\n0.1,3.2e-4\n1e-8,2.4e-5\n");
  CHECK_FALSE(write_csv(directory / "missing" / "a.csv", {"h"}, {}));
  std::filesystem::remove_all(directory);
}

TEST_CASE("a plot is drawn where gnuplot is installed, and its script is kept either way") {
  // The directory name has a space and a quote: paths must survive the shell and gnuplot.
  const auto directory = fresh_directory();
  REQUIRE(
      write_csv(directory / "curve.csv", {"h", "forward", "central"},
                {{"0.1", "3e-4", "6e-7"}, {"0.01", "3e-5", "6e-9"}, {"0.001", "3e-6", "1e-10"}}));
  Plot plot;
  plot.csv = directory / "curve.csv";
  plot.png = directory / "curve.png";
  plot.title = "a \"quoted\" title";
  plot.log_x = plot.log_y = plot.points = true;
  plot.curves = {{2, "forward"}, {3, "central"}};
  const bool drawn = draw(plot);
  const std::string script = read(directory / "curve.gp");
  CHECK(script.find("using 1:3 with linespoints title \"central\"") != std::string::npos);
  CHECK(script.find("set title \"a \\\"quoted\\\" title\"") != std::string::npos);
  CHECK(drawn == gnuplot_available());
  if (drawn) {
    const std::string png = read(plot.png);
    REQUIRE(png.size() > 8);
    CHECK(png.substr(1, 3) == "PNG");  // the PNG signature: \x89 P N G
  } else {
    MESSAGE("gnuplot is not installed: no PNG drawn, as expected");
    CHECK_FALSE(std::filesystem::exists(plot.png));
  }
  std::filesystem::remove_all(directory);
}
