// Definitions of Network<T>, included at the end of nn/network.hpp (so any number type works
// from that header alone) and by nn/instantiate_*.cpp.
#pragma once

#include <stdexcept>

#include "engine/number.hpp"
#include "nn/network.hpp"

namespace chainrule::nn {

using engine::Op;

template <class T>
Network<T>::Network(Architecture architecture) : architecture_(std::move(architecture)) {
  if (auto why = validate(architecture_); !why.empty()) throw std::invalid_argument(why);
  build();
  // n/100 computed in T is the correctly rounded value of the decimal "0.nn", exactly what
  // parse_decimal would give, without needing a parser for every T.
  for (const auto& d : default_values(architecture_))
    tape_.set_value(node(d.name), T(d.hundredths) / T(100));
  // Without domain checks: values a user has yet to set may leave log's domain (cross-entropy
  // over ReLU outputs); evaluate() reports that once the user asks for it.
  (void)tape_.evaluate();
}

template <class T>
NodeIndex Network<T>::named(NodeIndex node, std::string name) {
  tape_.set_name(node, name);
  names_.emplace(std::move(name), node);
  return node;
}

template <class T>
NodeIndex Network<T>::constant(std::string_view text) {
  // The few constants the graph needs, as ratios of small integers computed in T.
  auto found = constants_.find(std::string(text));
  if (found != constants_.end()) return found->second;
  const T value = text == "1/2" ? T(1) / T(2) : T(std::stoi(std::string(text)));
  const NodeIndex node = tape_.constant(value);
  constants_.emplace(std::string(text), node);
  return node;
}

template <class T>
void Network<T>::build() {
  const Architecture& a = architecture_;
  for (int i = 0; i < a.inputs(); ++i) inputs_.push_back(named(tape_.input(T(0)), input_name(i)));
  for (int j = 0; j < a.outputs(); ++j)
    targets_.push_back(named(tape_.input(T(0)), target_name(j)));
  for (auto& place : parameter_places(a)) {
    Parameter p{std::move(place)};
    p.node = named(tape_.input(T(0)), p.name);
    parameters_.push_back(std::move(p));
  }
  // Index parameters by place: layer by layer, neuron by neuron, input by input.
  std::size_t weights = 0, biases = 0;
  for (int layer = 0; layer < a.layers(); ++layer) {
    weight_start_.push_back(weights);
    bias_start_.push_back(biases);
    weights += static_cast<std::size_t>(a.neurons(layer) * a.fan_in(layer));
    biases +=
        a.bias == BiasSharing::SharedPerLayer ? 1 : static_cast<std::size_t>(a.neurons(layer));
  }
  weight_index_.resize(weights);
  bias_index_.resize(biases);
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    const Parameter& p = parameters_[k];
    if (p.kind == ParameterKind::Weight) {
      weight_index_[weight_start_[p.layer] + p.neuron * a.fan_in(p.layer) + p.input] = k;
    } else {
      bias_index_[bias_start_[p.layer] + (p.neuron == Parameter::kEveryNeuron ? 0 : p.neuron)] = k;
    }
  }
  std::vector<NodeIndex> below = inputs_, current;
  for (int layer = 0; layer < a.layers(); ++layer) {
    current.clear();
    for (int n = 0; n < a.neurons(layer); ++n) current.push_back(neuron(layer, n, below));
    std::swap(below, current);
  }
  outputs_ = a.softmax_output ? softmax_outputs(below) : below;
  build_loss();
}

// One neuron, in the order a derivation file writes it: x1*w1 + x2*w2 + b1, then out_h1.
template <class T>
NodeIndex Network<T>::neuron(int layer, int n, std::span<const NodeIndex> below) {
  NodeIndex sum = engine::kNoNode;
  for (int i = 0; i < static_cast<int>(below.size()); ++i) {
    const NodeIndex term = tape_.apply(Op::Multiply, below[i], weight(layer, n, i).node);
    sum = i == 0 ? term : tape_.apply(Op::Add, sum, term);
  }
  sum = named(tape_.apply(Op::Add, sum, bias(layer, n).node),
              net_input_name(architecture_, layer, n));
  if (architecture_.softmax_output && layer + 1 == architecture_.layers()) return sum;
  Op op = Op::Copy;
  switch (architecture_.activation(layer)) {
    case Activation::Sigmoid:
      op = Op::Sigmoid;
      break;
    case Activation::Tanh:
      op = Op::Tanh;
      break;
    case Activation::Relu:
      op = Op::Relu;
      break;
    case Activation::Identity:
      op = Op::Copy;
      break;
  }
  return named(tape_.apply(op, sum), activation_name(architecture_, layer, n));
}

// out_yᵢ = exp(yᵢ − logsumexp(y1, …, yk)), as a derivation file's softmax is written out.
template <class T>
std::vector<NodeIndex> Network<T>::softmax_outputs(std::span<const NodeIndex> net_inputs) {
  NodeIndex normalizer = net_inputs[0];
  for (std::size_t j = 1; j < net_inputs.size(); ++j)
    normalizer = tape_.apply(Op::LogSumExp, normalizer, net_inputs[j]);
  std::vector<NodeIndex> out;
  for (std::size_t j = 0; j < net_inputs.size(); ++j) {
    const NodeIndex shifted = tape_.apply(Op::Subtract, net_inputs[j], normalizer);
    out.push_back(
        named(tape_.apply(Op::Exp, shifted),
              activation_name(architecture_, architecture_.layers() - 1, static_cast<int>(j))));
  }
  return out;
}

// E = -(T1*log(out_y1) + … + Tk*log(out_yk)), as cross_entropy(…; …) is written out.
template <class T>
NodeIndex Network<T>::cross_entropy_loss() {
  NodeIndex sum = engine::kNoNode;
  for (int j = 0; j < architecture_.outputs(); ++j) {
    const NodeIndex term =
        tape_.apply(Op::Multiply, targets_[j], tape_.apply(Op::Log, outputs_[j]));
    sum = j == 0 ? term : tape_.apply(Op::Add, sum, term);
  }
  return tape_.apply(Op::Negate, sum);
}

template <class T>
void Network<T>::build_loss() {
  const Loss loss = architecture_.loss;
  if (loss == Loss::CrossEntropy) {
    loss_ = named(cross_entropy_loss(), std::string(kLossName));
    return;
  }
  NodeIndex sum = engine::kNoNode;
  for (int j = 0; j < architecture_.outputs(); ++j) {
    const NodeIndex out = outputs_[j], target = targets_[j];
    NodeIndex error = engine::kNoNode;
    if (loss == Loss::BinaryCrossEntropy) {
      // -(T*log(out) + (1 - T)*log(1 - out))
      const NodeIndex one = constant("1");
      const NodeIndex hit = tape_.apply(Op::Multiply, target, tape_.apply(Op::Log, out));
      const NodeIndex miss = tape_.apply(Op::Multiply, tape_.apply(Op::Subtract, one, target),
                                         tape_.apply(Op::Log, tape_.apply(Op::Subtract, one, out)));
      error = tape_.apply(Op::Negate, tape_.apply(Op::Add, hit, miss));
    } else {
      // (T - out)^2, halved for the tutorials' E_total
      const NodeIndex diff = tape_.apply(Op::Subtract, target, out);
      error = tape_.apply(Op::PowerConstant, diff, constant("2"));
      if (loss == Loss::HalfSumSquares) error = tape_.apply(Op::Multiply, constant("1/2"), error);
    }
    named(error, error_name(j));
    sum = j == 0 ? error : tape_.apply(Op::Add, sum, error);
  }
  const int outputs = architecture_.outputs();
  if (outputs == 1) {
    sum = tape_.apply(Op::Copy, sum);  // E = E1: a node of its own, as in a derivation file
  } else if (loss != Loss::HalfSumSquares && loss != Loss::SumSquares) {
    sum = tape_.apply(Op::Divide, sum, constant(std::to_string(outputs)));
  }
  loss_ = named(sum, std::string(kLossName));
}

template <class T>
NodeIndex Network<T>::node(std::string_view name) const {
  auto found = names_.find(std::string(name));
  if (found == names_.end())
    throw std::out_of_range("'" + std::string(name) + "' is not a node of this " +
                            sizes_text(architecture_.sizes) + " network");
  return found->second;
}

template <class T>
const Parameter& Network<T>::parameter(std::string_view name) const {
  for (const auto& p : parameters_)
    if (p.name == name) return p;
  throw std::out_of_range("'" + std::string(name) + "' is not a parameter of this " +
                          sizes_text(architecture_.sizes) + " network");
}

template <class T>
const Parameter& Network<T>::weight(int layer, int n, int input) const {
  const Architecture& a = architecture_;
  if (layer < 0 || layer >= a.layers() || n < 0 || n >= a.neurons(layer) || input < 0 ||
      input >= a.fan_in(layer))
    throw std::out_of_range("no weight (" + std::to_string(layer) + ", " + std::to_string(n) +
                            ", " + std::to_string(input) + ")");
  return parameters_[weight_index_[weight_start_[layer] + n * a.fan_in(layer) + input]];
}

template <class T>
const Parameter& Network<T>::bias(int layer, int n) const {
  const Architecture& a = architecture_;
  if (layer < 0 || layer >= a.layers() || n < 0 || n >= a.neurons(layer))
    throw std::out_of_range("no bias (" + std::to_string(layer) + ", " + std::to_string(n) + ")");
  const int offset = a.bias == BiasSharing::SharedPerLayer ? 0 : n;
  return parameters_[bias_index_[bias_start_[layer] + offset]];
}

template <class T>
void Network<T>::set(std::string_view leaf, T value) {
  const NodeIndex i = node(leaf);
  if (tape_.op(i) != Op::Input)
    throw std::out_of_range("'" + std::string(leaf) + "' is computed, not a leaf to set");
  tape_.set_value(i, std::move(value));
  stale_ = true;
}

template <class T>
void Network<T>::set_row(std::span<const T> inputs, std::span<const T> targets) {
  if (inputs.size() != inputs_.size() || targets.size() != targets_.size())
    throw std::invalid_argument("a row of this network has " + std::to_string(inputs_.size()) +
                                " inputs and " + std::to_string(targets_.size()) + " targets");
  for (std::size_t i = 0; i < inputs.size(); ++i) tape_.set_value(inputs_[i], inputs[i]);
  for (std::size_t j = 0; j < targets.size(); ++j) tape_.set_value(targets_[j], targets[j]);
  stale_ = true;
}

template <class T>
const T& Network<T>::evaluate() {
  stale_ = true;
  refresh();
  return tape_.value(loss_);
}

template <class T>
void Network<T>::refresh() const {
  if (!stale_) return;
  if (auto error = tape_.evaluate()) {
    // Name the node, or the named quantity it is part of (the next named node up). The graph
    // stays stale: every later read throws the same until a leaf is set back into the domain.
    NodeIndex at = error->node;
    while (at + 1 < tape_.size() && !tape_.has_name(at)) ++at;
    throw std::domain_error("evaluating " + std::string(tape_.name(at)) + ": " +
                            std::string(error->reason));
  }
  stale_ = false;
}

template <class T>
const T& Network<T>::value(std::string_view name) const {
  const NodeIndex i = node(name);
  if (!tape_.is_leaf(i)) refresh();  // a leaf is always current: reading one costs nothing
  return tape_.value(i);
}

template <class T>
std::vector<T> Network<T>::outputs() const {
  refresh();
  std::vector<T> values;
  for (NodeIndex o : outputs_) values.push_back(tape_.value(o));
  return values;
}

template <class T>
const engine::Sensitivities<T>& Network<T>::sensitivities() {
  refresh();
  engine::sweep(tape_, loss_, sweep_);
  return sweep_;
}

template <class T>
void Network<T>::gradient(std::span<T> out) {
  sensitivities();
  for (std::size_t k = 0; k < parameters_.size(); ++k) out[k] = sweep_[parameters_[k].node];
}

template <class T>
std::vector<T> Network<T>::gradient() {
  std::vector<T> out(parameters_.size());
  gradient(out);
  return out;
}

template <class T>
void assign(Network<T>& net, const NamedValues& values) {
  for (const auto& [name, text] : values) net.set(name, engine::parse_decimal<T>(text));
}

}  // namespace chainrule::nn
