// A fully connected network built from engine nodes, once, and re-evaluated for every row and
// every step: micrograd's Neuron/Layer/MLP with the tutorials' names on every node.
//
//   Network<Real> net(tutorial_a_architecture());
//   assign(net, tutorial_a_values());       // w1 = 0.11, ..., x1 = 0.03, T1 = 0.01
//   net.evaluate();                         // forward pass: net.value("out_y1"), net.loss()
//   auto g = net.gradient();                // dE/dp for every p in net.parameters()
//
// Every parameter is a leaf of the tape, reachable by name (parameter("w5")) and by place
// (weight(layer, neuron, input), bias(layer, neuron)); inputs x1.. and targets T1.. are leaves
// too, so a new row is a new value for them and one more evaluate(), never a new graph.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/number.hpp"
#include "engine/tape.hpp"
#include "nn/architecture.hpp"
#include "nn/values.hpp"

namespace chainrule::nn {

using engine::NodeIndex;

struct Parameter : ParameterPlace {
  NodeIndex node = engine::kNoNode;
};

template <class T>
class Network {
 public:
  // Builds the graph; parameters, inputs and targets start at default_values() (values.hpp).
  // Throws std::invalid_argument for an architecture validate() rejects.
  explicit Network(Architecture architecture);

  const Architecture& architecture() const { return architecture_; }

  // Parameters in naming order: w1 ... wN, then b1 ... bM.
  std::span<const Parameter> parameters() const { return parameters_; }
  // Throws std::out_of_range naming what was asked for.
  const Parameter& parameter(std::string_view name) const;
  const Parameter& weight(int layer, int neuron, int input) const;
  const Parameter& bias(int layer, int neuron) const;  // the shared one, when biases are shared

  // Any named node: a parameter, x1, T1, h1, out_y1, E1, E. Never a mix of old and new leaf
  // values: a computed node read after a set() is evaluated first (and a domain error
  // thrown as evaluate() would), so calling evaluate() yourself is only a matter of when.
  const T& value(std::string_view name) const;
  const T& value(const Parameter& p) const { return tape_.value(p.node); }
  NodeIndex node(std::string_view name) const;
  bool has_node(std::string_view name) const { return names_.contains(std::string(name)); }

  // Set a leaf: a parameter, an input x_i or a target T_j. The next read of a computed value
  // (value, loss, outputs, gradient, sensitivities, tape) evaluates the graph first.
  void set(const Parameter& p, T value) {
    tape_.set_value(p.node, std::move(value));
    stale_ = true;
  }
  void set(std::string_view leaf, T value);
  // The row the graph is evaluated at; sizes must match the architecture.
  void set_row(std::span<const T> inputs, std::span<const T> targets);

  // Recomputes every node from the leaves and returns the loss. Throws std::domain_error
  // naming the node on a domain error (log of 0 in binary cross-entropy, say).
  const T& evaluate();
  const T& forward(std::span<const T> inputs, std::span<const T> targets) {
    set_row(inputs, targets);
    return evaluate();
  }
  const T& loss() const {
    refresh();
    return tape_.value(loss_);
  }
  std::vector<T> outputs() const;

  // d(loss)/d(p) for every parameter, in parameters() order, from one reverse sweep at the
  // current leaf values (evaluated first if a leaf was set since).
  std::vector<T> gradient();
  void gradient(std::span<T> out);
  // The full sweep of that gradient: d(loss)/d(any node), for tutorials' intermediate terms.
  const engine::Sensitivities<T>& sensitivities();

  const engine::Tape<T>& tape() const {
    refresh();
    return tape_;
  }
  NodeIndex loss_node() const { return loss_; }
  std::span<const NodeIndex> input_nodes() const { return inputs_; }
  std::span<const NodeIndex> target_nodes() const { return targets_; }
  std::span<const NodeIndex> output_nodes() const { return outputs_; }

 private:
  void build();
  NodeIndex named(NodeIndex node, std::string name);
  NodeIndex constant(std::string_view text);
  NodeIndex neuron(int layer, int neuron, std::span<const NodeIndex> below);
  void build_loss();
  std::vector<NodeIndex> softmax_outputs(std::span<const NodeIndex> net_inputs);
  NodeIndex cross_entropy_loss();
  // Evaluates the graph if a leaf was set since it last was.
  void refresh() const;

  Architecture architecture_;
  // Mutable so that const reads can bring it up to date (refresh) after a set().
  mutable engine::Tape<T> tape_;
  mutable bool stale_ = false;
  std::vector<Parameter> parameters_;
  // Position in parameters_ of weight (layer, neuron, input) and bias (layer, neuron), stored
  // layer by layer from weight_start_[layer] and bias_start_[layer].
  std::vector<std::size_t> weight_index_, weight_start_;
  std::vector<std::size_t> bias_index_, bias_start_;
  std::vector<NodeIndex> inputs_, targets_, outputs_;
  NodeIndex loss_ = engine::kNoNode;
  std::unordered_map<std::string, NodeIndex> names_;
  std::unordered_map<std::string, NodeIndex> constants_;
  engine::Sensitivities<T> sweep_;
};

// Sets every named leaf (parameter, input or target) from its decimal text, read exactly with
// engine::parse_decimal. Throws std::out_of_range for a name that is not a leaf of `net`.
template <class T>
void assign(Network<T>& net, const NamedValues& values);

extern template class Network<double>;
extern template class Network<engine::Real>;
extern template void assign(Network<double>&, const NamedValues&);
extern template void assign(Network<engine::Real>&, const NamedValues&);

}  // namespace chainrule::nn

// The definitions, so that a Network over any number type (float, long double, BinFloat50,
// DecFloat50, one of your own) works from this header alone: the header is self-sufficient,
// and the extern templates above keep double and Real compiled once, in the library.
#include "nn/network_impl.hpp"
