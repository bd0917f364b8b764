#include "verify/excerpt.hpp"

#include <algorithm>

#include "verify/parser.hpp"

namespace chainrule::verify {
namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0u) == 0x80u; }

// Length of the valid UTF-8 sequence at `at`, 0 when there is none.
// Overlong forms, surrogates and code points past U+10FFFF are not valid (RFC 3629): the
// second byte's range after E0, ED, F0 and F4 rules them out.
std::size_t utf8_length(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  if (length == 0 || at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i)
    if (!is_continuation(static_cast<unsigned char>(text[at + i]))) return 0;
  const auto second = static_cast<unsigned char>(text[at + 1]);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
    return 0;
  return length;
}

// The text of line `line` (1-based), without its line break, or nullopt-like npos begin.
std::string_view line_text(std::string_view text, int line, bool& found) {
  found = false;
  std::size_t begin = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (int l = 1; l < line; ++l) {
    const std::size_t newline = text.find('\n', begin);
    if (newline == std::string_view::npos) return {};
    begin = newline + 1;
  }
  std::size_t end = std::min(text.find('\n', begin), text.size());
  if (end > begin && text[end - 1] == '\r') --end;
  found = true;
  return text.substr(begin, end - begin);
}

// One shown line and the padding that puts a caret under byte `caret_at` of it.
struct Rendered {
  std::string shown;
  std::string padding;
};

Rendered render(std::string_view line, std::size_t caret_at) {
  Rendered out;
  std::size_t at = 0;
  while (at < line.size()) {
    const auto byte = static_cast<unsigned char>(line[at]);
    std::size_t length = 1;
    char pad = ' ';
    if (byte == '\t') {
      out.shown += '\t';
      pad = '\t';  // the caret line keeps the tab, so it lines up whatever the tab width
    } else if (byte >= 0x20 && byte < 0x7F) {
      out.shown += static_cast<char>(byte);
    } else if (byte >= 0x80 && (length = utf8_length(line, at)) > 0) {
      out.shown += line.substr(at, length);
    } else {
      length = 1;
      out.shown += '?';
    }
    if (at < caret_at) out.padding += pad;
    at += length;
  }
  if (caret_at > line.size()) out.padding.append(caret_at - line.size(), ' ');
  return out;
}

}  // namespace

std::string source_excerpt(std::string_view text, SourcePos pos) {
  if (pos.line < 1 || pos.column < 1) return "";
  bool found = false;
  std::string_view line = line_text(text, pos.line, found);
  if (!found) return "";
  auto caret_at = static_cast<std::size_t>(pos.column - 1);
  caret_at = std::min(caret_at, line.size());  // at most just past the end of the line
  // A long line is cut to a window around the column, on UTF-8 character boundaries.
  std::string before, after;
  if (line.size() > kExcerptBytes) {
    std::size_t begin = caret_at > kExcerptBytes / 2 ? caret_at - kExcerptBytes / 2 : 0;
    std::size_t end = std::min(line.size(), begin + kExcerptBytes);
    while (begin > 0 && is_continuation(static_cast<unsigned char>(line[begin]))) --begin;
    while (end < line.size() && is_continuation(static_cast<unsigned char>(line[end]))) ++end;
    if (begin > 0) before = "...";
    if (end < line.size()) after = "...";
    caret_at -= begin;
    line = line.substr(begin, end - begin);
  }
  const Rendered rendered = render(line, caret_at);
  const std::string number = std::to_string(pos.line);
  const std::string gutter(std::max<std::size_t>(number.size(), 5), ' ');
  return gutter.substr(number.size()) + number + " | " + before + rendered.shown + after + "\n" +
         gutter + " | " + std::string(before.size(), ' ') + rendered.padding + "^\n";
}

std::string format_diagnostic(const std::string& file, const Diagnostic& diagnostic,
                              std::string_view text) {
  return format_diagnostic(file, diagnostic) + "\n" + source_excerpt(text, diagnostic.pos);
}

}  // namespace chainrule::verify
