#include "tools/load.hpp"

#include "tools/input_file.hpp"
#include "tools/stage.hpp"
#include "verify/certify.hpp"
#include "verify/excerpt.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

namespace chainrule::tools {

namespace {

// Every diagnostic of the file `name`, with its excerpt of `text`.
Failure diagnostics(const std::string& name, const std::vector<verify::Diagnostic>& errors,
                    const std::string& text) {
  std::string lines;
  for (const auto& error : errors) lines += verify::format_diagnostic(name, error, text);
  return Failure{lines};
}

}  // namespace

int print_digits(const Options& options) { return options.use_double ? 17 : options.digits; }

Result<verify::Document> parse_file(const Options& options) {
  const std::string name = input_name(options.file);
  auto text = [&] {
    Stage stage("reading " + name);
    return input_text(options.file);
  }();
  if (!text) return Failure{text.error()};
  Stage parsing("parsing " + name);
  auto parsed = verify::parse(**text, name);
  if (!parsed.errors.empty()) return diagnostics(name, parsed.errors, **text);
  return std::move(parsed.document);
}

template <class T>
Result<verify::Derivation<T>> compile_file(verify::Document document, const Options& options,
                                           verify::RecordPolicy policy) {
  const std::string name = input_name(options.file);
  Stage compiling("compiling " + name);
  auto compiled = [&] {
    if constexpr (std::is_same_v<T, engine::Certified>)
      return verify::compile_certified(std::move(document), options.digits, policy);
    else
      return verify::compile_within_limits<T>(std::move(document), {}, policy);
  }();
  // compile() keeps no derivation that has errors.
  if (compiled.derivation) return std::move(*compiled.derivation);
  const auto text = input_text(options.file);  // read already: kept
  if (!text) return Failure{text.error()};
  return diagnostics(name, compiled.errors, **text);
}

#define CHAINRULE_INSTANTIATE_LOAD(T)                                                      \
  template Result<verify::Derivation<T>> compile_file<T>(verify::Document, const Options&, \
                                                         verify::RecordPolicy);

CHAINRULE_INSTANTIATE_LOAD(double)
CHAINRULE_INSTANTIATE_LOAD(engine::Real)
CHAINRULE_INSTANTIATE_LOAD(engine::Certified)

}  // namespace chainrule::tools
