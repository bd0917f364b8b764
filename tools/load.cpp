#include "tools/load.hpp"

#include <iostream>

#include "verify/certify.hpp"
#include "tools/input_file.hpp"
#include "tools/stage.hpp"
#include "verify/excerpt.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

namespace chainrule::tools {

int print_digits(const Options& options) { return options.use_double ? 17 : options.digits; }

template <class T>
std::optional<verify::Derivation<T>> load(const Options& options) {
  const std::string name = input_name(options.file);
  const std::string* text = nullptr;
  {
    Stage stage("reading " + name);
    text = input_text(options.file);
  }
  if (!text) return std::nullopt;
  Stage parsing("parsing " + name);
  auto parsed = verify::parse(*text, name);
  for (const auto& error : parsed.errors)
    std::cerr << verify::format_diagnostic(name, error, *text);
  if (!parsed.errors.empty()) return std::nullopt;
  Stage compiling("compiling " + name);
  auto compiled = [&] {
    if constexpr (std::is_same_v<T, engine::Certified>)
      return verify::compile_certified(std::move(parsed.document), options.digits);
    else
      return verify::compile_within_limits<T>(std::move(parsed.document));
  }();
  for (const auto& error : compiled.errors)
    std::cerr << verify::format_diagnostic(name, error, *text);
  return std::move(compiled.derivation);
}

template std::optional<verify::Derivation<double>> load<double>(const Options&);
template std::optional<verify::Derivation<engine::Real>> load<engine::Real>(const Options&);
template std::optional<verify::Derivation<engine::Certified>> load<engine::Certified>(
    const Options&);

}  // namespace chainrule::tools
