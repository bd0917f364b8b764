#include "engine/partials.hpp"

#include <array>
#include <cctype>
#include <stdexcept>
#include <string_view>

namespace chainrule::engine {

namespace {

// Recursive descent over the few forms the op table uses: + - * / ^, unary minus,
// parentheses, numbers, {a} {b} {r} and one-operand functions named as in the op table.
class TemplateParser {
 public:
  explicit TemplateParser(std::string_view text) : text_(text) {}

  PartialTemplate parse() {
    if (text_.empty()) return out_;
    out_.root = sum();
    skip_spaces();
    if (at_ < text_.size()) fail("unexpected text");
    return std::move(out_);
  }

 private:
  int sum() {
    int lhs = product();
    while (peek() == '+' || peek() == '-') {
      const Op op = take() == '+' ? Op::Add : Op::Subtract;
      lhs = push_apply(op, lhs, product());
    }
    return lhs;
  }

  int product() {
    int lhs = unary();
    while (peek() == '*' || peek() == '/') {
      const Op op = take() == '*' ? Op::Multiply : Op::Divide;
      lhs = push_apply(op, lhs, unary());
    }
    return lhs;
  }

  int unary() {
    if (peek() != '-') return power();
    take();
    return push_apply(Op::Negate, unary(), -1);
  }

  int power() {
    int base = primary();
    if (peek() != '^') return base;
    take();
    return push_apply(Op::Power, base, unary());
  }

  int primary() {
    const char c = peek();
    if (c == '(') {
      take();
      int inner = sum();
      expect(')');
      return inner;
    }
    if (c == '{') return placeholder();
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c))) return call();
    fail("expected an operand");
  }

  int placeholder() {
    take();
    const char name = take();
    expect('}');
    PartialTemplate::Node n;
    n.kind = PartialTemplate::Kind::Placeholder;
    if (name == 'a')
      n.placeholder = Placeholder::A;
    else if (name == 'b')
      n.placeholder = Placeholder::B;
    else if (name == 'r')
      n.placeholder = Placeholder::R;
    else
      fail("unknown placeholder");
    return push(std::move(n));
  }

  int number() {
    const std::size_t start = at_;
    while (at_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.'))
      ++at_;
    PartialTemplate::Node n;
    n.number = std::string(text_.substr(start, at_ - start));
    return push(std::move(n));
  }

  int call() {
    const std::size_t start = at_;
    while (at_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[at_]))) ++at_;
    const std::string_view name = text_.substr(start, at_ - start);
    expect('(');
    int argument = sum();
    expect(')');
    if (const auto* r = function_rule(name); r != nullptr && r->arity == 1)
      return push_apply(r->op, argument, -1);
    fail("unknown function");
  }

  int push_apply(Op op, int a, int b) {
    PartialTemplate::Node n;
    n.kind = PartialTemplate::Kind::Apply;
    n.op = op;
    n.a = a;
    n.b = b;
    return push(std::move(n));
  }

  int push(PartialTemplate::Node n) {
    out_.nodes.push_back(std::move(n));
    return static_cast<int>(out_.nodes.size() - 1);
  }

  void skip_spaces() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }
  char peek() {
    skip_spaces();
    return at_ < text_.size() ? text_[at_] : '\0';
  }
  char take() {
    const char c = peek();
    if (at_ < text_.size()) ++at_;
    return c;
  }
  void expect(char c) {
    if (take() != c) fail(std::string("expected '") + c + "'");
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw std::logic_error("op table partial '" + std::string(text_) + "': " + why + " at " +
                           std::to_string(at_));
  }

  std::string_view text_;
  std::size_t at_ = 0;
  PartialTemplate out_;
};

}  // namespace

const PartialTemplate& partial_template(Op op, int which) {
  static const auto templates = [] {
    std::array<std::array<PartialTemplate, 2>, kOpCount> all;
    for (const auto& r : op_table<double>()) {
      auto& slot = all[static_cast<std::size_t>(r.op)];
      slot[0] = TemplateParser(r.symbolic_a).parse();
      slot[1] = TemplateParser(r.symbolic_b).parse();
    }
    return all;
  }();
  return templates[static_cast<std::size_t>(op)][which == 0 ? 0 : 1];
}

}  // namespace chainrule::engine
