// MPFR's C API into preallocated values: the same operations in the same order as
// HandBackprop<Real> (engine::rules::sigmoid's steps too), each one correctly rounded
// mpfr_mul, mpfr_add, mpfr_sub, mpfr_exp or mpfr_ui_div written into a kept mpfr_t.
#include "bench/mpfr_hand.hpp"

#include <mpfr.h>

#include <vector>

namespace chainrule::bench {

namespace {

// mpfr_t values initialised once at one precision and cleared at the end.
class MpfrArray {
 public:
  MpfrArray(std::size_t n, mpfr_prec_t precision) : v_(n) {
    for (auto& x : v_) mpfr_init2(&x, precision);
  }
  ~MpfrArray() {
    for (auto& x : v_) mpfr_clear(&x);
  }
  MpfrArray(const MpfrArray&) = delete;
  MpfrArray& operator=(const MpfrArray&) = delete;
  MpfrArray(MpfrArray&&) = default;
  mpfr_ptr operator[](std::size_t i) { return &v_[i]; }
  std::size_t size() const { return v_.size(); }

 private:
  std::vector<__mpfr_struct> v_;
};

constexpr mpfr_rnd_t kNearest = MPFR_RNDN;

}  // namespace

struct MpfrHandBackprop::Buffers {
  Buffers(const Workload& w, mpfr_prec_t precision)
      : parameters(w.parameters.size(), precision),
        gradient(w.parameters.size(), precision),
        inputs(w.inputs.size(), precision),
        targets(w.targets.size(), precision),
        scratch(3, precision) {
    for (std::size_t size : w.sizes) {
      activation.emplace_back(size, precision);
      delta.emplace_back(size, precision);
    }
  }
  MpfrArray parameters, gradient, inputs, targets;
  std::vector<MpfrArray> activation, delta;  // per layer, one row
  MpfrArray scratch;                         // product, squares, difference
};

MpfrHandBackprop::MpfrHandBackprop(const Workload& w, const Numbers<engine::Real>& data)
    : w_(w), b_(std::make_unique<Buffers>(w, mpfr_get_prec(data.parameters[0].backend().data()))) {
  for (std::size_t k = 0; k < data.parameters.size(); ++k)
    mpfr_set(b_->parameters[k], data.parameters[k].backend().data(), kNearest);
  for (std::size_t k = 0; k < data.inputs.size(); ++k)
    mpfr_set(b_->inputs[k], data.inputs[k].backend().data(), kNearest);
  for (std::size_t k = 0; k < data.targets.size(); ++k)
    mpfr_set(b_->targets[k], data.targets[k].backend().data(), kNearest);
}

MpfrHandBackprop::~MpfrHandBackprop() = default;

Outcome<engine::Real> MpfrHandBackprop::gradient() {
  Buffers& b = *b_;
  for (std::size_t k = 0; k < b.gradient.size(); ++k) mpfr_set_zero(b.gradient[k], 1);
  mpfr_ptr squares = b.scratch[1], diff = b.scratch[2];
  mpfr_set_zero(squares, 1);
  const std::size_t last = w_.layers(), outputs = w_.sizes.back();
  for (std::size_t row = 0; row < w_.rows; ++row) {
    for (std::size_t i = 0; i < w_.sizes.front(); ++i)
      mpfr_set(b.activation[0][i], b.inputs[row * w_.sizes.front() + i], kNearest);
    forward();
    for (std::size_t k = 0; k < outputs; ++k) {
      mpfr_ptr out = b.activation[last][k], d = b.delta[last][k];
      mpfr_sub(diff, b.targets[row * outputs + k], out, kNearest);
      mpfr_fma(squares, diff, diff, squares, kNearest);
      // dE/dz at the output: -diff·out·(1 − out)
      mpfr_ui_sub(d, 1, out, kNearest);
      mpfr_mul(d, d, out, kNearest);
      mpfr_mul(d, d, diff, kNearest);
      mpfr_neg(d, d, kNearest);
    }
    backward();
  }
  engine::Real loss, sum = 0;
  mpfr_mul_d(loss.backend().data(), squares, 0.5, kNearest);
  for (std::size_t k = 0; k < b.gradient.size(); ++k)
    mpfr_add(sum.backend().data(), sum.backend().data(), b.gradient[k], kNearest);
  return {loss, sum};
}

void MpfrHandBackprop::forward() {
  Buffers& b = *b_;
  for (std::size_t l = 0; l < w_.layers(); ++l) {
    for (std::size_t j = 0; j < w_.sizes[l + 1]; ++j) {
      mpfr_ptr z = b.activation[l + 1][j];
      mpfr_mul(z, b.parameters[w_.weight(l, j, 0)], b.activation[l][0], kNearest);
      for (std::size_t i = 1; i < w_.sizes[l]; ++i)
        mpfr_fma(z, b.parameters[w_.weight(l, j, i)], b.activation[l][i], z, kNearest);
      mpfr_add(z, z, b.parameters[w_.bias(l, j)], kNearest);
      // sigmoid: 1/(1 + e^(−z)), each step correctly rounded
      mpfr_neg(z, z, kNearest);
      mpfr_exp(z, z, kNearest);
      mpfr_add_ui(z, z, 1, kNearest);
      mpfr_ui_div(z, 1, z, kNearest);
    }
  }
}

void MpfrHandBackprop::backward() {
  Buffers& b = *b_;
  for (std::size_t l = w_.layers(); l-- > 0;) {
    for (std::size_t j = 0; j < w_.sizes[l + 1]; ++j) {
      mpfr_ptr d = b.delta[l + 1][j];
      mpfr_add(b.gradient[w_.bias(l, j)], b.gradient[w_.bias(l, j)], d, kNearest);
      for (std::size_t i = 0; i < w_.sizes[l]; ++i) {
        mpfr_ptr g = b.gradient[w_.weight(l, j, i)];
        mpfr_fma(g, d, b.activation[l][i], g, kNearest);
      }
    }
    if (l == 0) break;
    for (std::size_t i = 0; i < w_.sizes[l]; ++i) {
      mpfr_ptr down = b.delta[l][i], a = b.activation[l][i], slope = b.scratch[0];
      mpfr_mul(down, b.parameters[w_.weight(l, 0, i)], b.delta[l + 1][0], kNearest);
      for (std::size_t j = 1; j < w_.sizes[l + 1]; ++j)
        mpfr_fma(down, b.parameters[w_.weight(l, j, i)], b.delta[l + 1][j], down, kNearest);
      mpfr_ui_sub(slope, 1, a, kNearest);  // a·(1 − a)
      mpfr_mul(slope, slope, a, kNearest);
      mpfr_mul(down, down, slope, kNearest);
    }
  }
}

}  // namespace chainrule::bench
