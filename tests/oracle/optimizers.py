#!/usr/bin/env python3
"""The steps `chainrule train --optimizer ... --trace` prints, against an oracle that shares
no code with chainrule: the update rules of PyTorch's documentation (torch.optim.SGD with
momentum, dampening 0, nesterov; torch.optim.Adam without amsgrad) applied to the loss
L = (w*x + b - t)^2 of examples/derivations/momentum.chain and adam.chain, whose gradient is
written out here by hand: dL/dw = 2*x*(w*x + b - t), dL/db = 2*(w*x + b - t).
SGD, momentum and nesterov are rational: computed with fractions.Fraction, exactly. Adam
needs square roots: mpmath at 200 digits. Every printed value (the loss and each trained leaf
at every step) must be the oracle's value correctly rounded to the 50 digits printed.

usage: optimizers.py path/to/chainrule   (run from the source directory)
"""
import json
import subprocess
import sys
from fractions import Fraction

import mpmath

mpmath.mp.dps = 200
DIGITS = 50


def gradient(w, b, x, t):
    r = w * x + b - t
    return [2 * x * r, 2 * r], r * r


def sgd_family(kind, lr, mu, steps, start, x, t):
    """The iterates (theta_0 .. theta_steps) and losses of sgd, momentum or nesterov."""
    theta, buf = list(start), [None, None]
    trace = []
    for step in range(steps + 1):
        g, loss = gradient(theta[0], theta[1], x, t)
        trace.append((loss, list(theta)))
        if step == steps:
            break
        for k in range(2):
            if kind == "sgd":
                direction = g[k]
            else:
                buf[k] = g[k] if step == 0 else mu * buf[k] + g[k]  # b_1 = g_1
                direction = buf[k] if kind == "momentum" else g[k] + mu * buf[k]
            theta[k] = theta[k] - lr * direction
    return trace


def adam(lr, beta1, beta2, eps, steps, start, x, t):
    theta = [mpmath.mpf(v) for v in start]
    m, v = [mpmath.mpf(0)] * 2, [mpmath.mpf(0)] * 2
    trace = []
    for step in range(steps + 1):
        g, loss = gradient(theta[0], theta[1], x, t)
        trace.append((loss, list(theta)))
        if step == steps:
            break
        n = step + 1
        for k in range(2):
            m[k] = beta1 * m[k] + (1 - beta1) * g[k]
            v[k] = beta2 * v[k] + (1 - beta2) * g[k] ** 2
            m_hat = m[k] / (1 - beta1 ** n)
            v_hat = v[k] / (1 - beta2 ** n)
            theta[k] = theta[k] - lr * m_hat / (mpmath.sqrt(v_hat) + eps)
    return trace


def dec(text):
    return mpmath.mpf(text)


def agrees(printed, exact):
    """printed is exact correctly rounded to DIGITS significant digits (trailing zeros cut)."""
    exact = mpmath.mpf(exact.numerator) / exact.denominator if isinstance(exact, Fraction) else exact
    if exact == 0:
        return mpmath.mpf(printed) == 0
    digits = len(printed.split("e")[0].replace("-", "").replace(".", "").lstrip("0"))
    if digits > DIGITS:
        return False
    unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(exact))) - DIGITS + 1)
    return abs(mpmath.mpf(printed) - exact) <= unit / 2


def run(binary, args):
    out = subprocess.run([binary] + args + ["--trace", "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)["history"]


def compare(name, history, trace):
    failures = 0
    if len(history) != len(trace):
        print(f"{name}: {len(history)} steps printed, {len(trace)} expected")
        return 1
    for entry, (loss, theta) in zip(history, trace):
        printed = [entry["loss"]] + [leaf["value"] for leaf in entry["leaves"]]
        for label, p, e in zip(["loss", "w", "b"], printed, [loss] + theta):
            if not agrees(p, e):
                print(f"{name} step {entry['step']} {label}: printed {p}, oracle {mpmath.nstr(e if not isinstance(e, Fraction) else mpmath.mpf(e.numerator) / e.denominator, 60)}")
                failures += 1
    return failures


def main():
    binary = sys.argv[1]
    F = Fraction
    cases = [
        ("momentum", ["examples/derivations/momentum.chain", "--optimizer", "momentum",
                      "--lr", "0.05", "--momentum", "0.9", "--steps", "6"],
         sgd_family("momentum", F("0.05"), F("0.9"), 6, [F(1), F(0)], F(2), F(1))),
        ("nesterov", ["examples/derivations/momentum.chain", "--optimizer", "nesterov",
                      "--lr", "0.05", "--steps", "6"],
         sgd_family("nesterov", F("0.05"), F("0.9"), 6, [F(1), F(0)], F(2), F(1))),
        ("momentum 0.5", ["examples/derivations/momentum.chain", "--optimizer", "momentum",
                          "--lr", "0.04", "--momentum", "0.5", "--steps", "5"],
         sgd_family("momentum", F("0.04"), F("0.5"), 5, [F(1), F(0)], F(2), F(1))),
        ("sgd", ["examples/derivations/momentum.chain", "--lr", "0.01", "--steps", "4"],
         sgd_family("sgd", F("0.01"), None, 4, [F(1), F(0)], F(2), F(1))),
        ("adam", ["examples/derivations/adam.chain", "--optimizer", "adam", "--lr", "0.1",
                  "--steps", "5"],
         adam(dec("0.1"), dec("0.9"), dec("0.999"), dec("1e-8"), 5, [1, 0], 2, 1)),
        ("adam, own betas", ["examples/derivations/adam.chain", "--optimizer", "adam",
                             "--lr", "0.05", "--beta1", "0.5", "--beta2", "0.75",
                             "--eps", "0.001", "--steps", "4"],
         adam(dec("0.05"), dec("0.5"), dec("0.75"), dec("0.001"), 4, [1, 0], 2, 1)),
    ]
    failures = 0
    for name, args, trace in cases:
        history = run(binary, ["train"] + args[:1] + ["--loss", "L", "--wrt", "w,b"] + args[1:])
        failures += compare(name, history, trace)
    print(f"{len(cases)} runs compared, {failures} disagreements")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
