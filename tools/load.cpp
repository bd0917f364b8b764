#include "tools/load.hpp"

#include <iostream>

#include "tools/input_file.hpp"
#include "tools/stage.hpp"
#include "verify/certify.hpp"
#include "verify/excerpt.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

namespace chainrule::tools {

int print_digits(const Options& options) { return options.use_double ? 17 : options.digits; }

std::optional<verify::Document> parse_file(const Options& options) {
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
  return std::move(parsed.document);
}

template <class T>
std::optional<verify::Derivation<T>> compile_file(verify::Document document, const Options& options,
                                                  verify::RecordPolicy policy) {
  const std::string name = input_name(options.file);
  Stage compiling("compiling " + name);
  auto compiled = [&] {
    if constexpr (std::is_same_v<T, engine::Certified>)
      return verify::compile_certified(std::move(document), options.digits, policy);
    else
      return verify::compile_within_limits<T>(std::move(document), {}, policy);
  }();
  const std::string* text = input_text(options.file);  // read already: kept
  for (const auto& error : compiled.errors)
    std::cerr << verify::format_diagnostic(name, error, *text);
  return std::move(compiled.derivation);
}

template <class T>
std::optional<verify::Derivation<T>> load(const Options& options, verify::RecordPolicy policy) {
  auto document = parse_file(options);
  if (!document) return std::nullopt;
  return compile_file<T>(std::move(*document), options, policy);
}

#define CHAINRULE_INSTANTIATE_LOAD(T)                                                             \
  template std::optional<verify::Derivation<T>> compile_file<T>(verify::Document, const Options&, \
                                                                verify::RecordPolicy);            \
  template std::optional<verify::Derivation<T>> load<T>(const Options&, verify::RecordPolicy);

CHAINRULE_INSTANTIATE_LOAD(double)
CHAINRULE_INSTANTIATE_LOAD(engine::Real)
CHAINRULE_INSTANTIATE_LOAD(engine::Certified)

}  // namespace chainrule::tools
