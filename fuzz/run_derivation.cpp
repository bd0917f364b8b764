#include "fuzz/run_derivation.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include "engine/number.hpp"
#include "verify/derivation.hpp"
#include "verify/excerpt.hpp"
#include "verify/judge.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"
#include "verify/query.hpp"

namespace chainrule::fuzz {

verify::CompileLimits fuzz_limits() {
  verify::CompileLimits limits;
  limits.max_nodes = 20'000;
  limits.max_sweep_visits = 200'000;
  return limits;
}

namespace {

template <class T>
void exercise(const verify::Document& document) {
  auto compiled = verify::compile_within_limits<T>(document, fuzz_limits());
  std::size_t printed = 0;
  for (const auto& error : compiled.errors) printed += verify::format_diagnostic("f", error).size();
  if (!compiled.derivation) return;
  auto& d = *compiled.derivation;
  for (const auto& judgement : verify::judge(d)) {
    printed += engine::to_decimal(judgement.value, judgement.published.digits + 4).size();
    printed += verify::rounded_like(judgement.value, judgement.published).size();
  }
  if (d.named.empty()) return;
  (void)verify::gradient(d, d.named.back().name);
  if (const auto leaves = verify::match_leaves(d, "*")) {
    const T rate = engine::parse_decimal<T>("0.01");
    (void)verify::train<T>(d, d.named.back().name, *leaves, rate, 2, [](const auto&) {});
    // Adam divides and takes square roots: 2 steps of it too, from the state SGD left.
    engine::OptimizerSettings<T> adam{engine::OptimizerKind::Adam, rate};
    (void)verify::train<T>(d, d.named.back().name, *leaves, adam, 2, [](const auto&) {});
  }
  (void)printed;
}

}  // namespace

void run_derivation(std::string_view text) {
  engine::set_working_digits(kFuzzDigits);
  auto parsed = verify::parse(text, "f");
  for (const auto& error : parsed.errors) (void)verify::format_diagnostic("f", error, text);
  if (!parsed.errors.empty()) return;
  exercise<double>(parsed.document);
  exercise<engine::Real>(parsed.document);
}

}  // namespace chainrule::fuzz
