// Tokens of derivation files (see docs/derivation-files.md, "Lexical rules").
// The lexer is a stream so that a large file never has all of its tokens in memory at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "verify/syntax.hpp"

namespace chainrule::verify {

inline constexpr std::size_t kMaxLineBytes = 1'000'000;
inline constexpr std::size_t kMaxNumberChars = 20'000;

enum class TokenKind : std::uint8_t {
  Name,
  Number,  // text = the literal as written, without sign
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Equals,  // =
  Assign,  // :=
  Semicolon,
  At,  // @, a row of the data table: out_h1@2
  Newline,
  End,    // end of the text
  Error,  // a lexical problem; `error` says what
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;  // a view into the lexed text
  SourcePos pos;
  std::size_t offset = 0;  // byte offset of text in the lexed text
  std::string error;       // only for TokenKind::Error
};

// How a token reads in "expected X, found Y" messages: 'w5', ')', end of line.
std::string describe(const Token& token);

class Lexer {
 public:
  // `text` must outlive the lexer and every token it returns.
  explicit Lexer(std::string_view text);

  // The next token; after the end of the text, End forever.
  Token next();

 private:
  Token make(TokenKind kind, std::size_t begin, std::size_t end) const;
  Token make_error(std::size_t begin, std::size_t end, std::string message) const;
  std::optional<Token> skip_long_line();
  Token lex_newline();
  void skip_blanks();
  Token lex_number();
  Token lex_other_byte();

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  bool at_line_start_ = true;
};

}  // namespace chainrule::verify
