// Shared by the nn tests: judging a value against a published decimal, and counting the digits
// two values agree to.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "engine/number.hpp"
#include "nn/network.hpp"

namespace chainrule::nn::testing {

using engine::Real;

inline Real real(std::string_view text) { return engine::parse_decimal<Real>(text); }

// One unit in the last written place of a plain decimal ("0.60290881" -> 1e-8).
inline Real unit_of(std::string_view published) {
  const auto point = published.find('.');
  const auto places = point == std::string_view::npos ? 0 : published.size() - point - 1;
  return Real(boost::multiprecision::pow(Real(10), -static_cast<int>(places)));
}

// The published number is `value` correctly rounded to the places it was written with.
inline bool rounds_to(const Real& value, std::string_view published) {
  return Real(abs(value - real(published))) <= unit_of(published) / 2;
}

// How many significant decimal digits a and b share: -log10(|a - b| / |b|), capped at 1000.
inline double agreeing_digits(const Real& a, const Real& b) {
  const Real difference = abs(a - b);
  if (difference == 0) return 1000;
  return -static_cast<double>(log10(difference / abs(b)));
}

inline double agreeing_digits(double a, double b) {
  if (a == b) return 1000;
  return -std::log10(std::abs(a - b) / std::abs(b));
}

#define CHECK_PUBLISHED(value, published)                                                  \
  CHECK_MESSAGE(::chainrule::nn::testing::rounds_to((value), (published)),                 \
                #value " = " << ::chainrule::engine::to_decimal((value), 20) << " is not " \
                             << (published) << " rounded")

#define CHECK_DIGITS(value, expected, digits)                                               \
  CHECK_MESSAGE(::chainrule::nn::testing::agreeing_digits((value), (expected)) >= (digits), \
                #value " = " << ::chainrule::engine::to_decimal((value), 50) << " vs "      \
                             << ::chainrule::engine::to_decimal((expected), 50))

}  // namespace chainrule::nn::testing
