// A network written out as a derivation file (docs/derivation-files.md): its inputs,
// targets and parameters as leaves, then one named definition per net input, activation and
// error, in the order the network computes them. `chainrule eval/grad/check` read it back as
// the same graph, so a user can add `check` lines for a hand derivation of any network.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/number.hpp"
#include "nn/network.hpp"

namespace chainrule::nn {

struct DerivationOptions {
  std::string command;  // how the file was made, quoted in its header ("" to leave it out)
  // Decimal text: when given, the file ends with `eta = RATE` and one SGD update per
  // parameter, `w1_new = w1 - eta * dE/dw1`.
  std::optional<std::string> learning_rate;
  // A data set, each row the inputs then the targets as decimal text: the file then states it
  // as a data table (`data x1, ..., T1, ... end`) in place of the inputs' and targets' leaves,
  // and ends with the loss over its rows, `L = mean(E)`; the updates then use dL/dp.
  std::vector<std::vector<std::string>> rows;
};

// The loss over a data table's rows in a file with `rows`.
inline constexpr std::string_view kBatchLossName = "L";

// The file for `architecture` with the leaves' values given as decimal text (every input,
// target and parameter, by name).
std::string derivation_text(const Architecture& architecture, const NamedValues& leaves,
                            const DerivationOptions& options = {});

// The file for `net` at its current leaf values, each written with `digits` significant digits.
template <class T>
std::string derivation_file(const Network<T>& net, int digits,
                            const DerivationOptions& options = {}) {
  NamedValues leaves;
  for (NodeIndex i : net.input_nodes())
    leaves.emplace_back(net.tape().name(i), engine::to_decimal(net.tape().value(i), digits));
  for (NodeIndex j : net.target_nodes())
    leaves.emplace_back(net.tape().name(j), engine::to_decimal(net.tape().value(j), digits));
  for (const auto& p : net.parameters())
    leaves.emplace_back(p.name, engine::to_decimal(net.value(p), digits));
  return derivation_text(net.architecture(), leaves, options);
}

}  // namespace chainrule::nn
