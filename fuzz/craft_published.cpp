// The numbers a fuzzed claim publishes, made from the computed value's decimal text by
// string arithmetic, so that a tie (exactly u/2 or u away) stays exact.
#include <cctype>
#include <string>

#include "fuzz/derivation_grammar.hpp"

namespace chainrule::fuzz {

namespace {

// A value written as ±0.DIGITS × 10^(exponent + 1): DIGITS without leading or trailing zeros,
// `exponent` the decimal exponent of the first digit.
struct Decimal {
  bool negative = false;
  std::string digits;
  int exponent = 0;
};

Decimal split(const std::string& text) {
  Decimal d;
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') d.negative = true, ++i;
  int point = -1, first = -1, count = 0;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] == '.') {
      point = count;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) continue;
    if (first < 0 && text[i] != '0') first = count;
    if (first >= 0) d.digits += text[i];
    ++count;
  }
  if (point < 0) point = count;
  const int exponent = i < text.size() ? std::stoi(text.substr(i + 1)) : 0;
  d.exponent = point - first - 1 + exponent;
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
  return d;
}

std::string add_one(std::string n) {
  for (std::size_t i = n.size(); i-- > 0;) {
    if (n[i] != '9') {
      ++n[i];
      return n;
    }
    n[i] = '0';
  }
  return "1" + n;
}

std::string subtract_one(std::string n) {
  for (std::size_t i = n.size(); i-- > 0;) {
    if (n[i] != '0') {
      --n[i];
      break;
    }
    n[i] = '9';
  }
  const auto nonzero = n.find_first_not_of('0');
  return nonzero == std::string::npos ? "0" : n.substr(nonzero);
}

// ±UNITS × 10^place, as "UNITSe-PLACE" (read_published takes u from it: 10^place).
std::string write(bool negative, const std::string& units, int place) {
  return (negative ? "-" : "") + units + "e" + std::to_string(place);
}

}  // namespace

std::string craft_published(const std::string& value, ClaimStyle style, int digits) {
  const Decimal v = split(value);
  if (v.digits.empty()) return style == ClaimStyle::Wild ? "1e-3" : "0";
  const int n = static_cast<int>(v.digits.size());
  const int k = std::min(digits, n);
  const std::string kept = v.digits.substr(0, static_cast<std::size_t>(k));
  const int place = v.exponent - k + 1;
  const bool round_up = k < n && v.digits[static_cast<std::size_t>(k)] >= '5';
  const std::string rounded = round_up ? add_one(kept) : kept;
  // Ties need v's own last place; a value with many digits is not a short decimal, so they
  // fall back to the claims one off in the last digit.
  const int last = v.exponent - n + 1;
  switch (style) {
    case ClaimStyle::Rounded:
      return write(v.negative, rounded, place);
    case ClaimStyle::Truncated:
      return write(v.negative, kept, place);
    case ClaimStyle::LastDigitUp:
      return write(v.negative, add_one(rounded), place);
    case ClaimStyle::LastDigitDown:
      return write(v.negative, subtract_one(rounded), place);
    case ClaimStyle::HalfTieBelow:
    case ClaimStyle::HalfTieAbove: {
      if (n < 2 || n > 15) return write(v.negative, add_one(rounded), place);
      const std::string cut = v.digits.substr(0, v.digits.size() - 1);  // ends in 5: a tie
      return write(v.negative, style == ClaimStyle::HalfTieAbove ? add_one(cut) : cut, last + 1);
    }
    case ClaimStyle::UnitTieBelow:
    case ClaimStyle::UnitTieAbove:
      if (n > 15) return write(v.negative, subtract_one(rounded), place);
      return write(v.negative,
                   style == ClaimStyle::UnitTieAbove ? add_one(v.digits) : subtract_one(v.digits),
                   last);
    case ClaimStyle::Wild:
      return write(v.negative, "7" + rounded, place);
    case ClaimStyle::SignFlipped:
      return write(!v.negative, rounded, place);
  }
  return "0";
}

}  // namespace chainrule::fuzz
