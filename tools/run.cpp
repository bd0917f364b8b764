#include <algorithm>
#include <iostream>

#include "engine/number.hpp"
#include "tools/flags.hpp"
#include "tools/load.hpp"
#include "tools/optimizer_flags.hpp"
#include "tools/output_file.hpp"
#include "tools/report.hpp"
#include "verify/certify.hpp"
#include "verify/query.hpp"
#include "verify/record_plan.hpp"

namespace chainrule::tools {

namespace {

// The value grad or train differentiates, if its gradient passes through a derivative term
// that would be compiled without its sweep on the tape: then the file is compiled with every
// derivative term recorded, which makes it differentiable (second derivatives). Only then,
// because recorded sweeps are extra nodes that every re-evaluation pays for.
verify::RecordPolicy policy_for(const verify::Document& document, const Options& options) {
  if (options.command != "grad" && options.command != "train")
    return verify::RecordPolicy::AsNeeded;
  const std::string& name = options.command == "grad" ? options.of : options.loss;
  const bool second = verify::gradient_passes_unrecorded_term(
      document, verify::RecordPolicy::AsNeeded, name, /*inputs_only=*/true);
  return second ? verify::RecordPolicy::All : verify::RecordPolicy::AsNeeded;
}

template <class T>
Result<verify::Derivation<T>> load_for(const Options& options) {
  auto document = parse_file(options);
  if (!document) return Failure{document.error()};
  const verify::RecordPolicy policy = policy_for(*document, options);
  return compile_file<T>(std::move(*document), options, policy);
}

// Whether every value eval or grad prints has the digits asked for, all of them certain.
bool printed_digits_certain(const verify::Derivation<engine::Certified>& d,
                            const Options& options) {
  if (options.command == "eval") return verify::named_values_certain(d, options.digits);
  const auto gradient = verify::gradient(d, options.of);
  if (!gradient) return true;  // an error: report it as it is
  return std::all_of(gradient->begin(), gradient->end(), [&](const auto& g) {
    return engine::certain_digits(g.value, options.digits) >= options.digits;
  });
}

// eval and grad in Certified: compiled again at twice the precision while a printed digit is
// not certain (Ziv's strategy, with check's budget); past it, only the certain digits print.
// A raised precision that fails to compile (a limit that more digits lower) prints its errors,
// and the values of the last precision that compiled are printed.
int run_certified(const Options& options) {
  const auto document = parse_file(options);
  if (!document) {
    std::cerr << document.error();
    return 2;
  }
  const verify::RecordPolicy policy = policy_for(*document, options);
  Options at = options;
  auto derivation = compile_file<engine::Certified>(*document, at, policy);
  if (!derivation) {
    std::cerr << derivation.error();
    return 2;
  }
  for (int raises = 0;
       verify::may_raise(raises, at.digits) && !printed_digits_certain(*derivation, options);
       ++raises) {
    at.digits = verify::raised_digits(at.digits);
    auto again = compile_file<engine::Certified>(*document, at, policy);
    if (!again) {
      std::cerr << again.error();
      break;
    }
    derivation = std::move(again);
  }
  if (options.command == "eval") return report_eval(*derivation, options);
  return report_grad(*derivation, options);
}

// The flags read as T (train's learning rate and optimizer) and the --csv path, checked before
// the file is read: a bad one is the command line's fault, whatever the file holds.
template <class T>
Result<void> check_flags(const Options& options) {
  if (options.command == "train") {
    if (auto rate = check_decimal_flag<T>("--lr", options.rate); !rate) return rate;
    if (auto optimizer = check_optimizer_flags<T>(options); !optimizer) return optimizer;
  }
  if (!options.csv.empty()) return check_output_path("--csv", options.csv, options.file);
  return {};
}

template <class T>
int run_with(const Options& options) {
  if (auto checked = check_flags<T>(options); !checked) {
    std::cerr << checked.error();
    return 2;
  }
  auto derivation = load_for<T>(options);
  if (!derivation) {
    std::cerr << derivation.error();
    return 2;
  }
  if (options.command == "check") return report_check(*derivation, options);
  if (options.command == "eval") return report_eval(*derivation, options);
  if (options.command == "grad") return report_grad(*derivation, options);
  return report_train(*derivation, options);
}

}  // namespace

int run(const Options& options) {
  if (options.use_double) return run_with<double>(options);
  engine::set_working_digits(options.digits);
  // Exact verdicts and certain digits: intervals and rationals (verify/certify.hpp).
  if (options.command == "check") {
    auto derivation = load_for<engine::Certified>(options);
    if (!derivation) {
      std::cerr << derivation.error();
      return 2;
    }
    return report_check(*derivation, options);
  }
  if (options.command == "eval" || options.command == "grad") return run_certified(options);
  return run_with<engine::Real>(options);
}

}  // namespace chainrule::tools
