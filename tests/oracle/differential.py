#!/usr/bin/env python3
"""Differential test of `chainrule check --json` against the independent oracle.

    python3 tests/oracle/differential.py CHAINRULE [--count N] [--seed S] [--keep DIR]
                                          [--without FEATURE] [--strict]

Generates N random derivation files (generate.py, seeds S .. S+N-1), runs
`CHAINRULE check FILE --json` on each, and compares with the oracle (oracle.py: exact
fractions where the arithmetic is rational, SymPy derivatives and mpmath at 200 digits
otherwise):
  - the command exits 0 or 1, never a signal, 134 or 2 (the files have no domain errors);
    1 exactly when some claim is `wrong` or `carried-error`;
  - every "value" agrees with the oracle to the digits printed;
  - verdicts follow exact arithmetic: `ok` iff |v - C| <= u/2; `truncated` iff not ok and
    trunc(v/u)*u = C; `carried-rounding`/`carried-error` only when neither holds;
    `last-digit` only when neither holds and |v - C| < u; `wrong` only when none of the three
    holds (the spec's order of verdicts).
Every mismatch is put in a class (check_file, check_claims, classify_crash). The classes in
EXPECTED_FAILURES are known bugs: they are printed but do not fail the test; any other
mismatch fails it (exit status 1). When a fix lands, delete its entry: the test then fails
if the bug is still there.
--strict treats every class as unexpected.
"""

import argparse
from decimal import Decimal
from fractions import Fraction
import json
import math
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402
import oracle  # noqa: E402

# Known bugs, each with why it is expected. One entry per class; delete it when the fix lands.
EXPECTED_FAILURES = {}

DEFAULT_COUNT = 400  # 12 s unloaded, 30 s under the shared 2-core machine's usual load
PRINTED_DIGITS = 50
TIE_MARGIN = Fraction(1, 10 ** 40)  # inexact values this close (in units of u) count as ties


# ---- exact facts about one claim ---------------------------------------------------------------


def published_unit(text):
    """u for a published number, as chainrule's read_published defines it."""
    mantissa, _, exponent = text.lower().partition("e")
    fraction = mantissa.split(".")[1] if "." in mantissa else ""
    return Fraction(10) ** (int(exponent or 0) - len(fraction))


class Facts:
    def __init__(self, v, published, nudge=0):
        self.exact = oracle.is_exact(v)
        self.v = v if self.exact else Fraction(Decimal(oracle.mpmath.nstr(v, oracle.PRECISION)))
        self.v += nudge * published_unit(published)
        self.c = Fraction(Decimal(published))
        self.u = published_unit(published)
        d = abs(self.v - self.c)
        q = self.v / self.u
        self.ok = d <= self.u / 2
        self.truncated = not self.ok and Fraction(math.trunc(q)) * self.u == self.c
        self.within_unit = d < self.u
        margin = 0 if self.exact else TIE_MARGIN * self.u
        self.at_tie = (abs(d - self.u / 2) <= margin or abs(d - self.u) <= margin
                       or abs(q - round(q)) * self.u <= margin)

    def allowed(self, published=None):
        """The verdicts exact arithmetic allows. At a tie of an inexact value the oracle's 200
        digits cannot tell the sides apart (tanh(-900) is -1 + 2e-782), so both sides count."""
        if self.at_tie and not self.exact and published is not None:
            sides = set()
            for nudge in (-TIE_MARGIN, TIE_MARGIN):
                side = Facts(self.v, published, nudge)
                sides |= side.allowed()
            return sides | self.allowed()
        # undecided: honest where the value sits on a boundary of the verdicts (a tie) that
        # chainrule's arithmetic cannot prove exactly (computed through exp, say).
        maybe = {"undecided"} if self.at_tie else set()
        if self.ok:
            return {"ok"} | maybe
        if self.truncated:
            return {"truncated"} | maybe
        if self.within_unit:
            return {"carried-rounding", "carried-error", "last-digit"} | maybe
        return {"carried-rounding", "carried-error", "wrong"} | maybe


def agreeing_digits(printed, v):
    if printed.startswith("~") or printed.startswith("["):  # no certain digit
        return 0, Fraction(1)
    p = Fraction(Decimal(printed))
    exact = v if oracle.is_exact(v) else Fraction(Decimal(oracle.mpmath.nstr(v, oracle.PRECISION)))
    if p == exact:
        return PRINTED_DIGITS, Fraction(0)
    error = abs(p - exact)
    if exact == 0:
        return 0, error
    return max(0, int(-math.log10(error / abs(exact)))), error


def value_ok(printed, v):
    """The printed value is v correctly rounded to PRINTED_DIGITS significant digits."""
    if printed.startswith("[±"):  # no certain digit, a bound on the size: it must hold
        exact = v if oracle.is_exact(v) else Fraction(Decimal(oracle.mpmath.nstr(v, oracle.PRECISION)))
        return abs(exact) <= Fraction(Decimal(printed[2:-1]))
    if printed.startswith("~"):
        return False
    p = Fraction(Decimal(printed))
    exact = v if oracle.is_exact(v) else Fraction(Decimal(oracle.mpmath.nstr(v, oracle.PRECISION)))
    if exact == 0 and not oracle.is_exact(v):
        # An inexact 0 is the oracle's own cancellation at PRECISION digits (1 - tanh(1200)^2
        # is 4e^-2400): it cannot tell 0 from a value below 10^-PRECISION.
        return abs(p) < Fraction(1, 10 ** (oracle.PRECISION - 10))
    if exact == 0:
        return p == 0
    unit = Fraction(10) ** (generate.leading_exponent(abs(exact)) - PRINTED_DIGITS + 1)
    return abs(p - exact) <= unit / 2 * (1 + Fraction(1, 10 ** 6))


# ---- one file ------------------------------------------------------------------------------------


class Mismatch:
    def __init__(self, cls, seed, what, path=None):
        self.cls, self.seed, self.what, self.path = cls, seed, what, path


def run_check(binary, path):
    try:
        done = subprocess.run([binary, "check", path, "--json"], capture_output=True, text=True,
                              timeout=60)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after 60 s"
    return done.returncode, done.stdout, done.stderr


def classify_crash(binary, path, statements, graph, crashed=True):
    """The class of a crash, or (crashed=False) of a run that did not finish."""
    if graph.substitutes_later_name:
        return "later-name-substitution"
    # The hand recomputation runs only for claims that are not ok; the file without its
    # claims compiles and evaluates everything else.
    has_substitution = "[" in generate.render_file(statements)
    variant = path + ".no_claims.chain"
    with open(variant, "w") as f:
        f.write(generate.render_file([s for s in statements if s[0] == "def"]))
    status, _, _ = run_check(binary, variant)
    os.unlink(variant)
    if has_substitution and status in (0, 1):
        return "hand-recursion"
    return "crash" if crashed else "hang"


def file_class(graph):
    """The class of a known bug this file's content triggers, if any."""
    if graph.substitutes_later_name:
        return "later-name-substitution"
    if graph.uses_constant_name:
        return "constant-name-folded"
    if graph.copies_derivative_through_term:
        return "copied-derivative-through-term"
    return None


def check_claims(report, statements, values, graph, seed):
    """Mismatches between the command's JSON report and the oracle."""
    found = []
    claims = [s for s in statements if s[0] == "check"]
    got = report.get("claims", [])
    if len(got) != len(claims):
        return [Mismatch("report", seed,
                         "%d claims reported, %d in the file" % (len(got), len(claims)))]
    flagged = file_class(graph)
    for claim, value, item in zip(claims, values, got):
        facts = Facts(value, claim[2])
        where = "line %d: check %s = %s" % (item["line"], item["expr"], claim[2])
        digits_ok = value_ok(item["value"], value)
        if not digits_ok:
            agree, error = agreeing_digits(item["value"], value)
            cls = flagged or (
                "lost-digits" if agree >= 10 or error < Fraction(1, 10 ** 45) else "wrong-value")
            exact = value if facts.exact else oracle.mpmath.nstr(value, PRINTED_DIGITS + 5)
            found.append(Mismatch(cls, seed, "%s: value %s, oracle %s (%d digits agree)"
                                  % (where, item["value"], exact, agree)))
        verdict = item["verdict"]
        if verdict not in facts.allowed(claim[2]):
            cls = "exact-ties" if facts.at_tie else (
                "lost-digits" if not digits_ok and not flagged else flagged or "verdict")
            found.append(Mismatch(cls, seed, "%s: verdict %s, exact arithmetic allows %s (v = %s)"
                                  % (where, verdict, "/".join(sorted(facts.allowed(claim[2]))),
                                     oracle.mpmath.nstr(oracle.to_mpf(value), 30))))
    return found


def check_file(binary, directory, seed, features):
    generator = generate.Generator(seed, features)
    text = generator.generate()
    statements = generator.statements
    values, graph = oracle.evaluate(statements)  # from scratch, independently of the generator
    path = os.path.join(directory, "seed_%d.chain" % seed)
    with open(path, "w") as f:
        f.write(text)
    status, out, err = run_check(binary, path)
    if status == 1 and ("ERROR: AddressSanitizer" in err or "runtime error:" in err):
        status = 134  # a sanitized build reports memory errors with exit status 1
    if status is None or status not in (0, 1):
        what = "exit status %s: %s" % (status, (err or out).strip()[:300])
        if status is None or status < 0 or status >= 128:
            cls = classify_crash(binary, path, statements, graph, crashed=status is not None)
            return [Mismatch(cls, seed, what, path)]
        cls = "nested-derivative-error" if "derivatives nested more than" in err else (
            file_class(graph) or ("lost-digits" if graph.has_tiny_value() else "error"))
        return [Mismatch(cls, seed, what, path)]
    try:
        parsed = json.loads(out)
    except json.JSONDecodeError as e:
        return [Mismatch(file_class(graph) or "report", seed, "not JSON: %s" % e, path)]
    found = check_claims(parsed, statements, values, graph, seed)
    verdicts = [c["verdict"] for c in parsed["claims"]]
    # undecided counts against the exit status too: nothing was proved (docs, "Verdicts").
    expected_status = 1 if any(v in ("wrong", "carried-error", "undecided") for v in verdicts) else 0
    if status != expected_status:
        found.append(Mismatch("exit-status", seed,
                              "exit status %d with verdicts %s" % (status, verdicts)))
    for m in found:
        m.path = path
    return found


# ---- the run -------------------------------------------------------------------------------------


def report(mismatches, expected, files, seconds, keep):
    by_class = {}
    for m in mismatches:
        by_class.setdefault(m.cls, []).append(m)
    unexpected = [c for c in by_class if c not in expected]
    print("differential: %d files in %.1f s, %d mismatches" % (files, seconds, len(mismatches)))
    for cls in sorted(by_class):
        ms = by_class[cls]
        label = "EXPECTED FAILURE" if cls in expected else "FAILURE"
        files = len({m.seed for m in ms})
        print("\n%s %s: %d mismatches in %d files" % (label, cls, len(ms), files))
        if cls in expected:
            print("  why expected: " + expected[cls])
        for m in ms[: 3 if cls in expected else 20]:
            print("  seed %d: %s" % (m.seed, m.what))
        if keep:
            print("  files: " + " ".join(sorted({m.path for m in ms})[:10]))
    for cls in sorted(set(expected) - set(by_class)):
        print("\nexpected failure %s not seen in this run" % cls)
    return 1 if unexpected else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chainrule")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="write the files to this directory and keep them")
    parser.add_argument("--without", action="append", default=[], choices=sorted(generate.FEATURES),
                        help="generate no files with this feature")
    parser.add_argument("--strict", action="store_true", help="no failure is expected")
    args = parser.parse_args()
    features = {f: False for f in args.without}
    expected = {} if args.strict else EXPECTED_FAILURES
    start = time.monotonic()
    mismatches = []
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or scratch
        os.makedirs(directory, exist_ok=True)
        for seed in range(args.seed, args.seed + args.count):
            mismatches += check_file(args.chainrule, directory, seed, features)
    return report(mismatches, expected, args.count, time.monotonic() - start, args.keep)


if __name__ == "__main__":
    sys.exit(main())
