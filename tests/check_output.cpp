// check_output SOURCE PREFIX COMMAND...: runs COMMAND and compares what it prints with the
// comment block that ends SOURCE, the lines after "<PREFIX> Output:" with the prefix removed.
// Every example keeps the output it prints at its end; this keeps them true.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "shell.hpp"

namespace {

std::string expected_output(const std::string& source, const std::string& prefix) {
  std::ifstream in(source);
  std::string line, block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == prefix + " Output:") {
      inside = true;
      block.clear();
    } else if (inside) {
      if (line == prefix)
        block += "\n";
      else if (line.rfind(prefix + " ", 0) == 0)
        block += line.substr(prefix.size() + 1) + "\n";
      else
        inside = line.empty() ? inside : false;
    }
  }
  return block;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: check_output SOURCE PREFIX COMMAND...\n";
    return 2;
  }
  std::string command = "NO_COLOR=1";
  for (int i = 3; i < argc; ++i) command += std::string(" '") + argv[i] + "'";
  const std::string actual = chainrule::testing::run_shell(command).out;
  const std::string expected = expected_output(argv[1], argv[2]);
  if (expected.empty()) {
    std::cerr << argv[1] << ": no '" << argv[2] << " Output:' block at its end\n";
    return 1;
  }
  if (actual == expected) return 0;
  std::cerr << argv[1] << ": the output differs from the block at its end.\n--- expected\n"
            << expected << "--- actual\n"
            << actual;
  return 1;
}
