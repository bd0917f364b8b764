// The workload in ADOL-C's adouble, written as an ADOL-C user would: data stay plain doubles,
// the parameters are the independents, E the one dependent.
#include "bench/adolc_workload.hpp"

#include <adolc/adolc.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace chainrule::bench {

namespace {

adouble sigmoid(const adouble& z) { return 1.0 / (1.0 + exp(-z)); }

// E = ½ Σ (t − out)² over the batch, in the order of build_graph and HandBackprop.
adouble loss(const Workload& w, const Numbers<double>& data, const std::vector<adouble>& p) {
  std::vector<adouble> activation, next;
  adouble squares = 0.0;
  for (std::size_t row = 0; row < w.rows; ++row) {
    const double* x = &data.inputs[row * w.sizes.front()];
    // The first layer reads data (doubles); the others read adoubles.
    for (std::size_t l = 0; l < w.layers(); ++l) {
      next.resize(w.sizes[l + 1]);
      for (std::size_t j = 0; j < w.sizes[l + 1]; ++j) {
        adouble z = l == 0 ? p[w.weight(l, j, 0)] * x[0] : p[w.weight(l, j, 0)] * activation[0];
        for (std::size_t i = 1; i < w.sizes[l]; ++i)
          z += l == 0 ? p[w.weight(l, j, i)] * x[i] : p[w.weight(l, j, i)] * activation[i];
        z += p[w.bias(l, j)];
        next[j] = sigmoid(z);
      }
      std::swap(activation, next);
    }
    for (std::size_t k = 0; k < w.sizes.back(); ++k) {
      adouble diff = data.targets[row * w.sizes.back() + k] - activation[k];
      squares += diff * diff;
    }
  }
  return 0.5 * squares;
}

}  // namespace

double AdolcTape::record(const Workload& w, const Numbers<double>& data,
                         std::span<const double> parameters) {
  double e = 0;
  trace_on(tag_, 1, capacity_, capacity_, capacity_, capacity_);
  {
    std::vector<adouble> p(parameters.size());
    for (std::size_t k = 0; k < parameters.size(); ++k) p[k] <<= parameters[k];
    loss(w, data, p) >>= e;
  }
  trace_off();
  std::size_t stats[STAT_SIZE];
  tapestats(tag_, stats);
  if (stats[OP_FILE_ACCESS] || stats[LOC_FILE_ACCESS] || stats[VAL_FILE_ACCESS]) {
    std::fprintf(stderr, "ADOL-C wrote its tape to a file: raise AdolcTape's capacity\n");
    std::exit(EXIT_FAILURE);
  }
  return e;
}

void AdolcTape::reverse(std::span<double> gradient) {
  // fos_reverse over the Taylor values record() kept: u = dE/dE = 1.
  double seed = 1.0;
  fos_reverse(tag_, 1, static_cast<int>(gradient.size()), &seed, gradient.data());
}

double AdolcTape::gradient(std::span<const double> parameters, std::span<double> gradient) {
  const int n = static_cast<int>(parameters.size());
  double e = 0;
  zos_forward(tag_, 1, n, 1, parameters.data(), &e);
  double seed = 1.0;
  fos_reverse(tag_, 1, n, &seed, gradient.data());
  return e;
}

std::size_t AdolcTape::operations() const {
  std::size_t stats[STAT_SIZE];
  tapestats(tag_, stats);
  return stats[NUM_OPERATIONS];
}

}  // namespace chainrule::bench
