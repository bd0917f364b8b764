#include "verify/lexer.hpp"

#include "verify/names.hpp"

#include <array>
#include <cstdio>
#include <optional>
#include <utility>

namespace chainrule::verify {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
// \r is a blank so that CRLF files read like LF files.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string code_point_label(std::uint32_t cp) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "U+%04X", static_cast<unsigned>(cp));
  return buffer.data();
}

// Look-alikes that arrive when an example is copied from a typeset page; naming the ASCII
// character meant saves the user a puzzling "unexpected character".
std::string look_alike_hint(std::uint32_t cp) {
  switch (cp) {
    case 0x2212:
    case 0x2013:
    case 0x2014:
      return "; write '-' for minus";
    case 0x00D7:
    case 0x22C5:
    case 0x00B7:
    case 0x2217:
      return "; write '*' for multiplication";
    case 0x00F7:
    case 0x2215:
      return "; write '/' for division";
    case 0x00A0:
    case 0x2009:
    case 0x202F:
    case 0x200B:
      return "; use an ordinary space";
    default:
      return "";
  }
}

// Length of the UTF-8 sequence starting at `at`, 0 when it is not valid UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t at, std::uint32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[at + i]);
    if ((byte & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (byte & 0x3Fu);
  }
  // Overlong forms, UTF-16 surrogates (U+D800..U+DFFF) and code points past U+10FFFF are
  // not UTF-8: they are reported as invalid bytes, never echoed.
  if (length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return length;
}

constexpr std::array<std::pair<char, TokenKind>, 13> kPunctuation{{
    {'+', TokenKind::Plus},
    {'-', TokenKind::Minus},
    {'*', TokenKind::Star},
    {'/', TokenKind::Slash},
    {'^', TokenKind::Caret},
    {'(', TokenKind::LParen},
    {')', TokenKind::RParen},
    {'[', TokenKind::LBracket},
    {']', TokenKind::RBracket},
    {',', TokenKind::Comma},
    {'=', TokenKind::Equals},
    {';', TokenKind::Semicolon},
    {'@', TokenKind::At},
}};

std::string quoted(std::string_view text) { return "'" + shown_literal(text) + "'"; }

}  // namespace

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::Newline:
    case TokenKind::End:
      return "end of line";
    default:
      return quoted(token.text);
  }
}

Lexer::Lexer(std::string_view text) : text_(text) {
  // A byte-order mark is not part of the first line's text; columns count after it.
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = line_start_ = 3;
}

Token Lexer::make(TokenKind kind, std::size_t begin, std::size_t end) const {
  Token token;
  token.kind = kind;
  token.text = text_.substr(begin, end - begin);
  token.pos = SourcePos{line_, static_cast<int>(begin - line_start_) + 1};
  token.offset = begin;
  return token;
}

Token Lexer::make_error(std::size_t begin, std::size_t end, std::string message) const {
  Token token = make(TokenKind::Error, begin, end);
  token.error = std::move(message);
  return token;
}

void Lexer::skip_blanks() {
  while (at_ < text_.size()) {
    const char c = text_[at_];
    if (is_blank(c)) {
      ++at_;
    } else if (c == '#') {
      const std::size_t newline = text_.find('\n', at_);
      at_ = newline == std::string_view::npos ? text_.size() : newline;
    } else {
      return;
    }
  }
}

Token Lexer::next() {
  if (at_line_start_) {
    at_line_start_ = false;
    if (auto too_long = skip_long_line()) return std::move(*too_long);
  }
  skip_blanks();
  if (at_ >= text_.size()) return make(TokenKind::End, text_.size(), text_.size());
  const std::size_t begin = at_;
  const char c = text_[at_];
  if (c == '\n') return lex_newline();
  if (is_digit(c) || (c == '.' && at_ + 1 < text_.size() && is_digit(text_[at_ + 1]))) {
    return lex_number();
  }
  if (is_name_start(c)) {
    while (at_ < text_.size() && is_name_char(text_[at_])) ++at_;
    return make(TokenKind::Name, begin, at_);
  }
  if (c == ':' && at_ + 1 < text_.size() && text_[at_ + 1] == '=') {
    at_ += 2;
    return make(TokenKind::Assign, begin, at_);
  }
  for (const auto& [ch, kind] : kPunctuation) {
    if (c == ch) return make(kind, begin, ++at_);
  }
  return lex_other_byte();
}

// Checked once per line, before its first token, so the cost stays linear.
std::optional<Token> Lexer::skip_long_line() {
  std::size_t end = text_.find('\n', at_);
  if (end == std::string_view::npos) end = text_.size();
  std::size_t length = end - at_;
  if (length > 0 && text_[end - 1] == '\r') --length;
  if (length <= kMaxLineBytes) return std::nullopt;
  // The whole line is skipped: nothing in it can be trusted to be a statement.
  Token token = make_error(at_, at_,
                           "line is too long (" + std::to_string(length) + " bytes; limit " +
                               std::to_string(kMaxLineBytes) + ")");
  at_ = end;
  return token;
}

Token Lexer::lex_newline() {
  const std::size_t begin = at_;
  Token token = make(TokenKind::Newline, begin, ++at_);
  // With CRLF the line ends, for the user, where the \r is.
  if (begin > line_start_ && text_[begin - 1] == '\r') --token.pos.column;
  ++line_;
  line_start_ = at_;
  at_line_start_ = true;
  return token;
}

// digits [. digits] [e|E [+|-] digits], or . digits [exponent]. The text is kept as written.
Token Lexer::lex_number() {
  const std::size_t begin = at_;
  auto digits = [this] {
    while (at_ < text_.size() && is_digit(text_[at_])) ++at_;
  };
  digits();
  if (at_ < text_.size() && text_[at_] == '.') {
    ++at_;
    digits();
  }
  if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
    std::size_t exponent = at_ + 1;
    if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
    if (exponent < text_.size() && is_digit(text_[exponent])) {
      at_ = exponent;
      digits();
    } else {
      at_ = exponent;  // "1e+": the malformed run includes the exponent's sign
      while (at_ < text_.size() && (is_name_char(text_[at_]) || text_[at_] == '.')) ++at_;
      return make_error(begin, at_, "malformed number " + quoted(text_.substr(begin, at_ - begin)));
    }
  }
  // "2x", "1.2.3", "1e": report the whole run, not a number followed by a puzzling name.
  if (at_ < text_.size() && (is_name_char(text_[at_]) || text_[at_] == '.')) {
    while (at_ < text_.size() && (is_name_char(text_[at_]) || text_[at_] == '.')) ++at_;
    return make_error(begin, at_, "malformed number " + quoted(text_.substr(begin, at_ - begin)));
  }
  if (at_ - begin > kMaxNumberChars) {
    return make_error(begin, at_,
                      "number is too long (" + std::to_string(at_ - begin) + " characters; limit " +
                          std::to_string(kMaxNumberChars) + ")");
  }
  return make(TokenKind::Number, begin, at_);
}

Token Lexer::lex_other_byte() {
  const std::size_t begin = at_;
  const auto byte = static_cast<unsigned char>(text_[at_]);
  if (byte < 0x80) {
    ++at_;
    if (byte > 0x20 && byte < 0x7F) {
      return make_error(begin, at_, "unexpected character " + quoted(text_.substr(begin, 1)));
    }
    return make_error(begin, at_, "unexpected character " + code_point_label(byte));
  }
  std::uint32_t cp = 0;
  const std::size_t length = utf8_length(text_, at_, cp);
  if (length == 0) {
    ++at_;
    std::array<char, 8> hex{};
    std::snprintf(hex.data(), hex.size(), "0x%02X", static_cast<unsigned>(byte));
    return make_error(begin, at_, std::string("invalid UTF-8 byte ") + hex.data());
  }
  at_ += length;
  return make_error(begin, at_,
                    "unexpected character " + quoted(text_.substr(begin, length)) + " (" +
                        code_point_label(cp) + ")" + look_alike_hint(cp));
}

}  // namespace chainrule::verify
