#include "verify/outcome.hpp"

#include "verify/parser.hpp"

namespace chainrule::verify {

std::string format_error(const std::string& file, const Error& error) {
  if (error.at) return format_diagnostic(file, Diagnostic{*error.at, error.message});
  return file + ": error: " + error.message;
}

}  // namespace chainrule::verify
