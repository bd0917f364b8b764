#include "tools/explain_common.hpp"
#include "tools/input_file.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>

#include "tools/load.hpp"
#include "verify/certify.hpp"
#include "verify/query.hpp"
#include "verify/record_plan.hpp"

namespace chainrule::tools {

namespace {

// Values shown since with_certain_digits last started a run, with fewer certain digits than
// shown. The commands run one at a time, so one counter serves.
int uncertain_values_shown = 0;

// Standard output goes to `into` while this lives, so that a run whose digits were not all
// certain can be thrown away.
class CapturedOutput {
 public:
  explicit CapturedOutput(std::ostream& into) : saved_(std::cout.rdbuf(into.rdbuf())) {}
  ~CapturedOutput() { std::cout.rdbuf(saved_); }
  CapturedOutput(const CapturedOutput&) = delete;
  CapturedOutput& operator=(const CapturedOutput&) = delete;

 private:
  std::streambuf* saved_;
};

// The file these commands load, at their working precision.
Options file_options(const ExplainOptions& options) {
  Options plain;
  plain.file = options.file;
  plain.digits = working_digits(options);
  return plain;
}

}  // namespace

int working_digits(const ExplainOptions& options) {
  return options.working_digits > 0 ? options.working_digits
                                    : std::max(options.digits, options.show);
}

void set_precision_for(const ExplainOptions& options) {
  engine::set_working_digits(working_digits(options));
}

int with_certain_digits(const ExplainOptions& options,
                        const std::function<int(const ExplainOptions&)>& run) {
  ExplainOptions at = options;
  at.working_digits = working_digits(options);
  for (int raises = 0;; ++raises) {
    uncertain_values_shown = 0;
    std::ostringstream output;
    int status = 0;
    {
      const CapturedOutput captured(output);
      status = run(at);
    }
    const bool last =
        status != 0 || uncertain_values_shown == 0 || !verify::may_raise(raises, at.working_digits);
    if (last) {
      std::cout << output.str();
      return status;
    }
    at.working_digits = verify::raised_digits(at.working_digits);
  }
}

Result<Loaded> load_with_query(const ExplainOptions& options, const std::string& query) {
  const Options plain = file_options(options);
  auto document = parse_file(plain);
  if (!document) return Failure{document.error()};
  // A derivative that would pass a derivative term of the file whose own sweep is not
  // recorded needs them all recorded.
  auto policy = verify::RecordPolicy::AsNeeded;
  const auto names = verify::query_names(*document, query);
  if (names && verify::passes_unrecorded_term(*document, policy, names->of, names->wrts))
    policy = verify::RecordPolicy::All;
  auto d = compile_file<Number>(std::move(*document), plain, policy);
  if (!d) return Failure{d.error()};
  const std::string file = input_name(options.file);
  auto resolved = verify::resolve_derivative(*d, query);
  if (!resolved) return Failure{verify::format_error(file, resolved.error()) + "\n"};
  // An infinite local partial on the way makes the derivative meaningless: an error, as in
  // grad, naming the op where it arose.
  const auto swept = engine::sweep(d->tape, resolved->of);
  if (!engine::is_finite(swept[resolved->wrt])) {
    const std::string of(d->tape.name(resolved->of));
    const auto finite = verify::partials_finite(*d, of.empty() ? query : of, swept);
    const verify::Error error =
        finite ? verify::Error{"the derivative " + query + " is not finite"} : finite.error();
    return Failure{verify::format_error(file, error) + "\n"};
  }
  return Loaded{std::move(*d), std::move(*resolved)};
}

Result<verify::Derivation<Number>> load_differentiable(const ExplainOptions& options,
                                                       const std::string& of) {
  const Options plain = file_options(options);
  auto document = parse_file(plain);
  if (!document) return Failure{document.error()};
  const bool all = !of.empty() && verify::gradient_passes_unrecorded_term(
                                      *document, verify::RecordPolicy::AsNeeded, of,
                                      /*inputs_only=*/false);
  auto d = compile_file<Number>(std::move(*document), plain,
                                all ? verify::RecordPolicy::All : verify::RecordPolicy::AsNeeded);
  if (!d || of.empty() || d->find(of)) return d;
  return Failure{input_name(options.file) + ": error: " + verify::not_defined_message(*d, of) +
                 "\n"};
}

std::string shown(const Number& value, int digits) {
  std::string text = engine::to_decimal(value, digits);
  if (engine::certain_digits(value, digits) < digits) {
    ++uncertain_values_shown;
    return text;  // "~0.79", "[±1.1e-30]" or fewer digits: nothing more is known
  }
  // "…" when the value is not exactly the one shown: its interval lies beside the shown
  // decimal, or more certain digits say so (0.4176, exact, gets none).
  const engine::Order order = engine::compare(value, Number(std::string_view(text)));
  const int all = std::max(digits, engine::significant_digits<Number>());
  if (order == engine::Order::Less || order == engine::Order::Greater ||
      (order == engine::Order::Unknown && engine::to_decimal(value, all) != text))
    text += "\u2026";
  return text;
}

std::string shown_in_full(const Number& value, const ExplainOptions& options) {
  // As many digits as the precision asked for, not the raised one: those are what must be certain.
  const int all = options.digits;
  if (engine::certain_digits(value, all) < all) ++uncertain_values_shown;
  return engine::to_decimal(value, all);
}

}  // namespace chainrule::tools
