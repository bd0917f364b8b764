// Shared by the parser's tests: errors as compact strings, expressions as S-expressions.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

#include "verify/parser.hpp"

// Failed comparisons of error lists print the lists.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const std::string& line : lines) out += "\n  \"" + line + "\"";
    return (out + "}").c_str();
  }
};

namespace parser_test {

using namespace chainrule::verify;

// "LINE:COLUMN: MESSAGE" for each error, compact enough to compare whole lists.
inline std::vector<std::string> errors_of(const std::string& text) {
  std::vector<std::string> out;
  for (const Diagnostic& d : parse(text, "f.txt").errors) {
    out.push_back(std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) + ": " +
                  d.message);
  }
  return out;
}

inline std::vector<std::string> one(std::string error) { return {std::move(error)}; }

// What an unknown function's message ends with when the file defines no function: the
// built-in ones, in the op catalogue's order.
inline std::string built_in_functions_note() {
  std::string names;
  for (const std::string& name : function_names()) names += (names.empty() ? "" : ", ") + name;
  return " (the functions are " + names + " (built in))";
}

// An expression as an S-expression: (- (neg x) 2), (d E w5), (sub E w5 (...)).
inline std::string show(const Document& doc, ExprId id) {
  const Expr& e = doc.at(id);
  auto operands = [&](std::string out) {
    for (ExprId op : e.operands) out += " " + show(doc, op);
    return out + ")";
  };
  switch (e.kind) {
    case ExprKind::Number:
    case ExprKind::Name:
      return e.text;
    case ExprKind::Negate:
      return operands("(neg");
    case ExprKind::Binary: {
      static const char* const kOps[] = {"+", "-", "*", "/", "^"};
      return operands(std::string("(") + kOps[static_cast<int>(e.binary_op)]);
    }
    case ExprKind::Call:
      return operands("(" + e.text);
    case ExprKind::Derivative:
      return "(d " + e.names[0] + " " + e.names[1] + ")";
    case ExprKind::Substitution: {
      std::string out = "(sub " + show(doc, e.operands[0]);
      for (std::size_t i = 0; i < e.names.size(); ++i) {
        out += " " + e.names[i] + ":=" + show(doc, e.operands[i + 1]);
      }
      return out + ")";
    }
  }
  return "?";
}

// Parses `prelude` then `y = expr` and shows y's right side; the file must be error free.
inline std::string show_value(const std::string& prelude, const std::string& expr) {
  const ParseResult r = parse(prelude + "\ny = " + expr + "\n", "f.txt");
  REQUIRE_MESSAGE(r.errors.empty(), (r.errors.empty() ? "" : r.errors[0].message));
  return show(r.document, std::get<Definition>(r.document.statements.back()).value);
}

template <typename T>
std::vector<T> all_of(const Document& doc) {
  std::vector<T> out;
  for (const Statement& s : doc.statements) {
    if (const T* t = std::get_if<T>(&s)) out.push_back(*t);
  }
  return out;
}

}  // namespace parser_test
