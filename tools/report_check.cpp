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

std::string partial_text(const verify::Diagnosis& dx) {
  return "∂" + dx.factor_of + "/∂" + dx.factor_wrt;
}

// What a factor slip wrote in place of the local partial ∂X/∂Y = F.
std::string slip_text(const verify::Diagnosis& dx) {
  const std::string& x = dx.factor_of;
  switch (dx.slip) {
    case verify::FactorSlip::LeftOut:
      return "left out";
    case verify::FactorSlip::Negated:
      return "with its sign flipped";
    case verify::FactorSlip::SigmoidValue:
      return "with σ′ written as σ (" + x + " in place of " + x + "·(1 − " + x + "))";
    case verify::FactorSlip::TanhValue:
      return "with tanh′ written as tanh (" + x + " in place of 1 − " + x + "²)";
    case verify::FactorSlip::TanhLinear:
      return "with 1 − " + x + " in place of 1 − " + x + "²";
    case verify::FactorSlip::Doubled:
      return "doubled (the ½ before a square left out)";
    case verify::FactorSlip::Halved:
      return "halved (the 2 of a square's derivative left out)";
  }
  return "";
}

std::string tried_text(const verify::Diagnosis& dx) {
  return std::to_string(dx.tried) + (dx.tried == 1 ? " candidate" : " candidates") + " tried" +
         (dx.stopped ? "; the search stopped at its budget" : "");
}

template <class T>
std::string why_wrong(const verify::Judgement<T>& j) {
  const auto& dx = j.diagnosis;
  const std::string rounded = verify::rounded_like(j.value, j.published);
  switch (dx.kind) {
    case DiagnosisKind::MissingPaths:
      return dx.derivative + " matches only " + (dx.kept.size() == 1 ? "the path " : "the paths ") +
             chains(dx.kept) + "; leaves out " + chains(dx.left_out) +
             (dx.using_lines.empty()
                  ? ""
                  : std::string(", from the published numbers on line") +
                        (dx.using_lines.size() > 1 ? "s " : " ") + lines_text(dx.using_lines));
    case DiagnosisKind::TooManyPaths: {
      const std::string count = dx.path_count > verify::kMaxCountedPaths
                                    ? "more than " + std::to_string(verify::kMaxCountedPaths)
                                    : std::to_string(dx.path_count);
      return "correctly rounded it is " + rounded + "; " + dx.derivative + " has " + count +
             " chain-rule paths, too many to try which are missing (at most " +
             std::to_string(verify::kMaxDiagnosedPaths) + "); " + tried_text(dx);
    }
    case DiagnosisKind::Sign:
      if (dx.derivative.empty()) return "wrong sign: the value is " + rounded;
      return "matches " + dx.derivative + " with its sign flipped";
    case DiagnosisKind::Factor:
      return dx.derivative + " matches " + partial_text(dx) + " = " + dx.formula_pretty + " " +
             slip_text(dx);
    case DiagnosisKind::Float32:
      return "matches the file computed in IEEE single precision (float32), rounded to the "
             "digits published; correctly rounded it is " +
             rounded;
    case DiagnosisKind::Double:
      return "matches the file computed in IEEE double precision, rounded to the digits "
             "published; correctly rounded it is " +
             rounded;
    default:
      return "correctly rounded it is " + rounded + "; no diagnosis fits (" + tried_text(dx) + ")";
  }
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
    case Verdict::CarriedError:
      return "error carried forward from the wrong number" +
             std::string(dx.from_wrong_lines.size() > 1 ? "s" : "") + " on line" +
             (dx.from_wrong_lines.size() > 1 ? "s " : " ") + lines_text(dx.from_wrong_lines) +
             ": what the published numbers on line" + (dx.using_lines.size() > 1 ? "s " : " ") +
             lines_text(dx.using_lines) + " give; the exact value is " +
             verify::rounded_like(j.value, j.published);
    case Verdict::LastDigit:
      return "last digit off by one: correctly rounded it is " +
             verify::rounded_like(j.value, j.published);
    case Verdict::Wrong:
      break;
    case Verdict::Undecided:
      return "undecided: exact arithmetic was not reached at up to " +
             std::to_string(j.undecided_digits - engine::kGuardDigits) +
             " significant digits (the value stays too close to a boundary of the verdicts)";
  }
  return why_wrong(j);
}

Colour verdict_colour(Verdict v) {
  if (v == Verdict::Ok) return Colour::Green;
  if (v == Verdict::CarriedError) return Colour::Magenta;
  return v == Verdict::Wrong ? Colour::Red : Colour::Yellow;
}

template <class T>
Json diagnosis_json(const verify::Judgement<T>& j) {
  const auto& dx = j.diagnosis;
  switch (dx.kind) {
    case DiagnosisKind::None:
      if (j.verdict != Verdict::Wrong) return nullptr;
      if (dx.stopped) return {{"kind", "none"}, {"tried", dx.tried}, {"stopped", true}};
      return {{"kind", "none"}, {"tried", dx.tried}};
    case DiagnosisKind::Sign:
      if (dx.derivative.empty()) return {{"kind", "sign"}};
      return {{"kind", "sign"}, {"derivative", dx.derivative}};
    case DiagnosisKind::Factor:
      return {{"kind", "factor"},
              {"derivative", dx.derivative},
              {"factor", partial_text(dx)},
              {"formula", dx.formula},
              {"slip", verify::factor_slip_name(dx.slip)}};
    case DiagnosisKind::Float32:
      return {{"kind", "float32"}};
    case DiagnosisKind::Double:
      return {{"kind", "double"}};
    case DiagnosisKind::CarriedRounding:
      return {{"kind", "carried-rounding"}, {"using", dx.using_lines}};
    case DiagnosisKind::CarriedError:
      return {{"kind", "carried-error"},
              {"using", dx.using_lines},
              {"from_wrong", dx.from_wrong_lines}};
    case DiagnosisKind::TooManyPaths:
      return {{"kind", "too-many-paths"},
              {"derivative", dx.derivative},
              {"paths", dx.path_count},
              {"tried", dx.tried}};
    case DiagnosisKind::MissingPaths: {
      Json missing{{"kind", "missing-paths"},
                   {"derivative", dx.derivative},
                   {"kept", dx.kept},
                   {"left_out", dx.left_out}};
      // With carried rounding: the earlier claims whose rounded numbers it was worked from.
      if (!dx.using_lines.empty()) missing["using"] = dx.using_lines;
      return missing;
    }
  }
  return nullptr;
}

std::string summary_line(const verify::Summary& s) {
  return std::to_string(s.total()) + (s.total() == 1 ? " claim: " : " claims: ") +
         std::to_string(s.ok) + " ok, " + std::to_string(s.truncated) + " truncated, " +
         std::to_string(s.carried_rounding) + " carried-rounding, " +
         std::to_string(s.carried_error) + " carried-error, " + std::to_string(s.last_digit) +
         " last-digit, " + std::to_string(s.wrong) + " wrong" +
         (s.undecided > 0 ? ", " + std::to_string(s.undecided) + " undecided" : "");
}

// `value` as json_text prints it, every line but the first indented by `indent` more spaces:
// a member of an object being printed piece by piece.
std::string nested_json(const Json& value, std::size_t indent) {
  std::string text = json_text(value), out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
}

// The object json_text would print, written a claim at a time: a million claims do not
// become a million JSON objects in memory at once.
template <class T>
void print_json(const verify::Derivation<T>& d, const std::vector<verify::Judgement<T>>& judgements,
                const Options& options) {
  std::cout << "{\n  \"file\": " << nested_json(Json(input_name(options.file)), 2)
            << ",\n  \"digits\": " << print_digits(options) << ",\n  \"claims\": [";
  for (std::size_t k = 0; k < judgements.size(); ++k) {
    const auto& j = judgements[k];
    const auto& claim = d.claim(j.claim);
    const Json one{{"line", claim.pos.line},
                   {"expr", claim.expr_text},
                   {"published", claim.published},
                   {"value", engine::to_decimal(j.value, print_digits(options))},
                   {"verdict", verify::verdict_name(j.verdict)},
                   {"diagnosis", diagnosis_json(j)}};
    std::cout << (k == 0 ? "\n    " : ",\n    ") << nested_json(one, 4);
  }
  std::cout << (judgements.empty() ? "]" : "\n  ]");
  auto s = verify::summarize(judgements);
  Json summary{{"ok", s.ok},
               {"truncated", s.truncated},
               {"carried-rounding", s.carried_rounding},
               {"carried-error", s.carried_error},
               {"last-digit", s.last_digit},
               {"wrong", s.wrong}};
  if (s.undecided > 0) summary["undecided"] = s.undecided;  // only then: the contract's shape
  std::cout << ",\n  \"summary\": " << nested_json(summary, 2) << "\n}\n";
}

// The digits the computed column shows for a claim: the published ones and four more, never
// more than --digits asks for (17 in IEEE double).
template <class T>
int shown_digits(const verify::Judgement<T>& j, const Options& options) {
  return std::min(j.published.digits + 4, print_digits(options));
}

// "at 50 significant digits", unless --digits is below some claim's published digits
// plus four: then the computed column shows fewer digits than the verdict rests on, and the
// header says so (verdicts are exact at any --digits in certified arithmetic).
template <class T>
std::string judged_at(const std::vector<verify::Judgement<T>>& judgements, const Options& options) {
  if (options.use_double) return "at IEEE double precision";
  for (const auto& j : judgements)
    if (shown_digits(j, options) < j.published.digits + 4)
      return "in exact arithmetic, computed values shown to " + std::to_string(options.digits) +
             " significant digits";
  return "at " + std::to_string(options.digits) + " significant digits";
}

template <class T>
void print_table(const verify::Derivation<T>& d,
                 const std::vector<verify::Judgement<T>>& judgements, const Options& options) {
  std::vector<std::array<std::string, 4>> rows;
  std::array<std::size_t, 4> width{4, 5, 9, 8};
  for (const auto& j : judgements) {
    const auto& claim = d.claim(j.claim);
    rows.push_back({std::to_string(claim.pos.line), claim.expr_text, claim.published,
                    engine::to_decimal(j.value, shown_digits(j, options))});
    for (std::size_t c = 0; c < 4; ++c) width[c] = std::max(width[c], rows.back()[c].size());
  }
  std::cout << input_name(options.file) << ": " << judgements.size()
            << (judgements.size() == 1 ? " claim" : " claims") << " judged "
            << judged_at(judgements, options) << "\n\n"
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
int report_check(const verify::Derivation<T>& d, const Options& options) {
  auto judgements = verify::judge(d);
  if (options.json)
    print_json(d, judgements, options);
  else
    print_table(d, judgements, options);
  auto s = verify::summarize(judgements);
  if (options.strict) return s.ok == s.total() ? 0 : 1;
  return s.counted_wrong() == 0 ? 0 : 1;
}

template int report_check<double>(const verify::Derivation<double>&, const Options&);
template int report_check<engine::Real>(const verify::Derivation<engine::Real>&, const Options&);
template int report_check<engine::Certified>(const verify::Derivation<engine::Certified>&,
                                             const Options&);

}  // namespace chainrule::tools
