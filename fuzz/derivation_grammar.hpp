// A grammar of derivation files driven by fuzz bytes: every byte string maps to a
// well-formed file, so libFuzzer's mutations explore definitions, substitutions, derivative
// terms and claims instead of the lexer's error paths (fuzz/derivation_fuzzer.cpp covers
// those). Claims are published deliberately near or off the computed value: correctly
// rounded, truncated, one off in the last digit, exactly u/2 or u away, wildly wrong, or
// with the sign flipped.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chainrule::fuzz {

// Reads fuzz bytes as a sequence of choices. Once they run out every choice is 0, and 0 is
// always the simplest alternative, so every input maps to a small, finished file.
class Choices {
 public:
  explicit Choices(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  unsigned pick(unsigned n) {
    if (n <= 1 || next_ >= bytes_.size()) return 0;
    return bytes_[next_++] % n;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t next_ = 0;
};

enum class ClaimStyle : std::uint8_t {
  Rounded,
  Truncated,
  LastDigitUp,
  LastDigitDown,
  HalfTieBelow,  // C = v - u/2 exactly, when v is a short decimal
  HalfTieAbove,
  UnitTieBelow,  // C = v - u exactly
  UnitTieAbove,
  Wild,
  SignFlipped,
};
inline constexpr unsigned kClaimStyles = 10;

struct DraftLine {
  std::string text;  // a definition, or a claim's expression
  bool is_claim = false;
  ClaimStyle style = ClaimStyle::Rounded;
  int digits = 4;  // significant digits the claim publishes
};

// The file before its claims have numbers.
struct Draft {
  std::vector<DraftLine> lines;
};

Draft draft_derivation(Choices& choices);

// The file's text with `published[k]` as the number of the k-th claim.
std::string render(const Draft& draft, const std::vector<std::string>& published);

// The number a claim of `style` publishes for the value whose decimal text is `value`
// (as engine::to_decimal writes it), at `digits` significant digits.
std::string craft_published(const std::string& value, ClaimStyle style, int digits);

}  // namespace chainrule::fuzz
