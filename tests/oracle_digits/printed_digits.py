#!/usr/bin/env python3
"""Every digit `chainrule eval` prints is a correct digit: the op table at awkward points.

For each value below, chainrule prints it at --digits D (20, 50, 200); mpmath, an independent
implementation, computes the same closed form at 3*D digits. The printed text must be mpmath's
value correctly rounded to exactly D significant digits (chainrule promises D certain digits,
computing at a higher precision where cancellation eats some).

Usage: printed_digits.py CHAINRULE
"""
import json
import subprocess
import sys
import tempfile

from mpmath import mp, mpf, exp, log, sqrt, tanh, sin, cos

# name = definition in the file's language, and the closed form mpmath evaluates.
def sig(x):
    return 1 / (1 + exp(-x))

CASES = [
    ("a_big", "100", lambda: mpf(100)),
    ("s_big", "sigmoid(a_big)", lambda: sig(mpf(100))),
    ("ds_big", "d(s_big)/d(a_big)", lambda: exp(-mpf(100)) / (1 + exp(-mpf(100))) ** 2),
    ("a_neg", "-30", lambda: mpf(-30)),
    ("s_neg", "sigmoid(a_neg)", lambda: sig(mpf(-30))),
    ("ds_neg", "d(s_neg)/d(a_neg)", lambda: exp(-mpf(30)) / (1 + exp(-mpf(30))) ** 2),
    ("a_t", "50", lambda: mpf(50)),
    ("t_big", "tanh(a_t)", lambda: tanh(mpf(50))),
    ("dt_big", "d(t_big)/d(a_t)", lambda: 1 / mpmath_cosh2(mpf(50))),
    ("one_minus_tanh", "1 - tanh(40)", lambda: 2 * exp(-mpf(80)) / (1 + exp(-mpf(80)))),
    ("tiny", "1e-20", lambda: mpf("1e-20")),
    ("expm1_ratio", "(exp(tiny) - 1)/tiny", lambda: mp.expm1(mpf("1e-20")) / mpf("1e-20")),
    ("log1p", "log(1 + 1e-30)", lambda: mp.log1p(mpf("1e-30"))),
    ("one_minus_cos", "1 - cos(1e-10)", lambda: 2 * sin(mpf("5e-11")) ** 2),
    ("huge", "1e90", lambda: mpf(10) ** 90),
    ("sin_huge", "sin(huge)", lambda: sin(mpf(10) ** 90)),
    ("cos_huge", "cos(huge)", lambda: cos(mpf(10) ** 90)),
    ("under", "exp(-1e7)", lambda: exp(-mpf(10) ** 7)),
    ("over_back", "1/under", lambda: exp(mpf(10) ** 7)),
    ("root", "sqrt(2)", lambda: sqrt(mpf(2))),
    ("power", "2^0.5", lambda: sqrt(mpf(2))),
    ("third", "1/3", lambda: mpf(1) / 3),
    ("log_small", "log(0.001)", lambda: log(mpf("0.001"))),
    ("x_p", "0.7", lambda: mpf("0.7")),
    ("pw", "x_p^x_p", lambda: mpf("0.7") ** mpf("0.7")),
    ("dpw", "d(pw)/d(x_p)", lambda: mpf("0.7") ** mpf("0.7") * (log(mpf("0.7")) + 1)),
    ("ex", "exp(x_p)", lambda: exp(mpf("0.7"))),
    ("cube", "x_p^3 - 0.343", lambda: mpf(0)),
]


def mpmath_cosh2(x):
    return mp.cosh(x) ** 2


def rounded(value, digits):
    """value correctly rounded to `digits` significant digits, as chainrule writes numbers."""
    if value == 0:
        return "0"
    text = mp.nstr(value, digits, strip_zeros=True, min_fixed=-7, max_fixed=digits)
    return text


def main():
    chainrule = sys.argv[1]
    source = "".join(f"{name} = {definition}\n" for name, definition, _ in CASES)
    failures = 0
    with tempfile.NamedTemporaryFile("w", suffix=".chain", delete=False) as f:
        f.write(source)
        path = f.name
    for digits in (20, 50, 200):
        out = subprocess.run([chainrule, "eval", path, "--json", "--digits", str(digits)],
                             capture_output=True, text=True, check=True).stdout
        printed = {v["name"]: v["value"] for v in json.loads(out)["values"]}
        mp.dps = 3 * digits + 20
        for name, _, closed_form in CASES:
            exact = closed_form()
            want = rounded(exact, digits)
            got = printed[name]
            mp.dps = 3 * digits + 20
            if got.startswith("~") or mpf(got) != mpf(want):
                failures += 1
                print(f"--digits {digits}: {name}: printed {got}, mpmath says {want}")
    print(f"{3 * len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
