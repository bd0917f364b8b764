// Hand-written backprop at 50 digits through MPFR's C API, computing in place into mpfr_t
// values allocated once: no temporaries at all, a stronger limit than HandBackprop<Real>, whose
// Boost operators allocate a number for every product. Its header stays out of the rest.
#pragma once

#include <cstddef>
#include <memory>

#include "bench/workload.hpp"
#include "engine/number.hpp"

namespace chainrule::bench {

class MpfrHandBackprop {
 public:
  // Every buffer gets the precision (in bits) of the Real values in `data`.
  MpfrHandBackprop(const Workload& w, const Numbers<engine::Real>& data);
  ~MpfrHandBackprop();
  MpfrHandBackprop(const MpfrHandBackprop&) = delete;
  MpfrHandBackprop& operator=(const MpfrHandBackprop&) = delete;

  // E and Σ dE/dp at the parameters given at construction (copied once, untimed).
  Outcome<engine::Real> gradient();

 private:
  struct Buffers;
  void forward();
  void backward();
  const Workload& w_;
  std::unique_ptr<Buffers> b_;
};

}  // namespace chainrule::bench
