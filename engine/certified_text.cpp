// Decimal text in and out of Certified: read exactly, printed with certain digits only.
#include <gmp.h>
#include <mpfi.h>
#include <mpfr.h>

#include <cstdlib>
#include <stdexcept>

#include "engine/certified.hpp"

namespace chainrule::engine {

using Interval = Certified::Interval;
using Rational = Certified::Rational;

namespace {

// Above this many decimal digits (mantissa plus exponent) a literal is read as an interval
// only: 10^100000000 as a rational would take 40 MB and make every operation on it slow.
constexpr long kMaxExactLiteralDigits = 1200;

struct DecimalParts {
  bool negative = false;
  std::string digits;  // the mantissa's digits, point removed
  long exponent = 0;   // value = digits × 10^exponent
};

DecimalParts split_decimal(std::string_view text) {
  DecimalParts parts;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) parts.negative = text[i++] == '-';
  long fraction = 0;
  bool point = false;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.' && !point) {
      point = true;
    } else if (text[i] >= '0' && text[i] <= '9') {
      parts.digits += text[i];
      fraction += point ? 1 : 0;
    } else {
      throw std::invalid_argument("not a decimal number: " + std::string(text));
    }
  }
  if (parts.digits.empty())
    throw std::invalid_argument("not a decimal number: " + std::string(text));
  if (i < text.size()) {
    const std::string exponent(text.substr(i + 1));
    char* end = nullptr;
    parts.exponent = std::strtol(exponent.c_str(), &end, 10);
    if (exponent.empty() || *end != '\0')
      throw std::invalid_argument("not a decimal number: " + std::string(text));
  }
  parts.exponent -= fraction;
  return parts;
}

Rational power_of_ten(unsigned long k) {
  Rational q;
  mpz_t z;
  mpz_init(z);
  mpz_ui_pow_ui(z, 10, k);
  mpq_set_z(q.backend().data(), z);
  mpz_clear(z);
  return q;
}

struct RoundedDigits {
  std::string digits;   // significant digits, no sign
  long exponent10 = 0;  // the first digit's decimal place
  bool negative = false;
  bool operator==(const RoundedDigits&) const = default;
};

RoundedDigits rounded(mpfr_srcptr x, int digits) {
  mpfr_exp_t e = 0;
  char* s = mpfr_get_str(nullptr, &e, 10, static_cast<std::size_t>(digits), x, MPFR_RNDN);
  RoundedDigits r;
  r.negative = s[0] == '-';
  r.digits = s + (r.negative ? 1 : 0);
  r.exponent10 = static_cast<long>(e) - 1;
  mpfr_free_str(s);
  return r;
}

// The exact value |q| rounded to `digits` significant digits, halves away from zero.
RoundedDigits rounded(const Rational& q, int digits) {
  RoundedDigits r;
  r.negative = q < 0;
  const Rational magnitude = boost::multiprecision::abs(q);
  mpfr_t estimate;
  mpfr_init2(estimate, 64);
  mpfr_set_q(estimate, magnitude.backend().data(), MPFR_RNDN);
  mpfr_log10(estimate, estimate, MPFR_RNDN);
  long e = mpfr_get_si(estimate, MPFR_RNDD);
  mpfr_clear(estimate);
  const Rational low = power_of_ten(static_cast<unsigned long>(digits - 1));
  const Rational high = power_of_ten(static_cast<unsigned long>(digits));
  for (int attempt = 0; attempt < 4; ++attempt) {  // the estimate is off by one at most
    const long shift = digits - 1 - e;
    Rational scaled = shift >= 0
                          ? Rational(magnitude * power_of_ten(static_cast<unsigned long>(shift)))
                          : Rational(magnitude / power_of_ten(static_cast<unsigned long>(-shift)));
    const Certified units = round(Certified(scaled));
    const Rational n = *units.exact();
    if (n >= high) {
      ++e;
    } else if (n < low) {
      --e;
    } else {
      r.digits = n.str();
      r.exponent10 = e;
      return r;
    }
  }
  throw std::logic_error("rounded: the decimal exponent did not converge");
}

// Rounds both ends of the interval to fewer and fewer digits until they agree: the digits
// every value in between rounds to. Empty digits when not even one is certain.
RoundedDigits certain(const Interval& x, int wanted) {
  const mpfi_srcptr v = x.backend().data();
  if (mpfi_nan_p(v) || !mpfi_bounded_p(v)) return {};
  if (mpfr_zero_p(&v->left) && mpfr_zero_p(&v->right)) return {"0", 0, false};
  for (int n = wanted; n >= 1;) {
    RoundedDigits lo = rounded(&v->left, n), hi = rounded(&v->right, n);
    if (lo == hi) return lo;
    if (lo.negative != hi.negative) return {};
    std::size_t common = 0;
    if (lo.exponent10 == hi.exponent10)
      while (common < lo.digits.size() && lo.digits[common] == hi.digits[common]) ++common;
    // Rounded to one digit past the common prefix the two may still agree (1.06 and 1.12 at 2).
    n = std::min(n - 1, std::max(static_cast<int>(common) + 1, 1));
  }
  return {};
}

// max(|lo|, |hi|) rounded up to two digits: a bound on the value's size that is certainly true.
std::string magnitude_bound(mpfi_srcptr v) {
  mpfr_t bound;
  mpfr_init2(bound, mpfi_get_prec(v));
  mpfi_mag(bound, v);
  mpfr_exp_t e = 0;
  char* s = mpfr_get_str(nullptr, &e, 10, 2, bound, MPFR_RNDU);
  mpfr_clear(bound);
  std::string text = format_decimal(false, s, static_cast<int>(e) - 1, 2);
  mpfr_free_str(s);
  return text;
}

}  // namespace

template <>
Certified parse_decimal<Certified>(std::string_view text) {
  const DecimalParts parts = split_decimal(text);
  const long magnitude = parts.exponent < 0 ? -parts.exponent : parts.exponent;
  if (static_cast<long>(parts.digits.size()) + magnitude <= kMaxExactLiteralDigits) {
    Rational q(parts.digits);
    q = parts.exponent >= 0 ? Rational(q * power_of_ten(static_cast<unsigned long>(magnitude)))
                            : Rational(q / power_of_ten(static_cast<unsigned long>(magnitude)));
    return Certified(parts.negative ? Rational(-q) : q);
  }
  Interval r;
  const std::string unsigned_text(text.substr(text[0] == '+' || text[0] == '-' ? 1 : 0));
  mpfi_set_str(r.backend().data(), unsigned_text.c_str(), 10);
  if (parts.negative) mpfi_neg(r.backend().data(), r.backend().data());
  return Certified::enclosed(std::move(r));
}

int certain_digits(const Certified& x, int wanted) {
  if (x.exact()) return wanted;
  const RoundedDigits r = certain(x.enclosure(), wanted);
  if (r.digits == "0") return wanted;
  return static_cast<int>(r.digits.size());
}

template <>
std::string to_decimal<Certified>(const Certified& x, int digits) {
  digits = std::max(digits, 1);
  if (const Rational* q = x.exact()) {
    if (*q == 0) return "0";
    RoundedDigits r = rounded(*q, digits);
    return format_decimal(r.negative, std::move(r.digits), static_cast<int>(r.exponent10), digits);
  }
  RoundedDigits r = certain(x.enclosure(), digits);
  if (r.digits.empty()) {
    const mpfi_srcptr v = x.enclosure().backend().data();
    if (!mpfi_bounded_p(v)) return mpfi_nan_p(v) ? "nan" : "inf";
    if (mpfi_has_zero(v)) return "[±" + magnitude_bound(v) + "]";
    mpfr_t mid;
    mpfr_init2(mid, mpfi_get_prec(v));
    mpfi_mid(mid, v);
    RoundedDigits m = rounded(mid, 2);
    mpfr_clear(mid);
    return "~" + format_decimal(m.negative, std::move(m.digits), static_cast<int>(m.exponent10), 2);
  }
  return format_decimal(r.negative, std::move(r.digits), static_cast<int>(r.exponent10), digits);
}

}  // namespace chainrule::engine
