// `chainrule check` on generated files with 1, 2, 10 and 100 substitutions, claimed and not,
// some nested inside others, followed by a claim of every verdict. The hand recomputation
// behind carried-rounding once recursed without end on two substitutions; every expected
// value here is a closed form in exact integer arithmetic, derived in the comments.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;
using chainrule::testing::claim_at;
using nlohmann::json;

namespace {

// The integer `scaled` / 10^places as decimal text with exactly `places` decimals.
std::string fixed(long long scaled, int places) {
  std::string sign = scaled < 0 ? "-" : "";
  if (scaled < 0) scaled = -scaled;
  long long unit = 1;
  for (int i = 0; i < places; ++i) unit *= 10;
  std::string fraction = std::to_string(scaled % unit);
  fraction.insert(0, static_cast<std::size_t>(places) - fraction.size(), '0');
  return sign + std::to_string(scaled / unit) + "." + fraction;
}

// numerator/3 rounded to the nearest integer (numerator >= 0; never a tie, thirds).
long long round_third(long long numerator) { return (numerator + 1) / 3; }

struct Generated {
  std::string text;
  std::vector<int> claimed_lines;  // the claims on S_k, which are all ok
  int tot = 0, z = 0, slope = 0, truncated = 0, carried = 0, last_digit = 0, sign = 0, wrong = 0;
};

// a = 2, b = 1 and L = a/3 * b, so L[a := k] = k/3. Odd k: S_k = L[a := k], claimed to two
// decimals. Even k: S_k = L[a := L[a := 3k, b := 1]], a substitution nested in a replacement:
// the inner one is 3k/3 * 1 = k, whatever b is, so S_k = k/3 * b as well; not claimed.
Generated generate(int n) {
  Generated g;
  int line = 0;
  auto add = [&](const std::string& statement) {
    g.text += statement + "\n";
    return ++line;
  };
  add("a = 2");
  add("b = 1");
  add("L = a / 3 * b");
  std::string sum;
  for (int k = 1; k <= n; ++k) {
    const std::string s = "S" + std::to_string(k);
    if (k % 2 == 1) {
      add(s + " = L[a := " + std::to_string(k) + "]");
      // k/3 to two decimals: round(100k/3)/100.
      g.claimed_lines.push_back(add("check " + s + " = " + fixed(round_third(100LL * k), 2)));
    } else {
      add(s + " = L[a := L[a := " + std::to_string(3 * k) + ", b := 1]]");
    }
    sum += (k == 1 ? "" : " + ") + s;
  }
  add("Tot = " + sum);
  add("Z = Tot[b := 2]");  // a substitution into a sum of substitutions
  const long long nn = static_cast<long long>(n) * (n + 1);
  // Z = 2 * sum k/3 = n(n+1)/3, to four decimals: round(10^4 n(n+1)/3).
  g.z = add("check Z = " + fixed(round_third(10'000 * nn), 4));
  // dTot/db = sum k/3 = n(n+1)/6 = 50 n(n+1)/300; to four decimals round(10^4 n(n+1)/6),
  // which is round_third(5000 n(n+1)).
  g.slope = add("check dTot/db = " + fixed(round_third(5'000 * nn), 4));
  // L[a := 2] = 2/3 = 0.66666...: cut off at four decimals it is 0.6666 (rounded, 0.6667).
  g.truncated = add("check L[a := 2] = 0.6666");
  // By hand, Tot takes the published S_k for odd k and recomputes the even ones exactly.
  // round2(k/3) - k/3 is -1/300, 0, +1/300 for k = 1, 0, 2 (mod 3); the odd k run through
  // 1, 0, 2 (mod 3) in turn, so for n = 1, 2, 10 and 100 the errors add up to -1/300
  // (cycles of three cancel; what is left over starts with k = 1 (mod 3), then k = 0).
  // Hand Tot = n(n+1)/6 - 1/300 = (50 n(n+1) - 1)/300; to four decimals
  // round(100 (50 n(n+1) - 1)/3). The exact n(n+1)/6 differs from it by 0.0033 > u/2 and
  // is not its truncation either, so only the hand recomputation explains it.
  g.carried = add("check Tot = " + fixed(round_third(100 * (50 * nn - 1)), 4));
  // L[a := 1] = 0.33333...: 0.3334 is 0.67 units of 1e-4 off, not rounded, not truncated,
  // and no earlier claim enters L[a := 1]: last-digit.
  g.last_digit = add("check L[a := 1] = 0.3334");
  // -Z: wrong, and Z itself would be ok: the sign diagnosis.
  g.sign = add("check Z = -" + fixed(round_third(10'000 * nn), 4));
  // Far from everything: wrong, with no diagnosis.
  g.wrong = add("check Tot - Z = 12345");
  return g;
}


}  // namespace

TEST_CASE("two unclaimed substitutions before a wrong claim: a verdict, not a crash") {
  // L = 3a: L_n = 15, L_b = 3, so L_n - L_b = 12, and 12.4 is wrong (u = 0.1).
  auto file = temp_file(
      "a = 2.0\nL = a * 3\nL_n = L[a := 5]\nL_b = L[a := 1]\n"
      "check L_n - L_b = 12.4\n");
  auto r = run_chainrule("check " + file + " --json");
  REQUIRE(r.status == 1);
  auto report = json::parse(r.out);
  CHECK(claim_at(report, 5)["verdict"] == "wrong");
  CHECK(claim_at(report, 5)["value"] == "12");
}

TEST_CASE("1, 2, 10 and 100 substitutions, then every verdict") {
  for (int n : {1, 2, 10, 100}) {
    CAPTURE(n);
    const Generated g = generate(n);
    const std::string file = temp_file(g.text);
    auto r = run_chainrule("check " + file + " --json");
    REQUIRE(r.status == 1);  // two claims are wrong
    auto report = json::parse(r.out);
    const int claimed = static_cast<int>(g.claimed_lines.size());
    CHECK(report["summary"] == json{{"ok", claimed + 2},
                                    {"truncated", 1},
                                    {"carried-rounding", 1},
                                    {"carried-error", 0},
                                    {"last-digit", 1},
                                    {"wrong", 2}});
    for (int line : g.claimed_lines) CHECK(claim_at(report, line)["verdict"] == "ok");
    CHECK(claim_at(report, g.z)["verdict"] == "ok");
    CHECK(claim_at(report, g.slope)["verdict"] == "ok");
    CHECK(claim_at(report, g.truncated)["verdict"] == "truncated");
    const json carried = claim_at(report, g.carried);
    CHECK(carried["verdict"] == "carried-rounding");
    // Every published S_k enters Tot, the exact ones (k = 0 mod 3) too.
    CHECK(carried["diagnosis"]["using"] == json(g.claimed_lines));
    CHECK(claim_at(report, g.last_digit)["verdict"] == "last-digit");
    CHECK(claim_at(report, g.sign)["verdict"] == "wrong");
    CHECK(claim_at(report, g.sign)["diagnosis"]["kind"] == "sign");
    CHECK(claim_at(report, g.wrong)["verdict"] == "wrong");
    // The other commands read the same file without trouble.
    CHECK(run_chainrule("eval " + file).status == 0);
    CHECK(run_chainrule("check " + file).status == 1);
    CHECK(run_chainrule("check --double " + file).status == 1);
    CHECK(run_chainrule("grad --of Z " + file).status == 0);
    CHECK(run_chainrule("explain " + file + " dTot/db").status == 0);
  }
}

TEST_CASE("inside a substitution, a published derivative of a changed name is not used") {
  const std::string file = temp_file(
      "w = 2\n"               // 1
      "E = w^2\n"             // 2: dE/dw = 2w = 4
      "check dE/dw = 4.5\n"   // 3: wrong
      "g = dE/dw\n"           // 4
      "q = 1/3\n"             // 5
      "check q = 0.33\n"      // 6
      "h = g[w := 3] + q\n"   // 7: 2*3 + 1/3 = 6.3333...
      "check h = 6.3300\n");  // 8
  auto r = run_chainrule("check " + file + " --json");
  REQUIRE(r.status == 1);
  auto report = json::parse(r.out);
  CHECK(claim_at(report, 3)["verdict"] == "wrong");
  // By hand, dE/dw is expanded again at w = 3 (6, not the published 4.5, which is about
  // w = 2) and q is the published 0.33: 6.33. With 4.5 it would be 4.83.
  CHECK(claim_at(report, 8)["verdict"] == "carried-rounding");
  CHECK(claim_at(report, 8)["diagnosis"]["using"] == json{6});
}
