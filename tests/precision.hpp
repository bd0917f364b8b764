// Helpers for tests that compute with Real at a chosen precision.
#pragma once

#include <algorithm>

#include "engine/number.hpp"

namespace chainrule::testing {

// Sets the working precision for a scope and restores the previous one after it.
struct Precision {
  explicit Precision(int digits) : saved(engine::Real::default_precision()) {
    engine::set_working_digits(digits);
  }
  ~Precision() { engine::Real::default_precision(saved); }
  Precision(const Precision&) = delete;
  Precision& operator=(const Precision&) = delete;
  unsigned saved;
};

inline engine::Real real(const char* text) { return engine::parse_decimal<engine::Real>(text); }

// x and y agree to `digits` significant digits, relative to the larger of the two.
inline bool agree_to_digits(const engine::Real& x, const engine::Real& y, int digits) {
  engine::Real scale = std::max(abs(x), abs(y));
  if (scale == 0) return true;
  return abs(x - y) <= scale * pow(engine::Real(10), -digits);
}

}  // namespace chainrule::testing
