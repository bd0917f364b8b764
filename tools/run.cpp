#include <iostream>

#include "engine/number.hpp"
#include "tools/load.hpp"
#include "tools/report.hpp"

namespace chainrule::tools {

namespace {

template <class T>
int run_with(const Options& options) {
  auto derivation = load<T>(options);
  if (!derivation) return 2;
  if (options.command == "check") return report_check(*derivation, options);
  if (options.command == "eval") return report_eval(*derivation, options);
  if (options.command == "grad") return report_grad(*derivation, options);
  return report_train(*derivation, options);
}

}  // namespace

int run(const Options& options) {
  if (options.use_double) return run_with<double>(options);
  engine::set_working_digits(options.digits);
  return run_with<engine::Real>(options);
}

}  // namespace chainrule::tools
