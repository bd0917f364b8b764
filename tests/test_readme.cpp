// The README shows real output: every block that follows a `<!-- chainrule ARGS -->` marker
// is what that command prints now (`| head -N` compares the first N lines), and the C++
// example is examples/engine_usage.cpp verbatim, with the output that program prints.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;

namespace {

std::string first_lines(const std::string& text, std::size_t count) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < count && at != std::string::npos; ++i) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  return at == std::string::npos ? text : text.substr(0, at);
}

// Compares every marked block of a Markdown document with the command's output.
void check_blocks(const std::string& readme) {
  const std::regex block(R"(<!-- chainrule (.*?)(?: \| head -(\d+))? -->\n```text\n([\s\S]*?)```)");
  int blocks = 0;
  for (std::sregex_iterator it(readme.begin(), readme.end(), block), end; it != end;
       ++it, ++blocks) {
    const std::string args = (*it)[1];
    CAPTURE(args);
    std::string actual = run_chainrule(args).out;
    if ((*it)[2].matched) actual = first_lines(actual, std::stoul((*it)[2]));
    CHECK(actual == (*it)[3].str());
  }
  CHECK(blocks >= 1);
}

}  // namespace

TEST_CASE("every command output the README and the example notes show is what the command prints") {
  for (const char* doc : {"/README.md", "/examples/derivations/tutorial_b_keras.md"}) {
    CAPTURE(doc);
    check_blocks(slurp(std::string(CHAINRULE_SOURCE_DIR) + doc));
  }
}

TEST_CASE("the README's C++ example is examples/engine_usage.cpp, which a test also runs") {
  const std::string readme = slurp(std::string(CHAINRULE_SOURCE_DIR) + "/README.md");
  std::string example = slurp(std::string(CHAINRULE_SOURCE_DIR) + "/examples/engine_usage.cpp");
  example = example.substr(0, example.find("// Output:"));
  while (!example.empty() && example.back() == '\n') example.pop_back();
  CHECK(readme.find("```cpp\n" + example + "\n```") != std::string::npos);
}

TEST_CASE("the output the README shows for its C++ example is what the example prints") {
  // The example's "// Output:" block, which the example_engine_usage test compares with what
  // the program prints, must be the README's text block after the code, line for line.
  const std::string readme = slurp(std::string(CHAINRULE_SOURCE_DIR) + "/README.md");
  const std::string example =
      slurp(std::string(CHAINRULE_SOURCE_DIR) + "/examples/engine_usage.cpp");
  std::string printed;
  std::istringstream lines(example.substr(example.find("// Output:\n") + 11));
  for (std::string line; std::getline(lines, line);) printed += line.substr(3) + "\n";
  REQUIRE(printed.find("d2out/dw2") != std::string::npos);  // the handle type's second derivative
  const std::size_t code = readme.find("```cpp\n");
  const std::size_t block = readme.find("```text\n", code);
  REQUIRE(block != std::string::npos);
  CHECK(readme.substr(block + 8, printed.size()) == printed);
  CHECK(readme.substr(block + 8 + printed.size(), 3) == "```");
}

TEST_CASE("docs/cpp.md shows every examples/cpp program verbatim, each with what it prints") {
  // Each program's code (up to its "// Output:" block, which the example_cpp_* tests compare
  // with what it prints) in a ```cpp block, then "It prints:" and that output in a ```text block.
  const std::string guide = slurp(std::string(CHAINRULE_SOURCE_DIR) + "/docs/cpp.md");
  int shown = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CHAINRULE_SOURCE_DIR) + "/examples/cpp")) {
    if (entry.path().extension() != ".cpp") continue;
    CAPTURE(entry.path().string());
    const std::string source = slurp(entry.path().string());
    const std::size_t output_at = source.find("// Output:\n");
    REQUIRE(output_at != std::string::npos);
    std::string code = source.substr(0, output_at);
    while (!code.empty() && code.back() == '\n') code.pop_back();
    std::string printed;
    std::istringstream lines(source.substr(output_at + 11));
    for (std::string line; std::getline(lines, line);) printed += line.substr(3) + "\n";
    const std::string expected =
        "```cpp\n" + code + "\n```\n\nIt prints:\n\n```text\n" + printed + "```\n";
    CHECK(guide.find(expected) != std::string::npos);
    ++shown;
  }
  CHECK(shown == 6);  // values, tape, network, training, precision, second_derivatives
  // The consumer project CTest builds against an installed prefix, as the guide shows it.
  std::string consumer =
      slurp(std::string(CHAINRULE_SOURCE_DIR) + "/tests/consumer/CMakeLists.txt");
  while (!consumer.empty() && consumer.back() == '\n') consumer.pop_back();
  CHECK(guide.find("```cmake\n" + consumer + "\n```\n") != std::string::npos);
}
