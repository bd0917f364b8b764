// The benchmark workload of issue 6, shared by the benchmarks (bench/) and by the correctness
// test that runs with every build (tests/test_workload.cpp): a fully connected sigmoid network
// with one bias per neuron, its data from one 64-bit LCG, the loss E = Σ ½(t − out)², and two
// ways to get dE/d(every weight and bias): the engine's tape and hand-written backprop.
//
// The numbers are drawn as doubles. Each draw is k·2⁻⁵³ − 0.5, exact in double and so exact
// in every wider type: T(double) loses nothing here (this is not decimal text).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "engine/op.hpp"
#include "engine/tape.hpp"

namespace chainrule::bench {

// The issue's network: layer widths, inputs first.
inline const std::vector<std::size_t> kIssueLayers = {8, 32, 32, 4};
// E and Σ dE/dp for B = 100 in double, as the issue publishes them (good to ~1e-13 relative).
inline constexpr std::size_t kReferenceRows = 100;
inline constexpr double kReferenceLoss = 28.891711718423942;
inline constexpr double kReferenceGradientSum = 274.29877417975422;

// state = state·6364136223846793005 + 1442695040888963407 (wrapping), from 42; a draw is taken
// after advancing: (state >> 11)·2⁻⁵³ − 0.5.
class Lcg {
 public:
  double draw() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) * 0x1p-53 - 0.5;
  }

 private:
  std::uint64_t state_ = 42;
};

// One network and one batch. Parameters are every weight layer by layer (row-major,
// out × in), then every bias layer by layer: the order of the draws and of the gradient.
struct Workload {
  std::vector<std::size_t> sizes;
  std::size_t rows = 0;
  std::vector<double> parameters;
  std::vector<double> inputs;             // rows × sizes.front()
  std::vector<double> targets;            // rows × sizes.back()
  std::vector<std::size_t> weight_start;  // per layer, index of its first weight
  std::vector<std::size_t> bias_start;    // per layer, index of its first bias

  std::size_t layers() const { return sizes.size() - 1; }
  // Layer l maps sizes[l] values to sizes[l + 1]; unit j of it reads input i with this weight.
  std::size_t weight(std::size_t l, std::size_t j, std::size_t i) const {
    return weight_start[l] + j * sizes[l] + i;
  }
  std::size_t bias(std::size_t l, std::size_t j) const { return bias_start[l] + j; }
};

inline Workload make_workload(std::vector<std::size_t> sizes, std::size_t rows) {
  Workload w{std::move(sizes), rows, {}, {}, {}, {}, {}};
  std::size_t weights = 0;
  for (std::size_t l = 0; l < w.layers(); ++l) {
    w.weight_start.push_back(weights);
    weights += w.sizes[l + 1] * w.sizes[l];
  }
  std::size_t biases = 0;
  for (std::size_t l = 0; l < w.layers(); ++l) {
    w.bias_start.push_back(weights + biases);
    biases += w.sizes[l + 1];
  }
  Lcg lcg;
  for (std::size_t k = 0; k < weights + biases; ++k) w.parameters.push_back(lcg.draw());
  for (std::size_t k = 0; k < rows * w.sizes.front(); ++k) w.inputs.push_back(lcg.draw());
  for (std::size_t k = 0; k < rows * w.sizes.back(); ++k) w.targets.push_back(lcg.draw() + 0.5);
  return w;
}

// The workload's numbers in the type T every computation uses (converted once, untimed).
template <class T>
struct Numbers {
  explicit Numbers(const Workload& w)
      : parameters(w.parameters.begin(), w.parameters.end()),
        inputs(w.inputs.begin(), w.inputs.end()),
        targets(w.targets.begin(), w.targets.end()) {}
  std::vector<T> parameters;
  std::vector<T> inputs;
  std::vector<T> targets;
};

// What every variant must agree on: the loss and the sum of its gradient.
template <class T>
struct Outcome {
  T loss;
  T gradient_sum;
};

template <class T>
T sum(std::span<const T> values) {
  T total = 0;
  for (const T& v : values) total += v;
  return total;
}

// |a − b| / |b| in double: enough to say whether two results agree to a tolerance.
template <class T>
double relative_difference(const T& a, const T& b) {
  using std::abs;
  return static_cast<double>(T(abs(T(a - b)) / abs(b)));
}

// The engine's graph of E: parameters as inputs, data as constants, built in the same order
// of operations as HandBackprop so that double results agree to the last bits.
template <class T>
struct EngineGraph {
  engine::Tape<T> tape;
  std::vector<engine::NodeIndex> parameters;
  engine::NodeIndex loss = engine::kNoNode;
};

// How a neuron's input sum Σ wᵢxᵢ + b goes on the tape: one node per * and + (what a derivation
// file compiles to), or one n-ary Dot node per neuron (Tape::dot, Adept's statement-level way).
// Both sum in hand-written backprop's order, so in double they agree with it bit for bit.
enum class NeuronSum { BinaryNodes, DotNode };

template <class T>
void build_graph(const Workload& w, std::span<const T> parameters, const Numbers<T>& data,
                 EngineGraph<T>& g, NeuronSum neuron_sum = NeuronSum::BinaryNodes) {
  using engine::NodeIndex, engine::Op, engine::kNoNode;
  engine::Tape<T>& tape = g.tape;
  g.parameters.clear();
  for (const T& p : parameters) g.parameters.push_back(tape.input(p));
  std::vector<NodeIndex> activation, next;
  NodeIndex total = kNoNode;
  for (std::size_t row = 0; row < w.rows; ++row) {
    activation.clear();
    for (std::size_t i = 0; i < w.sizes.front(); ++i)
      activation.push_back(tape.constant(data.inputs[row * w.sizes.front() + i]));
    for (std::size_t l = 0; l < w.layers(); ++l) {
      next.clear();
      for (std::size_t j = 0; j < w.sizes[l + 1]; ++j) {
        const NodeIndex bias = g.parameters[w.bias(l, j)];
        NodeIndex z = kNoNode;
        if (neuron_sum == NeuronSum::DotNode) {
          const auto weights =
              std::span<const NodeIndex>(g.parameters).subspan(w.weight(l, j, 0), w.sizes[l]);
          z = tape.dot(weights, activation, bias);
        } else {
          for (std::size_t i = 0; i < w.sizes[l]; ++i) {
            NodeIndex term =
                tape.apply(Op::Multiply, g.parameters[w.weight(l, j, i)], activation[i]);
            z = z == kNoNode ? term : tape.apply(Op::Add, z, term);
          }
          z = tape.apply(Op::Add, z, bias);
        }
        next.push_back(tape.apply(Op::Sigmoid, z));
      }
      std::swap(activation, next);
    }
    for (std::size_t k = 0; k < w.sizes.back(); ++k) {
      NodeIndex target = tape.constant(data.targets[row * w.sizes.back() + k]);
      NodeIndex diff = tape.apply(Op::Subtract, target, activation[k]);
      NodeIndex square = tape.apply(Op::Multiply, diff, diff);
      total = total == kNoNode ? square : tape.apply(Op::Add, total, square);
    }
  }
  g.loss = tape.apply(Op::Multiply, tape.constant(T(0.5)), total);
}

// dE/dp from one reverse sweep of a built (or re-evaluated) graph, into `gradient`.
template <class T>
Outcome<T> engine_gradient(const EngineGraph<T>& g, engine::Sensitivities<T>& s,
                           std::span<T> gradient) {
  engine::sweep(g.tape, g.loss, s);
  for (std::size_t k = 0; k < gradient.size(); ++k) gradient[k] = s.adjoint[g.parameters[k]];
  return {g.tape.value(g.loss), sum<T>(gradient)};
}

// Textbook backprop, one row at a time, with every buffer allocated once: the limit a tape
// is measured against. It computes in T exactly what the engine's graph does, in the same
// order, with the engine's own sigmoid.
template <class T>
class HandBackprop {
 public:
  HandBackprop(const Workload& w, const Numbers<T>& data) : w_(w), data_(data) {
    for (std::size_t size : w.sizes) {
      activation_.emplace_back(size);
      delta_.emplace_back(size);
    }
  }

  Outcome<T> gradient(std::span<const T> p, std::span<T> gradient) {
    for (T& g : gradient) g = 0;
    T squares = 0;
    const std::size_t last = w_.layers();
    for (std::size_t row = 0; row < w_.rows; ++row) {
      for (std::size_t i = 0; i < w_.sizes.front(); ++i)
        activation_[0][i] = data_.inputs[row * w_.sizes.front() + i];
      forward(p);
      for (std::size_t k = 0; k < w_.sizes.back(); ++k) {
        const T& out = activation_[last][k];
        T diff = data_.targets[row * w_.sizes.back() + k] - out;
        squares += diff * diff;
        delta_[last][k] = -diff * out * (1 - out);  // dE/dz at the output
      }
      backward(p, gradient);
    }
    return {T(T(0.5) * squares), sum<T>(gradient)};
  }

 private:
  void forward(std::span<const T> p) {
    for (std::size_t l = 0; l < w_.layers(); ++l) {
      for (std::size_t j = 0; j < w_.sizes[l + 1]; ++j) {
        T& z = activation_[l + 1][j];
        z = p[w_.weight(l, j, 0)] * activation_[l][0];
        for (std::size_t i = 1; i < w_.sizes[l]; ++i)
          z += p[w_.weight(l, j, i)] * activation_[l][i];
        z += p[w_.bias(l, j)];
        z = engine::rules::sigmoid(z);
      }
    }
  }

  // delta_[l + 1] holds dE/dz of layer l's units; accumulate their parameters' gradient and
  // pass dE/dz down to the layer below.
  void backward(std::span<const T> p, std::span<T> gradient) {
    for (std::size_t l = w_.layers(); l-- > 0;) {
      for (std::size_t j = 0; j < w_.sizes[l + 1]; ++j) {
        const T& d = delta_[l + 1][j];
        gradient[w_.bias(l, j)] += d;
        for (std::size_t i = 0; i < w_.sizes[l]; ++i)
          gradient[w_.weight(l, j, i)] += d * activation_[l][i];
      }
      if (l == 0) break;
      for (std::size_t i = 0; i < w_.sizes[l]; ++i) {
        T& down = delta_[l][i];
        down = 0;
        for (std::size_t j = 0; j < w_.sizes[l + 1]; ++j)
          down += p[w_.weight(l, j, i)] * delta_[l + 1][j];
        const T& a = activation_[l][i];
        down *= a * (1 - a);
      }
    }
  }

  const Workload& w_;
  const Numbers<T>& data_;
  std::vector<std::vector<T>> activation_;  // per layer, the values of one row
  std::vector<std::vector<T>> delta_;       // per layer, dE/dz of one row
};

}  // namespace chainrule::bench
