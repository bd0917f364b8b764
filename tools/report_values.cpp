// eval, grad and train: named values and gradients, in file order.
#include <unistd.h>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/number.hpp"
#include "tools/certified_state.hpp"
#include "tools/input_file.hpp"
#include "tools/json_text.hpp"
#include "tools/load.hpp"
#include "tools/optimizer_flags.hpp"
#include "tools/output_file.hpp"
#include "tools/report.hpp"
#include "tools/terminal.hpp"
#include "verify/certify.hpp"
#include "verify/limits.hpp"
#include "verify/query.hpp"

namespace chainrule::tools {

using Json = nlohmann::ordered_json;

namespace {

template <class T>
std::string text(const T& value, const Options& options) {
  return engine::to_decimal(value, print_digits(options));
}

std::size_t widest(const std::vector<std::string>& names) {
  std::size_t width = 0;
  for (const auto& n : names) width = std::max(width, n.size());
  return width;
}

// The named values at `positions` in d.named (all of them when empty), aligned.
template <class T>
void print_named(const verify::Derivation<T>& d, const Options& options,
                 const std::vector<std::size_t>& positions = {}) {
  std::vector<std::size_t> shown = positions;
  if (shown.empty())
    for (std::size_t i = 0; i < d.named.size(); ++i) shown.push_back(i);
  std::vector<std::string> names;
  for (std::size_t i : shown) names.push_back(d.named[i].name);
  const std::size_t width = widest(names);
  for (std::size_t i : shown)
    std::cout << pad(d.named[i].name, width) << " = "
              << text(d.tape.value(d.named[i].node), options) << "\n";
}

template <class T>
Json named_json(const verify::Derivation<T>& d, const Options& options, bool with_line) {
  Json values = Json::array();
  for (const auto& n : d.named) {
    Json v{{"name", n.name}};
    if (with_line)
      v["line"] = std::get<verify::Definition>(d.document.statements[n.statement]).pos.line;
    v["value"] = text(d.tape.value(n.node), options);
    values.push_back(std::move(v));
  }
  return values;
}

// The rule and its hyperparameters as given: {"name": "adam", "lr": "0.1", "beta1": ...}.
Json optimizer_json(const Options& options) {
  Json rule{{"name", options.optimizer}};
  for (const auto& [name, value] : optimizer_texts(options)) rule[name] = value;
  return rule;
}

// " (momentum: lr 0.1, momentum 0.9)" after "trained leaves after K steps"; nothing for sgd.
std::string optimizer_note(const Options& options) {
  if (options.optimizer == "sgd") return "";
  std::string note;
  for (const auto& [name, value] : optimizer_texts(options))
    note += (note.empty() ? "" : ", ") + name + " " + value;
  return " (" + options.optimizer + ": " + note + ")";
}

// "1 step", "3 steps".
std::string count_text(long count, const std::string& unit) {
  return std::to_string(count) + " " + unit + (count == 1 ? "" : "s");
}

// What train prints once the steps are done: the trained leaves and every named value.
template <class T>
int print_trained(const verify::Derivation<T>& d, const Options& options,
                  const std::vector<std::size_t>& leaves, Json history) {
  if (options.json) {
    Json trained = Json::array();
    for (std::size_t i : leaves) trained.push_back(d.named[i].name);
    // The original shape (loss, history, values), then which leaves were trained, and how long.
    Json result{{"loss", options.loss},
                {"history", std::move(history)},
                {"values", named_json(d, options, false)},
                {"trained", std::move(trained)},
                {"steps", options.steps},
                {"optimizer", optimizer_json(options)}};
    if (options.epochs >= 0) result["epochs"] = options.epochs;
    if (options.batch > 0) result["batch"] = options.batch;
    std::cout << json_text(result) << "\n";
    return 0;
  }
  std::cout << "\ntrained leaves after " << count_text(options.steps, "step");
  if (options.epochs >= 0) std::cout << " (" << count_text(options.epochs, "epoch") << ")";
  std::cout << optimizer_note(options) << ":\n";
  print_named(d, options, leaves);
  std::cout << "\nevery named value:\n";
  print_named(d, options);
  return 0;
}

}  // namespace

template <class T>
int report_eval(const verify::Derivation<T>& d, const Options& options) {
  if (options.json) {
    std::cout << json_text(Json{{"values", named_json(d, options, true)}}) << "\n";
  } else {
    print_named(d, options);
  }
  return 0;
}

template <class T>
int report_grad(const verify::Derivation<T>& d, const Options& options) {
  const auto swept = verify::gradient(d, options.of);
  if (!swept) {
    std::cerr << verify::format_error(input_name(options.file), swept.error()) << "\n";
    return 2;
  }
  const auto& gradient = *swept;
  if (options.json) {
    Json rows = Json::array();
    for (const auto& g : gradient)
      rows.push_back({{"wrt", g.leaf}, {"value", text(g.value, options)}});
    std::cout << json_text(Json{{"of", options.of}, {"gradient", rows}}) << "\n";
    return 0;
  }
  std::vector<std::string> labels;
  for (const auto& g : gradient) labels.push_back("d(" + options.of + ")/d(" + g.leaf + ")");
  const std::size_t width = widest(labels);
  for (std::size_t i = 0; i < gradient.size(); ++i)
    std::cout << pad(labels[i], width) << " = " << text(gradient[i].value, options) << "\n";
  return 0;
}

namespace {

// Steps past the work budget are refused before the first one, with the most it would take.
// A step of --batch K sweeps the tape once per row of its batch: K steps' work.
template <class T>
Result<void> check_steps_within_budget(const verify::Derivation<T>& d, const Options& options) {
  const std::uint64_t sweeps = options.batch > 1 ? options.batch : 1;
  const std::uint64_t most = verify::train_step_limit<T>(d.tape.size()) / sweeps;
  if (static_cast<std::uint64_t>(options.steps) <= most) return {};
  const double work = static_cast<double>(options.steps) * static_cast<double>(sweeps) * 2.0 *
                      static_cast<double>(d.tape.size()) *
                      static_cast<double>(verify::operation_cost<T>());
  std::ostringstream line;  // the work in a stream's default notation, "1.2e+15"
  if (options.epochs >= 0)
    line << "--epochs: " << options.epochs << " epochs (" << options.steps << " steps)";
  else
    line << "--steps: " << options.steps << " steps";
  line << " of this " << d.tape.size() << "-node graph at "
       << (options.use_double ? "double" : std::to_string(options.digits) + " digits")
       << " are about " << work << " node operations (counted at 50 digits), more than the "
       << "limit of " << verify::kMaxTrainOperations << "; at most " << most << " steps here\n";
  return Failure{line.str()};
}

// The options train runs with: --epochs N counted as N passes of one update per batch, in
// steps from here on; an error when neither --steps nor --epochs is given or the work is past
// the budget.
template <class T>
Result<Options> train_options(const verify::Derivation<T>& d, const Options& given) {
  if (given.steps < 0 && given.epochs < 0)
    return Failure{input_name(given.file) +
                   ": error: train needs --steps N (updates) or --epochs N (passes over the data "
                   "table's rows)\n"};
  Options options = given;
  if (given.epochs >= 0) {
    options.steps_per_epoch = static_cast<long>(verify::batches_per_epoch(d.document, given.batch));
    options.steps = given.epochs * options.steps_per_epoch;
    options.every = given.every * options.steps_per_epoch;
  }
  if (auto within = check_steps_within_budget(d, options); !within) return Failure{within.error()};
  return options;
}

// One step of the history: "step K: LOSS = v", and with --trace every trained leaf's value
// under it, aligned with the loss's name.
template <class T>
void print_step(const verify::Derivation<T>& d, const Options& options,
                const std::vector<std::size_t>& leaves, const verify::TrainStep<T>& s) {
  // With --epochs, steps are counted in epochs (--every too): "epoch 3: ".
  const std::string head = options.epochs >= 0
                               ? "epoch " + std::to_string(s.step / options.steps_per_epoch) + ": "
                               : "step " + std::to_string(s.step) + ": ";
  std::size_t width = options.loss.size();
  if (options.trace)
    for (std::size_t i : leaves) width = std::max(width, d.named[i].name.size());
  std::cout << head << pad(options.loss, width) << " = " << text(s.loss, options) << "\n";
  if (!options.trace) return;
  for (std::size_t i : leaves)
    std::cout << std::string(head.size(), ' ') << pad(d.named[i].name, width) << " = "
              << text(d.tape.value(d.named[i].node), options) << "\n";
}

template <class T>
Json step_json(const verify::Derivation<T>& d, const Options& options,
               const std::vector<std::size_t>& leaves, const verify::TrainStep<T>& s) {
  Json step{{"step", s.step}, {"loss", text(s.loss, options)}};
  if (!options.trace) return step;
  Json values = Json::array();
  for (std::size_t i : leaves)
    values.push_back(
        {{"name", d.named[i].name}, {"value", text(d.tape.value(d.named[i].node), options)}});
  step["leaves"] = std::move(values);
  return step;
}

// A --csv row: step,loss and with --trace every trained leaf.
template <class T>
std::string csv_row(const verify::Derivation<T>& d, const Options& options,
                    const std::vector<std::size_t>& leaves, const verify::TrainStep<T>& s) {
  std::string row = std::to_string(s.step) + "," + text(s.loss, options);
  if (options.trace)
    for (std::size_t i : leaves) row += "," + text(d.tape.value(d.named[i].node), options);
  return row + "\n";
}

// The trained state in certified numbers (tools/certified_state.hpp), compiled again at twice
// the precision while a printed value has an uncertain digit (check's budget). A precision
// that fails (a limit that more digits lower) prints its errors, and the state of the last
// precision that succeeded is kept; nullopt when none did.
std::optional<verify::Derivation<engine::Certified>> print_certified_state(
    const verify::Derivation<engine::Real>& trained, const Options& options) {
  const auto document = parse_file(options);
  if (!document) {
    std::cerr << document.error();
    return std::nullopt;
  }
  Options at = options;
  std::optional<verify::Derivation<engine::Certified>> state;
  for (int raises = 0;; ++raises) {
    auto again = certified_state(*document, trained, at);
    if (!again) {
      std::cerr << again.error();
      return state;
    }
    state = std::move(*again);
    if (verify::named_values_certain(*state, options.digits) ||
        !verify::may_raise(raises, at.digits))
      return state;
    at.digits = verify::raised_digits(at.digits);
  }
}

}  // namespace

template <class T>
int report_train(verify::Derivation<T>& d, const Options& given) {
  const auto adjusted = train_options(d, given);
  if (!adjusted) {
    std::cerr << adjusted.error();
    return 2;
  }
  const Options& options = *adjusted;
  const auto matched = verify::match_leaves(d, options.wrt);
  if (!matched) {
    std::cerr << verify::format_error(input_name(options.file), matched.error()) << "\n";
    return 2;
  }
  const std::vector<std::size_t>& leaves = *matched;
  std::optional<OutputFile> csv;
  if (!options.csv.empty()) {
    auto created = OutputFile::create("--csv", options.csv);
    if (!created) {
      std::cerr << created.error();
      return 2;
    }
    csv.emplace(std::move(*created));
    csv->keep_on_interrupt();  // Ctrl-C keeps the rows of the steps already run
    std::string header = "step,loss";
    if (options.trace)
      for (std::size_t i : leaves) header += "," + d.named[i].name;
    csv->write(header + "\n");
  }
  Json history = Json::array();
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  // Progress lines on a terminal, rewritten in place; elsewhere (a log file) only when asked.
  const bool tty = standard_error_is_terminal();
  const bool progress = tty || options.progress;
  auto on_step = [&](const verify::TrainStep<T>& s) {
    if (csv) csv->write(csv_row(d, options, leaves, s));
    if (s.step % options.every == 0 || s.step == options.steps) {
      if (options.json)
        history.push_back(step_json(d, options, leaves, s));
      else
        print_step(d, options, leaves, s);
    }
    if (!progress) return;
    auto now = std::chrono::steady_clock::now();
    if (now - start > std::chrono::seconds(1) &&
        now - last_progress > std::chrono::milliseconds(500)) {
      last_progress = now;
      std::cerr << "step " << s.step << "/" << options.steps << "  " << options.loss << " = "
                << engine::to_decimal(s.loss, 12) << (tty ? "\r" : "\n") << std::flush;
    }
  };
  const auto rule = optimizer_settings<T>(options);
  if (auto trained =
          verify::train<T>(d, options.loss, leaves, rule, options.steps, on_step, options.batch);
      !trained) {
    std::cerr << verify::format_error(input_name(options.file), trained.error()) << "\n";
    return 2;
  }
  if (tty && std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) std::cerr << "\n";
  if (csv) {
    if (auto written = csv->commit(); !written) {
      std::cerr << written.error();
      return 2;
    }
  }
  if constexpr (std::is_same_v<T, engine::Real>) {
    auto state = print_certified_state(d, options);
    if (!state) return 2;
    return print_trained(*state, options, leaves, std::move(history));
  } else {
    return print_trained(d, options, leaves, std::move(history));
  }
}

#define CHAINRULE_INSTANTIATE_REPORT(T)                                      \
  template int report_eval<T>(const verify::Derivation<T>&, const Options&); \
  template int report_grad<T>(const verify::Derivation<T>&, const Options&); \
  template int report_train<T>(verify::Derivation<T>&, const Options&);

CHAINRULE_INSTANTIATE_REPORT(double)
CHAINRULE_INSTANTIATE_REPORT(engine::Real)
template int report_eval<engine::Certified>(const verify::Derivation<engine::Certified>&,
                                            const Options&);
template int report_grad<engine::Certified>(const verify::Derivation<engine::Certified>&,
                                            const Options&);

}  // namespace chainrule::tools
