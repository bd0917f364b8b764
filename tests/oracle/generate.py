#!/usr/bin/env python3
"""Random derivation files for the differential test (tests/oracle/differential.py).

    python3 tests/oracle/generate.py --seed 7 --count 3     # print three files

A file has inputs, definitions over + - * / ^ and exp log sqrt sigmoid tanh relu abs sin cos,
substitutions E[x := ...] (several entries, nested, chained), derivative terms dA/dB and
d(A)/d(B) (inside definitions and substitutions too, second derivatives), and claims
published deliberately near or off their exact values (CLAIM_STYLES). The oracle
(oracle.py) evaluates every candidate as it is generated, so files never hit a domain error,
and it knows the exact value each claim is published against.

FEATURES switches the kinds of content; differential.py's --without turns one off.
Deterministic for a given seed (random.Random only).
"""

import argparse
import random
from decimal import Decimal, localcontext
from fractions import Fraction
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

FEATURES = {
    "substitutions": True,             # E[x := ...]
    "nested_substitutions": True,      # E[x := M[y := 2]], E[x := 1][y := 2]
    "later_name_substitutions": True,  # E[x := ...] where x is defined after E
    "derivatives": True,               # dA/dB, d(A)/d(B)
    "second_derivatives": True,        # d(dA/dB)/dC
    "large_arguments": True,           # 100, 30: sigmoid and tanh near 1, cancellation
    "tie_claims": True,                # published exactly u/2 or u away from the value
}

CLAIM_STYLES = ["rounded", "truncated", "last-digit-up", "last-digit-down", "half-tie-below",
                "half-tie-above", "unit-tie-below", "unit-tie-above", "wild", "sign-flipped"]
TIE_STYLES = {"half-tie-below", "half-tie-above", "unit-tie-below", "unit-tie-above"}

INPUT_NAMES = ["a", "b", "c", "w1", "x_2", "g"]
DEFINITION_NAMES = ["L", "M", "N", "L_n", "L_b", "P", "Q", "out_1", "R", "E_n"]
NUMBERS = ["2.0", "0.5", "0.125", "0.375", "0.03", "1.5", "3", "5", "1", "0.1", "0.2", "1e-3",
           "2.5", "0.0625", "12", "0.99", "7.25", "0.01", "0.7", "4"]
LARGE_NUMBERS = ["100", "30", "40"]
FUNCTIONS = ["exp", "sigmoid", "tanh", "relu", "abs", "sin", "cos", "log", "sqrt", "softplus"]
EXPONENTS = ["2", "3", "0.5", "2.5"]


# ---- rendering ----------------------------------------------------------------------------


def derivative_text(of, wrt, form):
    of_text = of if isinstance(of, str) else render(of)
    if not isinstance(of, str):
        return "d(" + of_text + ")/d(" + wrt + ")"
    return ["d(%s)/d(%s)", "d%s/d%s", "d%s/d(%s)", "d(%s)/d%s"][form] % (of_text, wrt)


def wrap(e):
    return render(e) if e[0] in ("num", "name") else "(" + render(e) + ")"


def render(e):
    kind = e[0]
    if kind in ("num", "name"):
        return e[1]
    if kind == "neg":
        return "-" + wrap(e[1])
    if kind == "bin":
        return wrap(e[2]) + (e[1] if e[1] == "^" else " " + e[1] + " ") + wrap(e[3])
    if kind == "call":
        return e[1] + "(" + render(e[2]) + ")"
    if kind == "der":
        return derivative_text(e[1], e[2], e[3])
    base = e[1]
    base_text = render(base) if base[0] in ("name", "sub") or (
        base[0] == "der" and isinstance(base[1], str) and base[3] == 0) else wrap(base)
    return base_text + "[" + ", ".join(n + " := " + render(x) for n, x in e[2]) + "]"


def render_file(statements):
    lines = []
    for s in statements:
        if s[0] == "def":
            lines.append(s[1] + " = " + render(s[2]))
        else:
            lines.append("check " + render(s[1]) + " = " + s[2])
    return "\n".join(lines) + "\n"


# ---- published numbers --------------------------------------------------------------------


def as_fraction(v):
    return v if oracle.is_exact(v) else Fraction(Decimal(oracle.mpmath.nstr(v, 120)))


def exact_digits(v):
    """(digits, last place) of v when it is a short terminating decimal, else None."""
    if not oracle.is_exact(v) or v == 0:
        return None
    d = v.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return None
    place = 0
    x = abs(v)
    while x.denominator != 1:
        x *= 10
        place -= 1
    while x % 10 == 0:
        x //= 10
        place += 1
    digits = str(x)
    return (digits, place) if len(digits) <= 30 else None


def leading_exponent(x):
    """The decimal exponent of x's first significant digit (x > 0, a Fraction)."""
    with localcontext() as ctx:
        ctx.prec = 150
        return (Decimal(x.numerator) / Decimal(x.denominator)).adjusted()


def write_number(negative, units, place, rng):
    """units * 10^place as text whose last written place is 10^place."""
    sign = "-" if negative and units != 0 else ""
    text = str(units)
    if place > 0 or place < -30 or (rng.random() < 0.2 and units != 0):
        exponent = place + len(text) - 1
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return sign + mantissa + "e" + str(exponent)
    if place == 0:
        return sign + text
    text = text.rjust(-place + 1, "0")
    return sign + text[:place] + "." + text[place:]


def publish(v, style, digits, rng):
    """The number a claim of `style` publishes for the exact value v."""
    x = abs(as_fraction(v))
    negative = v < 0
    if x == 0:
        return write_number(False, 7 if style == "wild" else 0, -digits, rng)
    place = leading_exponent(x) - digits + 1
    q = x / Fraction(10) ** place
    rounded = math.floor(q + Fraction(1, 2))
    exact = exact_digits(v)
    if style in TIE_STYLES and exact:
        units, last = int(exact[0]), exact[1]
        if style.startswith("half"):  # v ends in 5 (tie_target makes sure): drop the 5
            cut = units // 10
            up = 1 if style.endswith("above") else 0
            return write_number(negative, cut + up, last + 1, rng)
        return write_number(negative, units + (1 if style.endswith("above") else -1), last, rng)
    if style == "truncated":
        return write_number(negative, math.floor(q), place, rng)
    if style == "last-digit-up":
        return write_number(negative, rounded + 1, place, rng)
    if style == "last-digit-down":
        return write_number(negative, max(rounded - 1, 0), place, rng)
    if style == "wild":
        return write_number(negative, rounded * 7 + 13, place, rng)
    if style == "sign-flipped":
        return write_number(not negative, rounded, place, rng)
    return write_number(negative, rounded, place, rng)


# ---- the grammar ----------------------------------------------------------------------------


class Generator:
    def __init__(self, seed, features=None):
        self.rng = random.Random(seed)
        self.features = dict(FEATURES, **(features or {}))
        self.graph = oracle.Graph()
        self.statements = []
        self.inputs = []
        self.definitions = []  # names that are not inputs

    def on(self, feature):
        return self.features[feature]

    def number(self):
        rng = self.rng
        if self.on("large_arguments") and rng.random() < 0.06:
            return rng.choice(LARGE_NUMBERS)
        if rng.random() < 0.75:
            return rng.choice(NUMBERS)
        places = rng.randint(1, 4)
        text = "%d.%0*d" % (rng.randrange(10), places, rng.randrange(10 ** places))
        return text.rstrip("0").rstrip(".") or "0"

    def names(self):
        return self.inputs + self.definitions

    def leaf(self):
        if self.rng.random() < 0.3:
            return ("num", self.number())
        return ("name", self.rng.choice(self.names()))

    def expr(self, depth):
        rng = self.rng
        if depth <= 0:
            return self.leaf()
        kinds = ["leaf", "bin", "bin", "bin", "call", "call", "neg", "pow"]
        if self.on("derivatives"):
            kinds += ["der", "der"]
        if self.on("substitutions"):
            kinds += ["sub"]
        kind = rng.choice(kinds)
        if kind == "leaf":
            return self.leaf()
        if kind == "bin":
            op = rng.choice("+-*/")
            right = self.positive(depth - 1) if op == "/" else self.expr(depth - 1)
            return ("bin", op, self.expr(depth - 1), right)
        if kind == "call":
            f = rng.choice(FUNCTIONS)
            x = self.positive(depth - 1) if f in ("log", "sqrt") else self.expr(depth - 1)
            return ("call", f, x)
        if kind == "neg":
            return ("neg", self.expr(depth - 1))
        if kind == "pow":
            if rng.random() < 0.2:  # a name in the exponent: a^b = exp(b log a)
                return ("bin", "^", self.positive(depth - 1), self.expr(depth - 1))
            return ("bin", "^", self.expr(depth - 1), ("num", rng.choice(EXPONENTS)))
        if kind == "der":
            return self.derivative()
        return self.substitution(depth)

    def positive(self, depth):
        """Mostly an expression with a positive value: logs and quotients stay defined."""
        x = self.expr(depth)
        return self.rng.choice([
            ("bin", "+", ("num", "1"), ("bin", "^", x, ("num", "2"))),
            ("bin", "+", ("call", "abs", x), ("num", "0.5")),
            ("call", "exp", x), x])

    def derivative(self):
        rng = self.rng
        of = rng.choice(self.definitions or self.inputs)
        term = ("der", of, rng.choice(self.names()), rng.randrange(4))
        if self.on("second_derivatives") and rng.random() < 0.15:
            return ("der", term, rng.choice(self.names()), 0)
        return term

    def substitution(self, depth):
        rng = self.rng
        choice = rng.random()
        if choice < 0.5:
            base = ("name", rng.choice(self.definitions or self.inputs))
        elif choice < 0.75 and self.on("derivatives"):
            base = self.derivative()
        else:
            base = self.expr(depth - 1)
        chained = 2 if self.on("nested_substitutions") and rng.random() < 0.2 else 1
        for _ in range(chained):
            count = min(len(self.names()), rng.choice([1, 1, 2, 3]))
            replaced = rng.sample(self.names(), count)
            inner = depth - 1 if self.on("nested_substitutions") else 0
            base = ("sub", base, [(n, self.expr(inner)) for n in replaced])
        return base

    # -- statements, each checked by the oracle before it is kept --

    def try_statement(self, statement):
        """Adds the statement if the oracle can evaluate it; returns its value (claims)."""
        mark = len(self.graph.nodes)
        flags = self.graph.substitutes_later_name, self.graph.uses_constant_name
        try:
            if statement[0] == "def":
                self.graph.define(statement[1], statement[2])
                value = None
            else:
                value = self.graph.nodes[self.graph.build(statement[1])].value
        except (oracle.DomainError, OverflowError, ZeroDivisionError, ValueError):
            self.undo(mark, flags)
            return False, None
        if self.graph.ambiguous or any(too_big(n.value) for n in self.graph.nodes[mark:]) or (
                not self.on("later_name_substitutions") and self.graph.substitutes_later_name):
            self.undo(mark, flags)
            return False, None
        self.statements.append(statement)
        return True, value

    def undo(self, mark, flags):
        del self.graph.nodes[mark:]
        self.graph.ambiguous = False
        self.graph.substitutes_later_name, self.graph.uses_constant_name = flags

    def claim(self, e=None):
        rng = self.rng
        styles = [s for s in CLAIM_STYLES if self.on("tie_claims") or s not in TIE_STYLES]
        style, digits = rng.choice(styles), rng.randint(1, 18)
        r = rng.random()
        if e is not None:
            pass
        elif r < 0.3:
            e = ("name", self.definitions[-1])
        elif r < 0.45:
            e = ("name", rng.choice(self.names()))
        elif r < 0.65 and self.on("derivatives"):
            e = self.derivative()
        elif r < 0.8:
            e = ("bin", "-", ("name", rng.choice(self.definitions)),
                 ("name", rng.choice(self.definitions)))
        else:
            e = self.expr(2)
        if style in TIE_STYLES:
            e = self.tie_target(e, style)
        ok, value = self.try_statement(("check", e, "0", style))
        if not ok:
            return
        self.statements.pop()
        self.statements.append(("check", e, publish(value, style, digits, rng), style))

    def tie_target(self, e, style):
        """e, or a variant of it, whose value is a short decimal (ending in 5 for u/2 ties)."""
        mark = len(self.graph.nodes)
        flags = self.graph.substitutes_later_name, self.graph.uses_constant_name
        try:
            value = self.graph.nodes[self.graph.build(e)].value
        except (oracle.DomainError, OverflowError, ZeroDivisionError, ValueError):
            value = None
        self.undo(mark, flags)
        if value is None or exact_digits(value) is None:
            e = ("name", self.rng.choice(self.inputs))
            value = literal_value(self.statements, e[1])
        digits = exact_digits(value)
        if style.startswith("half") and (digits is None or not digits[0].endswith("5")):
            last = digits[1] if digits else 0
            e = ("bin", "+", e, ("num", write_number(False, 5, last - 1, self.rng)))
        return e

    def saturate(self, name):
        """NAME = sigmoid(x) or tanh(x) at a large x, and a claim on its derivative: s(1 - s)
        cancels to a few digits at the working precision (sigmoid'(100) ~ 3.7e-44)."""
        rng = self.rng
        x = ("bin", "*", ("name", self.inputs[0]), ("num", rng.choice(LARGE_NUMBERS)))
        ok, _ = self.try_statement(("def", name, ("call", rng.choice(["sigmoid", "tanh"]), x)))
        if not ok:
            return False
        self.definitions.append(name)
        self.claim(("der", name, self.inputs[0], rng.randrange(4)))
        return True

    def generate(self):
        rng = self.rng
        for name in INPUT_NAMES[:rng.randint(1, 4)]:
            literal = ("num", self.number())
            self.try_statement(("def", name, ("neg", literal) if rng.random() < 0.2 else literal))
            self.inputs.append(name)
        saturated = self.on("large_arguments") and rng.random() < 0.15
        for k, name in enumerate(DEFINITION_NAMES[:rng.randint(2, 8)]):
            if k == 0 and saturated and self.saturate(name):
                continue
            for _ in range(20):
                ok, _ = self.try_statement(("def", name, self.expr(rng.randint(1, 3))))
                if ok:
                    self.definitions.append(name)
                    break
            if self.definitions:
                for _ in range(rng.choice([0, 1, 1, 2])):
                    self.claim()
        return render_file(self.statements)


def too_big(v):
    """Values beyond 1e40 make files about overflow, not about derivatives and verdicts."""
    return abs(oracle.to_mpf(v)) > 10 ** 40


def literal_value(statements, name):
    for s in statements:
        if s[0] == "def" and s[1] == name:
            e = s[2]
            return -oracle.literal(e[1][1]) if e[0] == "neg" else oracle.literal(e[1])
    raise KeyError(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--without", action="append", default=[], choices=sorted(FEATURES))
    args = parser.parse_args()
    for k in range(args.count):
        generator = Generator(args.seed + k, {f: False for f in args.without})
        print("# seed %d" % (args.seed + k))
        print(generator.generate())


if __name__ == "__main__":
    main()
