#include "fuzz/derivation_grammar.hpp"

#include <array>
#include <string_view>

namespace chainrule::fuzz {

namespace {

constexpr std::array<std::string_view, 6> kInputNames{"a", "b", "c", "w1", "x_2", "g"};
constexpr std::array<std::string_view, 10> kDefinitionNames{"L", "M", "N",     "L_n", "L_b",
                                                            "P", "Q", "out_1", "R",   "E_n"};
// Short decimals make exact ties possible; 100 and 30 push sigmoid and tanh into cancellation.
constexpr std::array<std::string_view, 20> kNumbers{
    "2.0", "0.5", "0.125", "0.375", "0.03", "1.5",    "3",  "5",    "1",    "0.1",
    "0.2", "100", "30",    "1e-3",  "2.5",  "0.0625", "12", "0.99", "7.25", "0.01"};
constexpr std::array<std::string_view, 9> kFunctions{"exp", "sigmoid", "tanh", "relu", "abs",
                                                     "sin", "cos",     "log",  "sqrt"};
// Functions the file defines, f(p) and g(p, a): `a` shadows the input of that name.
constexpr std::array<std::string_view, 2> kUserFunctions{"fn", "gn"};
constexpr std::array<std::string_view, 2> kParameters{"p", "a"};
constexpr std::array<std::string_view, 5> kExponents{"2", "3", "-1", "0.5", "2.5"};

class Generator {
 public:
  explicit Generator(Choices& choices) : c_(choices) {}

  Draft draft() {
    Draft d;
    const unsigned inputs = 1 + c_.pick(4);
    for (unsigned i = 0; i < inputs; ++i) {
      const std::string name(kInputNames[i]);
      d.lines.push_back({name + " = " + (c_.pick(4) == 3 ? "-" : "") + number(), false});
      names_.push_back(name);
    }
    for (unsigned i = 0, n = c_.pick(3); i < n; ++i) d.lines.push_back({function(i), false});
    const unsigned definitions = 1 + c_.pick(static_cast<unsigned>(kDefinitionNames.size()));
    for (unsigned i = 0; i < definitions; ++i) {
      const std::string name(kDefinitionNames[i]);
      d.lines.push_back({name + " = " + expr(2 + static_cast<int>(c_.pick(2))), false});
      names_.push_back(name);
      definitions_.push_back(name);
      for (unsigned k = 0, claims = 1 + c_.pick(3); k < claims; ++k) d.lines.push_back(claim());
    }
    if (c_.pick(3) == 0) rows(d);  // last, so that the choices before keep their meaning
    return d;
  }

 private:
  std::string number() {
    if (c_.pick(4) != 3) return std::string(kNumbers[c_.pick(kNumbers.size())]);
    std::string digits = std::to_string(c_.pick(10));  // a short decimal from the bytes
    digits += ".";
    for (unsigned k = 0, n = 1 + c_.pick(4); k < n; ++k) digits += std::to_string(c_.pick(10));
    return digits;
  }

  std::string any_name() { return names_[c_.pick(static_cast<unsigned>(names_.size()))]; }

  // A defined quantity for the A of d(A)/d(B); an input while there is none.
  std::string definition_name() {
    if (definitions_.empty()) return any_name();
    return definitions_[c_.pick(static_cast<unsigned>(definitions_.size()))];
  }

  std::string leaf() {
    if (parameters_ > 0 && c_.pick(2) == 0) return std::string(kParameters[c_.pick(parameters_)]);
    return c_.pick(3) == 2 ? number() : any_name();
  }

  // `fn(p) = EXPR` or `gn(p, a) = EXPR`: the body uses its parameters, the inputs and the
  // functions before it; no derivative term or substitution (they name no parameter).
  std::string function(unsigned i) {
    parameters_ = i + 1;
    std::string line = std::string(kUserFunctions[i]) + "(p" + (i == 1 ? ", a" : "") + ") = ";
    line += expr(2);
    parameters_ = 0;
    functions_ = i + 1;
    return line;
  }

  std::string expr(int depth) {
    if (depth <= 0) return leaf();
    switch (c_.pick(9)) {
      case 0:
        return leaf();
      case 1:
        return binary(depth);
      case 2:
        return binary(depth);
      case 3:
        return call(depth);
      case 4:
        return "-" + operand(depth - 1);
      case 5:
        return parameters_ > 0 ? binary(depth) : derivative_term();
      case 6:
        return parameters_ > 0 ? call(depth) : substitution(depth);
      case 7:
        return operand(depth - 1) + "^" + exponent(depth);
      default:
        return "(" + expr(depth - 1) + ")";
    }
  }

  // An operand of a tighter operator: parenthesized unless it is a leaf.
  std::string operand(int depth) {
    if (depth <= 0 || c_.pick(2) == 0) return leaf();
    return "(" + expr(depth) + ")";
  }

  std::string binary(int depth) {
    static constexpr std::array<std::string_view, 4> kOps{" + ", " - ", " * ", " / "};
    const std::string_view op = kOps[c_.pick(4)];
    const std::string right = op == " / " ? denominator(depth - 1) : operand(depth - 1);
    return operand(depth - 1) + std::string(op) + right;
  }

  // Mostly a positive expression, so that logs, square roots and quotients stay defined
  // often enough for the claims to be judged; sometimes anything, for the error paths.
  std::string positive(int depth) {
    switch (c_.pick(4)) {
      case 0:
        return "1 + " + operand(depth) + "^2";
      case 1:
        return "abs(" + expr(depth) + ") + 0.5";
      case 2:
        return "exp(" + expr(depth) + ")";
      default:
        return expr(depth);
    }
  }

  std::string denominator(int depth) { return "(" + positive(depth) + ")"; }

  std::string exponent(int depth) {
    if (c_.pick(4) == 3) return "(" + expr(depth - 1) + ")";
    return std::string(kExponents[c_.pick(kExponents.size())]);
  }

  std::string call(int depth) {
    if (functions_ > 0 && c_.pick(3) == 0) {
      const unsigned k = c_.pick(functions_);
      std::string text = std::string(kUserFunctions[k]) + "(" + expr(depth - 1);
      if (k == 1) text += ", " + expr(depth - 1);
      return text + ")";
    }
    const unsigned which = c_.pick(kFunctions.size() + 2);
    if (which >= kFunctions.size()) return call_of_several(depth, which == kFunctions.size());
    const std::string_view f = kFunctions[which];
    const bool needs_positive = f == "log" || f == "sqrt";
    return std::string(f) + "(" + (needs_positive ? positive(depth - 1) : expr(depth - 1)) + ")";
  }

  // max, min or logsumexp of 2 or 3 arguments (ties are likely: short decimals repeat), or a
  // 2-class cross-entropy of positive probabilities.
  std::string call_of_several(int depth, bool fold) {
    static constexpr std::array<std::string_view, 3> kFolds{"max", "min", "logsumexp"};
    if (!fold) {
      return "cross_entropy(" + positive(depth - 1) + ", " + positive(depth - 1) + "; " +
             operand(depth - 1) + ", " + operand(depth - 1) + ")";
    }
    std::string text = std::string(kFolds[c_.pick(3)]) + "(" + expr(depth - 1);
    for (unsigned k = 0, more = 1 + c_.pick(2); k < more; ++k) text += ", " + expr(depth - 1);
    return text + ")";
  }

  static std::string derivative_text(const std::string& of, const std::string& wrt, unsigned form) {
    switch (form) {
      case 0:
        return "d(" + of + ")/d(" + wrt + ")";
      case 1:
        return "d" + of + "/d" + wrt;
      case 2:
        return "d" + of + "/d(" + wrt + ")";
      default:
        return "d(" + of + ")/d" + wrt;
    }
  }

  std::string derivative_term() {
    const std::string of = definition_name();
    const std::string wrt = any_name();
    const std::string term = derivative_text(of, wrt, c_.pick(4));
    if (c_.pick(6) != 5) return term;
    return "d(" + term + ")/d(" + any_name() + ")";  // a second derivative
  }

  // base[n1 := e1, ...], its entries possibly substitutions themselves, possibly chained.
  std::string substitution(int depth) {
    std::string base;
    switch (c_.pick(3)) {
      case 0:
        base = definition_name();
        break;
      case 1:
        base = derivative_term();
        break;
      default:
        base = "(" + expr(depth - 1) + ")";
        break;
    }
    for (unsigned chained = 0, n = 1 + (c_.pick(4) == 3 ? 1 : 0); chained < n; ++chained) {
      base += "[";
      const auto count = static_cast<unsigned>(names_.size());
      const unsigned first = c_.pick(count);
      const unsigned entries = count > 1 ? 1 + c_.pick(2) : 1;
      for (unsigned k = 0; k < entries; ++k) {
        if (k > 0) base += ", ";
        base += names_[(first + k * (1 + c_.pick(count - 1))) % count] + " := ";
        base += expr(depth - 1);
      }
      base += "]";
    }
    return base;
  }

  // A data table (verify/parse_rows.cpp): two columns, 1 to 3 rows, a quantity per row, an
  // aggregate, and claims on rows (one may be out of range) and on the aggregate.
  void rows(Draft& d) {
    const unsigned rows = 1 + c_.pick(3);
    std::string table = "data r, t";
    for (unsigned k = 0; k < rows; ++k)
      table += "\n  " + number() + ", " + (c_.pick(4) == 3 ? "-" : "") + number();
    d.lines.push_back({table + "\nend", false});
    names_.insert(names_.end(), {"r", "t"});
    d.lines.push_back({"R = " + expr(2) + " + r*t", false});
    names_.push_back("R");
    definitions_.push_back("R");
    d.lines.push_back({std::string("Q = ") + (c_.pick(2) ? "mean" : "sum") + "(R - t)", false});
    names_.push_back("Q");
    definitions_.push_back("Q");
    const std::string row = "@" + std::to_string(1 + c_.pick(rows + 1));
    const std::vector<std::string> texts{"R" + row, "Q", derivative_term() + row, "(R - t)" + row};
    for (const std::string& text : texts) {
      DraftLine line = claim();
      line.text = text;
      d.lines.push_back(std::move(line));
    }
  }

  DraftLine claim() {
    DraftLine line;
    line.is_claim = true;
    line.style = static_cast<ClaimStyle>(c_.pick(kClaimStyles));
    line.digits = 1 + static_cast<int>(c_.pick(17));
    switch (c_.pick(5)) {
      case 0:
        line.text = definitions_.back();
        break;
      case 1:
        line.text = any_name();
        break;
      case 2:
        line.text = derivative_term();
        break;
      case 3:
        line.text = definition_name() + " - " + definition_name();
        break;
      default:
        line.text = expr(2);
        break;
    }
    return line;
  }

  Choices& c_;
  std::vector<std::string> names_;        // every name defined so far
  std::vector<std::string> definitions_;  // those that are not inputs
  unsigned parameters_ = 0;               // inside a function's body: its parameters
  unsigned functions_ = 0;                // the functions defined so far
};

}  // namespace

Draft draft_derivation(Choices& choices) { return Generator(choices).draft(); }

std::string render(const Draft& draft, const std::vector<std::string>& published) {
  std::string text;
  std::size_t claim = 0;
  for (const auto& line : draft.lines) {
    if (!line.is_claim) {
      text += line.text + "\n";
      continue;
    }
    const std::string number = claim < published.size() ? published[claim] : "0";
    ++claim;
    text += "check " + line.text + " = " + number + "\n";
  }
  return text;
}

}  // namespace chainrule::fuzz
