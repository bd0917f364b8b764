#include "tools/load.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tools/stage.hpp"
#include "verify/excerpt.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

namespace chainrule::tools {

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << path << ": error: cannot read the file: " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {
    std::cerr << path << ": error: cannot read the file (is it a directory?)\n";
    return std::nullopt;
  }
  if (static_cast<std::size_t>(size) > kMaxFileBytes) {
    std::cerr << path << ": error: the file is " << size << " bytes, more than the limit of "
              << kMaxFileBytes << " bytes (" << (kMaxFileBytes >> 20) << " MiB)\n";
    return std::nullopt;
  }
  in.seekg(0);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) {
    std::cerr << path << ": error: cannot read the file\n";
    return std::nullopt;
  }
  return text;
}

}  // namespace

int print_digits(const Options& options) { return options.use_double ? 17 : options.digits; }

template <class T>
std::optional<verify::Derivation<T>> load(const Options& options) {
  std::optional<std::string> text;
  {
    Stage stage("reading " + options.file);
    text = read_file(options.file);
  }
  if (!text) return std::nullopt;
  Stage parsing("parsing " + options.file);
  auto parsed = verify::parse(*text, options.file);
  for (const auto& error : parsed.errors)
    std::cerr << verify::format_diagnostic(options.file, error, *text);
  if (!parsed.errors.empty()) return std::nullopt;
  Stage compiling("compiling " + options.file);
  auto compiled = verify::compile_within_limits<T>(std::move(parsed.document));
  for (const auto& error : compiled.errors)
    std::cerr << verify::format_diagnostic(options.file, error, *text);
  return std::move(compiled.derivation);
}

template std::optional<verify::Derivation<double>> load<double>(const Options&);
template std::optional<verify::Derivation<engine::Real>> load<engine::Real>(const Options&);

}  // namespace chainrule::tools
