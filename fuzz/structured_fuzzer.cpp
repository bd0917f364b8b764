// The structure-aware fuzz target: the bytes are choices in the grammar of
// fuzz/derivation_grammar.hpp. The drafted file is compiled once to learn its claims' values,
// the claims are published near or off them as the bytes choose, and the finished file goes
// through the same path as fuzz/derivation_fuzzer.cpp's (fuzz/run_derivation.cpp).
//
// CHAINRULE_FUZZ_PRINT=1 in the environment writes each draft and finished file to standard
// error, to turn a crashing input back into the derivation file it stands for.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include "engine/number.hpp"
#include "fuzz/derivation_grammar.hpp"
#include "fuzz/run_derivation.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

namespace {

using namespace chainrule;

// The claims' values, as decimal text; empty when the draft does not compile.
std::vector<std::string> claim_values(const std::string& text) {
  engine::set_working_digits(fuzz::kFuzzDigits);
  auto parsed = verify::parse(text, "f");
  if (!parsed.errors.empty()) return {};
  auto compiled =
      verify::compile_within_limits<engine::Real>(std::move(parsed.document), fuzz::fuzz_limits());
  if (!compiled.derivation) return {};
  const auto& d = *compiled.derivation;
  std::vector<std::string> values;
  for (auto node : d.claim_nodes) values.push_back(engine::to_decimal(d.tape.value(node), 18));
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choices(std::span<const std::uint8_t>(data, size));
  const fuzz::Draft draft = fuzz::draft_derivation(choices);
  static const bool print = std::getenv("CHAINRULE_FUZZ_PRINT") != nullptr;
  const std::string unpublished = fuzz::render(draft, {});
  if (print) std::cerr << "# draft, every claim published as 0\n" << unpublished << "----\n";
  const std::vector<std::string> values = claim_values(unpublished);
  std::vector<std::string> published;
  for (const auto& line : draft.lines) {
    if (!line.is_claim) continue;
    const std::size_t k = published.size();
    published.push_back(
        k < values.size() ? fuzz::craft_published(values[k], line.style, line.digits) : "0.5");
  }
  const std::string text = fuzz::render(draft, published);
  if (print) std::cerr << text << "----\n";
  fuzz::run_derivation(text);
  return 0;
}
