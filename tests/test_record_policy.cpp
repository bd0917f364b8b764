// Compile policies (verify/record_plan.hpp): which derivative terms compile() records on the
// tape is decided from the syntax tree before any node is made, and commands choose their
// policy before compiling. Values are worked by hand beside each assertion.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli.hpp"
#include "engine/number.hpp"
#include "verify/derivation.hpp"
#include "verify/derivative_query.hpp"
#include "verify/explain.hpp"
#include "verify/outcome.hpp"
#include "verify/parser.hpp"
#include "verify/query.hpp"
#include "verify/record_plan.hpp"

using chainrule::engine::Real;
using chainrule::testing::chainrule_json;
using chainrule::testing::temp_file;
namespace verify = chainrule::verify;

namespace {

// E = w³ at w = 2: g = dE/dw = 3w² = 12, h = dg/dw = 6w = 12.
const std::string kSecond =
    "w = 2\n"
    "E = w^3\n"
    "g = dE/dw\n"
    "h = dg/dw\n"
    "check h = 12\n";

// T = dL/dc with L made after c but not depending on it: a derivative node, identically 0.
// dM/dc differentiates through T, so T is recorded (its recording is the constant 0); N = a.
// dN/dL passes N's sweep, which reaches T's recording and never L: it needs nothing more.
const std::string kZeroRecording =
    "a = 2\n"
    "c = 3\n"
    "L = a^2\n"
    "T = dL/dc\n"
    "M = a*c + T\n"
    "N = dM/dc\n"
    "P = dN/dL\n";

verify::Document parsed(const std::string& text) {
  auto result = verify::parse(text, "test.chain");
  REQUIRE(result.errors.empty());
  return std::move(result.document);
}

verify::ExprId value_expr(const verify::Document& document, const std::string& name) {
  for (const auto& statement : document.statements)
    if (const auto* def = std::get_if<verify::Definition>(&statement); def && def->name == name)
      return def->value;
  FAIL("no definition of " << name);
  return 0;
}

verify::CompileResult<Real> compiled(const std::string& text, verify::RecordPolicy policy) {
  return verify::compile<Real>(parsed(text), policy);
}

Real value_of(const verify::Derivation<Real>& d, const std::string& name) {
  return d.tape.value(d.node_of(name));
}

}  // namespace

TEST_CASE("AsNeeded records the derivative terms a later one differentiates through") {
  const auto document = parsed(kSecond);
  // h differentiates g; nothing differentiates h.
  CHECK(verify::terms_to_record(document) == std::set<verify::ExprId>{value_expr(document, "g")});
  auto as_needed = compiled(kSecond, verify::RecordPolicy::AsNeeded);
  REQUIRE(as_needed.derivation);
  CHECK(value_of(*as_needed.derivation, "g") == 12);  // 3w²
  CHECK(value_of(*as_needed.derivation, "h") == 12);  // 6w
  CHECK(as_needed.derivation->policy == verify::RecordPolicy::AsNeeded);
}

TEST_CASE("None records nothing: a derivative of a derivative term is an error") {
  auto none = compiled(kSecond, verify::RecordPolicy::None);
  CHECK_FALSE(none.derivation);
  REQUIRE(none.errors.size() == 1);
  CHECK(none.errors[0].pos.line == 4);  // h = dg/dw
  CHECK(none.errors[0].message.find("would differentiate through a derivative term") !=
        std::string::npos);
}

TEST_CASE("All records every term: the same values on a larger tape") {
  auto all = compiled(kSecond, verify::RecordPolicy::All);
  auto as_needed = compiled(kSecond, verify::RecordPolicy::AsNeeded);
  REQUIRE(all.derivation);
  REQUIRE(as_needed.derivation);
  CHECK(value_of(*all.derivation, "h") == 12);
  // h's own sweep is recorded too (d(6w)/dw as nodes), which AsNeeded leaves out.
  CHECK(all.derivation->tape.size() > as_needed.derivation->tape.size());
}

TEST_CASE("a recorded term whose upper side does not depend on its lower side reaches nothing") {
  const auto document = parsed(kZeroRecording);
  // Only T: N's sweep towards L stops at T's constant recording, so N is not recorded.
  CHECK(verify::terms_to_record(document) == std::set<verify::ExprId>{value_expr(document, "T")});
  auto result = compiled(kZeroRecording, verify::RecordPolicy::AsNeeded);
  REQUIRE(result.derivation);
  CHECK(value_of(*result.derivation, "T") == 0);
  CHECK(value_of(*result.derivation, "N") == 2);  // d(ac)/dc = a
  CHECK(value_of(*result.derivation, "P") == 0);  // N = a does not pass through L = a²
}

TEST_CASE("the commands' predicates agree with the compiled graph") {
  const auto document = parsed(kSecond);
  const auto policy = verify::RecordPolicy::AsNeeded;
  // h's sweep is not recorded and depends on the input w: grad --of h needs All.
  CHECK(verify::gradient_passes_unrecorded_term(document, policy, "h", true));
  CHECK_FALSE(verify::gradient_passes_unrecorded_term(document, policy, "g", true));
  CHECK_FALSE(
      verify::gradient_passes_unrecorded_term(document, verify::RecordPolicy::All, "h", true));
  CHECK_FALSE(verify::gradient_passes_unrecorded_term(document, policy, "nowhere", true));
  // The compiled graph says the same: sweeping h reaches w through an unrecorded term.
  auto d = compiled(kSecond, policy);
  REQUIRE(d.derivation);
  const auto& tape = d.derivation->tape;
  CHECK(verify::input_behind_unrecorded_derivative(
            *d.derivation, chainrule::engine::sweep(tape, d.derivation->node_of("h"))) != nullptr);
  CHECK(verify::input_behind_unrecorded_derivative(
            *d.derivation, chainrule::engine::sweep(tape, d.derivation->node_of("g"))) == nullptr);

  // A command line's query d(dg/dw)/dw: g is recorded, and so is the inner query term.
  const auto names = verify::query_names(document, "d(dg/dw)/dw");
  REQUIRE(names);
  CHECK(names->of == "g");
  CHECK(names->wrts == std::vector<std::string>{"w", "w"});
  CHECK_FALSE(verify::passes_unrecorded_term(document, policy, names->of, names->wrts));
  const std::vector<std::string> once{"w"};
  CHECK(verify::passes_unrecorded_term(document, policy, "h", once));
  CHECK_FALSE(verify::query_names(document, "dg/dnowhere"));
}

TEST_CASE("grad of a second derivative compiles with every term recorded, once") {
  // h = 6w, so dh/dw = 6.
  const std::string file = temp_file(kSecond);
  auto grad = chainrule_json("grad " + file + " --of h", 0);
  CHECK(grad.dump().find("\"6\"") != std::string::npos);
}

TEST_CASE("an error says when the request needs every derivative term recorded") {
  auto as_needed = compiled(kSecond, verify::RecordPolicy::AsNeeded);
  REQUIRE(as_needed.derivation);
  auto& d = *as_needed.derivation;
  // d(dh/dw)/dw records h's sweep, which was not recorded: asked again with All, it works.
  const auto second = verify::resolve_derivative(d, "d(dh/dw)/dw");
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().kind == verify::ErrorKind::NotRecorded);
  CHECK(second.error().message ==
        "'dh/dw' depends on a derivative term whose own derivative is not recorded");
  CHECK_FALSE(second.error().at);
  // So does the gradient of h, which sweeps through it.
  const auto gradient = verify::gradient(d, "h");
  REQUIRE_FALSE(gradient.has_value());
  CHECK(gradient.error().kind == verify::ErrorKind::NotRecorded);
  // Text that is no derivative term, or names nothing defined, is wrong however compiled.
  const auto not_a_term = verify::resolve_derivative(d, "dh");
  REQUIRE_FALSE(not_a_term.has_value());
  CHECK(not_a_term.error().kind == verify::ErrorKind::Invalid);
  CHECK(not_a_term.error().message == "'dh' is not a derivative term d(A)/d(B)");
  CHECK(verify::resolve_derivative(d, "dh/dv").error().kind == verify::ErrorKind::Invalid);

  auto all = compiled(kSecond, verify::RecordPolicy::All);
  REQUIRE(all.derivation);
  const auto resolved = verify::resolve_derivative(*all.derivation, "d(dh/dw)/dw");
  REQUIRE(resolved.has_value());
  CHECK(resolved->of_text == "dh/dw");
  CHECK(resolved->wrt == all.derivation->node_of("w"));
  const auto swept = verify::gradient(*all.derivation, "h");
  REQUIRE(swept.has_value());
  REQUIRE(swept->size() == 1);
  CHECK((*swept)[0].leaf == "w");
  CHECK((*swept)[0].value == 6);  // dh/dw = 6
}

TEST_CASE("an error is printed with its place when it has one") {
  CHECK(verify::format_error("f.chain", verify::Error{"'x' is not defined"}) ==
        "f.chain: error: 'x' is not defined");
  CHECK(verify::format_error("f.chain", verify::error_at({{3, 7}, "log of 0"})) ==
        "f.chain:3:7: error: log of 0");
  const verify::Outcome<int> failed = verify::Error{"no"};
  CHECK_FALSE(failed);
  CHECK(failed.error().message == "no");
  const verify::Outcome<int> value = 4;
  REQUIRE(value);
  CHECK(*value == 4);
  CHECK(verify::Outcome<void>().has_value());
}

TEST_CASE("explain of a second derivative compiled with every term recorded") {
  auto all = compiled(kSecond, verify::RecordPolicy::All);
  REQUIRE(all.derivation);
  const auto& d = *all.derivation;
  const auto explained = verify::explain(d, d.node_of("h"), d.node_of("w"), 32);
  REQUIRE(explained.has_value());
  CHECK(explained->value == 6);  // h = 6w
  CHECK(explained->path_count >= 1);
}
