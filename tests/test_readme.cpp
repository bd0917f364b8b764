// The README shows real output: every block that follows a `<!-- chainrule ARGS -->` marker
// is what that command prints now (`| head -N` compares the first N lines), and the C++
// example is examples/engine_usage.cpp verbatim.
#include <doctest/doctest.h>

#include <regex>

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
