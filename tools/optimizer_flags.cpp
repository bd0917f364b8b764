#include "tools/optimizer_flags.hpp"

#include <algorithm>
#include <array>

#include "tools/flags.hpp"

namespace chainrule::tools {

namespace {

constexpr std::array kKinds{engine::OptimizerKind::Sgd, engine::OptimizerKind::Momentum,
                            engine::OptimizerKind::Nesterov, engine::OptimizerKind::Adam};

std::optional<engine::OptimizerKind> kind_named(const std::string& name) {
  for (auto kind : kKinds)
    if (engine::optimizer_name(kind) == name) return kind;
  return std::nullopt;
}

struct Hyperparameter {
  const char* flag;
  const std::string Options::*text;
  bool momentum_family;  // read by momentum and nesterov; otherwise by adam
};

constexpr std::array kHyperparameters{
    Hyperparameter{"--momentum", &Options::momentum, true},
    Hyperparameter{"--beta1", &Options::beta1, false},
    Hyperparameter{"--beta2", &Options::beta2, false},
    Hyperparameter{"--eps", &Options::eps, false},
};

bool reads(engine::OptimizerKind kind, const Hyperparameter& h) {
  if (h.momentum_family)
    return kind == engine::OptimizerKind::Momentum || kind == engine::OptimizerKind::Nesterov;
  return kind == engine::OptimizerKind::Adam;
}

bool given(const Options& options, const std::string& flag) {
  const auto& g = options.hyperparameters_given;
  return std::find(g.begin(), g.end(), flag) != g.end();
}

// --momentum, --beta1, --beta2 in [0, 1) (nesterov's momentum above 0, as PyTorch requires);
// --eps above 0, so that √v̂ + ε is never 0.
template <class T>
Result<void> check_range(engine::OptimizerKind kind, const Hyperparameter& h,
                         const std::string& text) {
  const T value = engine::parse_decimal<T>(text);
  const std::string head = std::string(h.flag) + ": '" + text + "' is out of range: ";
  if (std::string(h.flag) == "--eps") {
    if (value > 0) return {};
    return Failure{head + "it must be greater than 0\n"};
  }
  if (kind == engine::OptimizerKind::Nesterov && value == 0)
    return Failure{head + "nesterov needs a momentum greater than 0\n"};
  if (value < 0 || value > 1) return Failure{head + "it must be at least 0 and less than 1\n"};
  if (value == 1)
    return Failure{head +
                   "it must be at least 0 and less than 1, and at the working precision it is 1\n"};
  return {};
}

std::string kind_list() {
  std::string list;
  for (auto kind : kKinds) list += (list.empty() ? "" : ", ") + std::string(optimizer_name(kind));
  return list;
}

}  // namespace

template <class T>
Result<void> check_optimizer_flags(const Options& options) {
  const auto kind = kind_named(options.optimizer);
  if (!kind)
    return Failure{"--optimizer: '" + options.optimizer + "' is not one of " + kind_list() + "\n"};
  for (const auto& h : kHyperparameters) {
    if (!given(options, h.flag)) continue;
    if (!reads(*kind, h))
      return Failure{std::string(h.flag) + ": applies to --optimizer " +
                     (h.momentum_family ? "momentum and nesterov" : "adam") + ", not " +
                     options.optimizer + "\n"};
  }
  for (const auto& h : kHyperparameters) {
    if (!reads(*kind, h)) continue;
    const std::string& text = options.*h.text;
    if (auto decimal = check_decimal_flag<T>(h.flag, text); !decimal) return decimal;
    if (auto in_range = check_range<T>(*kind, h, text); !in_range) return in_range;
  }
  return {};
}

template <class T>
engine::OptimizerSettings<T> optimizer_settings(const Options& options) {
  engine::OptimizerSettings<T> s;
  s.kind = kind_named(options.optimizer).value_or(engine::OptimizerKind::Sgd);
  s.learning_rate = engine::parse_decimal<T>(options.rate);
  s.h.momentum = engine::parse_decimal<T>(options.momentum);
  s.h.beta1 = engine::parse_decimal<T>(options.beta1);
  s.h.beta2 = engine::parse_decimal<T>(options.beta2);
  s.h.eps = engine::parse_decimal<T>(options.eps);
  return s;
}

std::vector<std::pair<std::string, std::string>> optimizer_texts(const Options& options) {
  std::vector<std::pair<std::string, std::string>> texts{{"lr", options.rate}};
  const auto kind = kind_named(options.optimizer).value_or(engine::OptimizerKind::Sgd);
  for (const auto& h : kHyperparameters)
    if (reads(kind, h)) texts.emplace_back(std::string(h.flag).substr(2), options.*h.text);
  return texts;
}

template Result<void> check_optimizer_flags<double>(const Options&);
template Result<void> check_optimizer_flags<engine::Real>(const Options&);
template engine::OptimizerSettings<double> optimizer_settings<double>(const Options&);
template engine::OptimizerSettings<engine::Real> optimizer_settings<engine::Real>(const Options&);

}  // namespace chainrule::tools
