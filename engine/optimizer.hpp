// Gradient-descent update rules, shared by `chainrule train` (verify/query.hpp) and the nn
// library's training (nn/train.hpp), so that both take exactly the same steps. Each rule is
// the one PyTorch's documentation states (docs/derivation-files.md writes them out):
//   sgd       θ_t = θ_{t−1} − lr·g_t
//   momentum  b_1 = g_1, b_t = μ·b_{t−1} + g_t; θ_t = θ_{t−1} − lr·b_t
//             (torch.optim.SGD with momentum μ, dampening 0, no weight decay)
//   nesterov  as momentum, then θ_t = θ_{t−1} − lr·(g_t + μ·b_t)
//   adam      m_t = β1·m_{t−1} + (1 − β1)·g_t, v_t = β2·v_{t−1} + (1 − β2)·g_t²,
//             m̂ = m_t/(1 − β1^t), v̂ = v_t/(1 − β2^t), θ_t = θ_{t−1} − lr·m̂/(√v̂ + ε)
//             (torch.optim.Adam, no amsgrad, no weight decay; m_0 = v_0 = 0)
// Every operation is one correctly rounded operation of T, in the order written above.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "engine/number.hpp"

namespace chainrule::engine {

enum class OptimizerKind { Sgd, Momentum, Nesterov, Adam };

// "sgd", "momentum", "nesterov", "adam".
constexpr std::string_view optimizer_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::Sgd:
      return "sgd";
    case OptimizerKind::Momentum:
      return "momentum";
    case OptimizerKind::Nesterov:
      return "nesterov";
    case OptimizerKind::Adam:
      return "adam";
  }
  return "sgd";
}

// The hyperparameters the rules other than sgd read. The defaults are PyTorch's for Adam
// (betas (0.9, 0.999), eps 1e-8); PyTorch's momentum defaults to 0 (which is plain SGD), so
// μ's default is 0.9, the value of torch.optim.SGD's documented example. Construct after
// set_working_digits: the defaults are read from decimal text at the precision current then.
template <class T>
struct Hyperparameters {
  T momentum = parse_decimal<T>("0.9");  // momentum and nesterov
  T beta1 = parse_decimal<T>("0.9");     // adam
  T beta2 = parse_decimal<T>("0.999");
  T eps = parse_decimal<T>("1e-8");
};

template <class T>
struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::Sgd;
  T learning_rate{};
  Hyperparameters<T> h{};
};

// One optimizer run: the state of every trained parameter (b for momentum, m and v for Adam)
// and the step count t. Parameter k is the k-th value of every span passed to step().
template <class T>
class Optimizer {
 public:
  Optimizer(const OptimizerSettings<T>& settings, std::size_t parameters)
      : s_(settings), first_(parameters), second_(parameters) {
    one_minus_beta1_ = T(1) - s_.h.beta1;
    one_minus_beta2_ = T(1) - s_.h.beta2;
  }

  const OptimizerSettings<T>& settings() const { return s_; }
  long steps_taken() const { return t_; }

  // One step: updated[k] = parameter k after the update from values[k] and g_t, where g_t is
  // gradient_sums[k] / rows (the mean over a batch of `rows` rows). For sgd the step is
  // θ − (lr/rows)·sum, lr/rows rounded once, so one row costs no division at all.
  void step(std::span<const T> values, std::span<const T> gradient_sums, std::span<T> updated,
            long rows = 1) {
    ++t_;
    if (s_.kind == OptimizerKind::Sgd) return sgd(values, gradient_sums, updated, rows);
    if (s_.kind == OptimizerKind::Adam) begin_adam_step();
    for (std::size_t k = 0; k < values.size(); ++k) {
      g_ = gradient_sums[k];
      if (rows != 1) g_ /= T(rows);
      if (s_.kind == OptimizerKind::Adam)
        adam(k, values[k], updated[k]);
      else
        momentum(k, values[k], updated[k]);
    }
  }

 private:
  void sgd(std::span<const T> values, std::span<const T> sums, std::span<T> updated, long rows) {
    const T rate = rows == 1 ? s_.learning_rate : T(s_.learning_rate / T(rows));
    for (std::size_t k = 0; k < values.size(); ++k) {
      multiply_into(g_, rate, sums[k]);  // in place: no MPFR temporaries in the loop
      subtract_into(updated[k], values[k], g_);
    }
  }

  void momentum(std::size_t k, const T& value, T& updated) {
    T& b = first_[k];
    if (t_ == 1) {
      b = g_;
    } else {
      multiply_into(scratch_, s_.h.momentum, b);
      add_into(b, scratch_, g_);
    }
    const T* direction = &b;
    if (s_.kind == OptimizerKind::Nesterov) {
      multiply_into(scratch_, s_.h.momentum, b);
      add_into(nesterov_, g_, scratch_);
      direction = &nesterov_;
    }
    multiply_into(scratch_, s_.learning_rate, *direction);
    subtract_into(updated, value, scratch_);
  }

  // 1 − β1^t and 1 − β2^t, each power correctly rounded (pow), as PyTorch's 1 − beta ** step.
  void begin_adam_step() {
    using std::pow;
    correction1_ = T(1) - T(pow(s_.h.beta1, T(t_)));
    correction2_ = T(1) - T(pow(s_.h.beta2, T(t_)));
  }

  void adam(std::size_t k, const T& value, T& updated) {
    using std::sqrt;
    T& m = first_[k];
    T& v = second_[k];
    m = T(s_.h.beta1 * m) + T(one_minus_beta1_ * g_);
    v = T(s_.h.beta2 * v) + T(one_minus_beta2_ * T(g_ * g_));
    const T m_hat = m / correction1_;
    const T v_hat = v / correction2_;
    updated = value - T(s_.learning_rate * m_hat) / T(T(sqrt(v_hat)) + s_.h.eps);
  }

  OptimizerSettings<T> s_;
  std::vector<T> first_;   // b (momentum, nesterov) or m (adam), per parameter
  std::vector<T> second_;  // v (adam), per parameter
  long t_ = 0;
  T g_, scratch_, nesterov_, one_minus_beta1_, one_minus_beta2_, correction1_, correction2_;
};

}  // namespace chainrule::engine
