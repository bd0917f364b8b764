// check: one row per claim, one line of words for every claim that is not ok, a summary.
#include <iostream>
#include <nlohmann/json.hpp>

#include "engine/number.hpp"
#include "tools/input_file.hpp"
#include "tools/json_text.hpp"
#include "tools/load.hpp"
#include "tools/report.hpp"
#include "tools/terminal.hpp"
#include "verify/judge.hpp"

namespace chainrule::tools {

using Json = nlohmann::ordered_json;
using verify::DiagnosisKind;
using verify::Verdict;

namespace {

std::string chain(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ← ") + n;
  return out;
}

std::string chains(const std::vector<std::vector<std::string>>& paths) {
  std::string out;
  for (const auto& p : paths) out += (out.empty() ? "" : "; ") + chain(p);
  return out;
}

std::string lines_text(const std::vector<int>& lines) {
  std::string out;
  for (int l : lines) out += (out.empty() ? "" : ", ") + std::to_string(l);
  return out;
}

template <class T>
std::string why(const verify::Judgement<T>& j) {
  const auto& dx = j.diagnosis;
  switch (j.verdict) {
    case Verdict::Ok:
      return "";
    case Verdict::Truncated:
      return "truncated, not rounded: correctly rounded it is " +
             verify::rounded_like(j.value, j.published);
    case Verdict::CarriedRounding:
      return "not the exact value (" + verify::rounded_like(j.value, j.published) +
             "), but what the published numbers on line" +
             (dx.using_lines.size() > 1 ? "s " : " ") + lines_text(dx.using_lines) +
             " give when carried forward";
    case Verdict::LastDigit:
      return "last digit off by one: correctly rounded it is " +
             verify::rounded_like(j.value, j.published);
    case Verdict::Wrong:
      break;
  }
  if (dx.kind == DiagnosisKind::MissingPaths) {
    std::string kept = dx.kept.size() == 1 ? "the path " : "the paths ";
    return dx.derivative + " matches only " + kept + chains(dx.kept) + "; leaves out " +
           chains(dx.left_out);
  }
  if (dx.kind == DiagnosisKind::TooManyPaths) {
    const std::string count = dx.path_count > verify::kMaxCountedPaths
                                  ? "more than " + std::to_string(verify::kMaxCountedPaths)
                                  : std::to_string(dx.path_count);
    return "correctly rounded it is " + verify::rounded_like(j.value, j.published) + "; " +
           dx.derivative + " has " + count +
           " chain-rule paths, too many to try which are missing (at most " +
           std::to_string(verify::kMaxDiagnosedPaths) + ")";
  }
  if (dx.kind == DiagnosisKind::Sign)
    return "wrong sign: the value is " + verify::rounded_like(j.value, j.published);
  return "correctly rounded it is " + verify::rounded_like(j.value, j.published);
}

Colour verdict_colour(Verdict v) {
  if (v == Verdict::Ok) return Colour::Green;
  return v == Verdict::Wrong ? Colour::Red : Colour::Yellow;
}

template <class T>
Json diagnosis_json(const verify::Judgement<T>& j) {
  const auto& dx = j.diagnosis;
  switch (dx.kind) {
    case DiagnosisKind::None:
      return nullptr;
    case DiagnosisKind::Sign:
      return {{"kind", "sign"}};
    case DiagnosisKind::CarriedRounding:
      return {{"kind", "carried-rounding"}, {"using", dx.using_lines}};
    case DiagnosisKind::TooManyPaths:
      return {{"kind", "too-many-paths"}, {"derivative", dx.derivative}, {"paths", dx.path_count}};
    case DiagnosisKind::MissingPaths:
      return {{"kind", "missing-paths"},
              {"derivative", dx.derivative},
              {"kept", dx.kept},
              {"left_out", dx.left_out}};
  }
  return nullptr;
}

std::string summary_line(const verify::Summary& s) {
  return std::to_string(s.total()) + " claims: " + std::to_string(s.ok) + " ok, " +
         std::to_string(s.truncated) + " truncated, " + std::to_string(s.carried_rounding) +
         " carried-rounding, " + std::to_string(s.last_digit) + " last-digit, " +
         std::to_string(s.wrong) + " wrong";
}

template <class T>
void print_json(const verify::Derivation<T>& d, const std::vector<verify::Judgement<T>>& judgements,
                const Options& options) {
  Json claims = Json::array();
  for (const auto& j : judgements) {
    const auto& claim = d.claim(j.claim);
    claims.push_back({{"line", claim.pos.line},
                      {"expr", claim.expr_text},
                      {"published", claim.published},
                      {"value", engine::to_decimal(j.value, print_digits(options))},
                      {"verdict", verify::verdict_name(j.verdict)},
                      {"diagnosis", diagnosis_json(j)}});
  }
  auto s = verify::summarize(judgements);
  Json summary{{"ok", s.ok},
               {"truncated", s.truncated},
               {"carried-rounding", s.carried_rounding},
               {"last-digit", s.last_digit},
               {"wrong", s.wrong}};
  std::cout << json_text(Json{{"file", input_name(options.file)},
                              {"digits", print_digits(options)},
                              {"claims", claims},
                              {"summary", summary}})
            << "\n";
}

template <class T>
void print_table(const verify::Derivation<T>& d,
                 const std::vector<verify::Judgement<T>>& judgements, const Options& options) {
  std::vector<std::array<std::string, 4>> rows;
  std::array<std::size_t, 4> width{4, 5, 9, 8};
  for (const auto& j : judgements) {
    const auto& claim = d.claim(j.claim);
    rows.push_back({std::to_string(claim.pos.line), claim.expr_text, claim.published,
                    engine::to_decimal(j.value, j.published.digits + 4)});
    for (std::size_t c = 0; c < 4; ++c) width[c] = std::max(width[c], rows.back()[c].size());
  }
  std::cout << input_name(options.file) << ": " << judgements.size() << " claims judged at "
            << (options.use_double ? "IEEE double precision"
                                   : std::to_string(options.digits) + " significant digits")
            << "\n\n"
            << std::string(width[0] - 4, ' ') << "line  " << pad("claim", width[1]) << "  "
            << pad("published", width[2]) << "  " << pad("computed", width[3]) << "  verdict\n";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& j = judgements[k];
    std::cout << std::string(width[0] - rows[k][0].size(), ' ') << rows[k][0] << "  "
              << pad(rows[k][1], width[1]) << "  " << pad(rows[k][2], width[2]) << "  "
              << pad(rows[k][3], width[3]) << "  "
              << paint(verify::verdict_name(j.verdict), verdict_colour(j.verdict)) << "\n";
    if (j.verdict != Verdict::Ok)
      std::cout << std::string(width[0] + 2, ' ') << paint("↳ " + why(j), Colour::Dim) << "\n";
  }
  std::cout << "\n" << summary_line(verify::summarize(judgements)) << "\n";
}

}  // namespace

template <class T>
int report_check(verify::Derivation<T>& d, const Options& options) {
  auto judgements = verify::judge(d);
  if (options.json)
    print_json(d, judgements, options);
  else
    print_table(d, judgements, options);
  auto s = verify::summarize(judgements);
  if (options.strict) return s.ok == s.total() ? 0 : 1;
  return s.wrong == 0 ? 0 : 1;
}

template int report_check<double>(verify::Derivation<double>&, const Options&);
template int report_check<engine::Real>(verify::Derivation<engine::Real>&, const Options&);

}  // namespace chainrule::tools
