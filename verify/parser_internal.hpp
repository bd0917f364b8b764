// The parser's state, shared by parser.cpp (statements, names, diagnostics) and
// parse_expression.cpp (expressions and derivative terms). Not part of the public API.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "verify/lexer.hpp"
#include "verify/names.hpp"
#include "verify/parser.hpp"

namespace chainrule::verify::detail {

inline std::string quote(std::string_view text) { return quoted_name(text); }

// Thrown after a syntax error has been recorded; the statement loop catches it and skips to
// the end of the statement, so one bad line never hides the problems on the next.
struct SyntaxError {};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct NameInfo {
  int line = 0;
  std::size_t statement = 0;  // ordinal of the defining statement
  bool valid = true;          // false: its definition had an error; uses are silently skipped
};

// An unknown-name diagnostic, kept so that it can be explained once the whole file is known.
struct UnknownUse {
  std::size_t diagnostic = 0;
  std::string name;
  std::size_t statement = 0;
};

// A function the file defines, `f(a, b) = EXPR`: its body, with every call in it already
// expanded, lives in the parser's own arena (Parser::function_exprs_), outside the document.
struct UserFunction {
  std::vector<std::string> parameters;
  ExprId body = 0;  // in function_exprs_
  int line = 0;
  std::size_t statement = 0;
  bool valid = true;                 // false: its definition had an error
  std::vector<std::string> callees;  // the functions its body calls, known or not
};

// A call in a function's body of a function not defined (yet), kept so that a recursion
// through a function defined later can be named once the whole file is known.
struct UnknownCall {
  std::size_t diagnostic = 0;
  std::string callee;
  std::string caller;
};

// A name and where it was written: one side of a derivative, or the name being defined.
struct Side {
  std::string name;
  SourcePos pos;
  std::optional<ExprId> inner = std::nullopt;  // d(dE/dw5)/dw1: the inner derivative term
};

class Parser {
 public:
  Parser(std::string_view text, std::string file) : lexer_(text), text_(text) {
    result_.document.file = std::move(file);
    for (Token& token : window_) token = lexer_.next();
  }
  ParseResult run();

 private:
  // Counts one level of nesting for as long as it lives; every recursive path creates one.
  class Nest {
   public:
    Nest(Parser& parser, SourcePos pos) : parser_(parser) {
      if (++parser_.depth_ > kMaxNesting) {
        --parser_.depth_;  // the destructor of a throwing constructor does not run
        parser_.fail_nesting(pos);
      }
    }
    ~Nest() { --parser_.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;

   private:
    Parser& parser_;
  };

  const Token& cur() const { return window_[0]; }
  const Token& peek(std::size_t n) const { return window_[n]; }
  bool at(TokenKind kind) const { return cur().kind == kind; }
  bool at_statement_end() const {
    return at(TokenKind::Semicolon) || at(TokenKind::Newline) || at(TokenKind::End);
  }
  Token take();
  void skip() { take(); }
  std::string_view source_since(std::size_t offset) const {
    return text_.substr(offset, last_end_ - offset);
  }

  void report(SourcePos pos, std::string message);
  [[noreturn]] void fail(SourcePos pos, std::string message);
  [[noreturn]] void fail_expected(const std::string& what);
  void report_unknown(std::string_view name, SourcePos pos);
  void explain_unknown_uses();

  bool is_defined(std::string_view name) const { return names_.find(name) != names_.end(); }
  void use_name(std::string_view name, SourcePos pos);
  bool check_definable(const Token& name, bool report_problems);

  void statement();
  void definition();
  // verify/parse_several.cpp: functions of several arguments and `p1, p2 = softmax(z1, z2)`.
  void several_definitions(const Token& first);
  [[gnu::noinline]] ExprId finish_call(std::string_view name, SourcePos pos,
                                       std::vector<ExprId> arguments, std::size_t targets_at);
  [[gnu::noinline]] ExprId left_fold(std::string_view name, SourcePos pos,
                                     const std::vector<ExprId>& arguments);
  [[gnu::noinline]] ExprId cross_entropy(SourcePos pos, const std::vector<ExprId>& arguments,
                                         std::size_t targets_at);
  void function_definition();
  std::vector<std::string> parameter_list(const Token& name);
  bool check_function_definable(const Token& name);
  void commit_function(std::size_t expr_mark);
  void explain_unknown_calls();
  bool is_parameter(std::string_view name) const;
  const UserFunction* user_function(std::string_view name) const;
  [[gnu::noinline]] ExprId expand(std::string_view name, SourcePos pos,
                                  const std::vector<ExprId>& arguments, std::size_t begin);
  ExprId copy_body(ExprId id, const UserFunction& f, const std::vector<ExprId>& arguments,
                   std::vector<std::uint8_t>& used, SourcePos pos);
  ExprId copy_expr(ExprId id);
  std::uint64_t tree_size(const std::vector<Expr>& arena, ExprId id) const;
  std::uint64_t expansion_size(const UserFunction& f, const std::vector<ExprId>& arguments) const;
  std::string known_functions() const;
  bool check_user_callee(std::string_view name, SourcePos pos);
  void check_user_arity(std::string_view name, SourcePos pos, std::size_t count);
  void report_unknown_function(std::string_view name, SourcePos pos);
  void claim();
  // verify/parse_rows.cpp: the data table, `X@r`, `sum(X)` and `mean(X)`.
  void data_table();
  bool data_header(std::vector<Token>& columns);
  bool data_row(std::vector<Token>& row, std::vector<bool>& signs, std::size_t columns);
  void define_columns(SourcePos keyword, const std::vector<Token>& columns,
                      const std::vector<std::vector<Token>>& cells, const std::vector<bool>& signs);
  bool depends_on_rows(ExprId id) const;
  bool row_local(ExprId id) const;
  void rename_for_row(Expr& e, std::size_t row) const;
  ExprId copy_for_row(ExprId id, std::size_t row);
  void pin_to_row(ExprId id, std::size_t row);
  [[gnu::noinline]] ExprId row_of(ExprId x, std::size_t begin);
  [[gnu::noinline]] ExprId aggregate(std::string_view name, SourcePos pos,
                                     const std::vector<ExprId>& arguments);
  void commit_rows(std::size_t first);
  void expect_statement_end(const std::string& what);
  void commit(std::size_t expr_mark);

  // The recursive path. 256 levels of it must fit any reasonable stack, so these frames hold
  // no Token, Expr or message string: that work is in the out-of-line helpers below.
  ExprId expression();
  ExprId term();
  void explain_defined_numerator(ExprId numerator);
  ExprId unary();
  ExprId power();
  ExprId postfix();
  ExprId primary();
  ExprId word();
  ExprId call();
  ExprId substitution(ExprId base);

  [[gnu::noinline]] ExprId add(Expr expr);
  [[gnu::noinline]] ExprId node(ExprKind kind, SourcePos pos, std::vector<ExprId> operands,
                                std::string_view text = {});
  [[gnu::noinline]] ExprId binary(BinaryOp op, ExprId lhs, ExprId rhs);
  [[gnu::noinline]] ExprId leaf();
  [[gnu::noinline]] ExprId leaf_placeholder(SourcePos pos);
  [[gnu::noinline]] void check_callee(std::string_view name, SourcePos pos);
  [[gnu::noinline]] void check_arity(std::string_view name, SourcePos pos, std::size_t count);
  [[gnu::noinline]] void substitution_name(Expr& expr, bool first);
  [[gnu::noinline]] ExprId finish_substitution(Expr& expr);
  [[noreturn, gnu::noinline]] void fail_nesting(SourcePos pos);
  [[noreturn, gnu::noinline]] void fail_unclosed(SourcePos open);
  [[noreturn, gnu::noinline]] void fail_not_called(std::string_view function);

  ExprId derivative();
  Side derivative_side(bool numerator);
  bool starts_bare_derivative() const;
  bool starts_derivative() const;

  Lexer lexer_;
  std::string_view text_;
  std::array<Token, 3> window_;  // the current token and two of look-ahead
  std::size_t last_end_ = 0;     // end offset of the last token taken
  ParseResult result_;
  std::vector<std::uint32_t> heights_;  // of each expression's tree, parallel to exprs
  std::unordered_map<std::string, NameInfo, StringHash, std::equal_to<>> names_;
  std::vector<std::string> name_order_;  // file order, so suggestions prefer earlier names
  std::vector<UnknownUse> unknown_uses_;
  std::size_t statement_index_ = 0;
  bool statement_failed_ = false;
  std::vector<Side> defining_;    // the names the current statement defines, if any
  std::vector<Statement> built_;  // the current statement's definitions or claim, once parsed
  SourcePos softmax_at_;          // where the softmax of `p1, p2 = softmax(…)` starts
  int depth_ = 0;
  bool stopped_ = false;
  // User-defined functions (verify/parse_function.cpp).
  std::unordered_map<std::string, UserFunction, StringHash, std::equal_to<>> functions_;
  std::vector<std::string> function_order_;  // file order, for the list of known functions
  std::vector<Expr> function_exprs_;         // the bodies
  std::vector<UnknownCall> unknown_calls_;
  std::optional<UserFunction> built_function_;  // the current function definition, parsed
  std::optional<Side> defining_function_;       // the function the current statement defines
  const std::vector<std::string>* parameters_ = nullptr;  // while its body is parsed
  std::vector<std::string> body_callees_;                 // the functions that body calls
  // Data rows (verify/parse_rows.cpp).
  std::unordered_set<std::string> per_row_;            // the names with a copy per row
  std::unordered_set<std::string> row_local_;          // those that read their own row only
  int data_line_ = 0;                                  // of the data table, once one is read
  std::map<ExprId, DataTable::Aggregate> aggregates_;  // the current statement's sum/mean
};

}  // namespace chainrule::verify::detail
