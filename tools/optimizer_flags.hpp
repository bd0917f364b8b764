// train's --optimizer and its hyperparameters (--momentum, --beta1, --beta2, --eps): checked
// before any file is read, each error naming its flag, and read as exact decimal text at the
// working precision (docs/derivation-files.md, "The commands").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/optimizer.hpp"
#include "tools/options.hpp"
#include "tools/result.hpp"

namespace chainrule::tools {

// Done when the optimizer flags of `options` can be used; else the line that says why not: an
// unknown --optimizer, a hyperparameter given for a rule that does not read it, one that is not
// a decimal number or outside its range.
template <class T>
Result<void> check_optimizer_flags(const Options& options);

// The rule and its hyperparameters, read from the flags (which check_optimizer_flags passed).
template <class T>
engine::OptimizerSettings<T> optimizer_settings(const Options& options);

// The hyperparameters the rule reads, as the decimal texts it was given: {"lr", "0.1"},
// {"momentum", "0.9"}, in that order.
std::vector<std::pair<std::string, std::string>> optimizer_texts(const Options& options);

}  // namespace chainrule::tools
