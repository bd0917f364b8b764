#!/usr/bin/env python3
"""Records what the command prints for a few hundred command lines, to compare two builds.

    python3 scripts/golden.py CHAINRULE OUTDIR [--generated N]
    diff -r OUTDIR_BEFORE OUTDIR_AFTER

A reshaping of the engine or of verify must not change one byte of what the command prints.
This runs CHAINRULE (a built `chainrule`) over
  - the examples' and the tests' derivation files (tests/derivations, fuzz/regressions, and
    every raw string literal in tests/*.cpp that reads as a derivation file),
  - N files from the differential test's generator (tests/oracle/generate.py, seeds 1..N),
  - the README's command lines,
with check, check --json, eval, grad, explain, formula, hessian and dot on names the file
defines, and writes one file per command line: the line, the exit status, standard output
and standard error. Run it with the build before a change and the build after, then diff.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFINITION = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=", re.MULTILINE)
LITERAL = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*-?[0-9.]+\s*(#.*)?$", re.MULTILINE)


def derivation_texts(generated):
    texts = []
    for folder in ("examples/derivations", "tests/derivations", "fuzz/regressions"):
        path = os.path.join(ROOT, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if name.endswith(".chain") or folder == "fuzz/regressions":
                with open(full, "rb") as f:
                    texts.append((folder + "/" + name, f.read().decode("utf-8", "replace")))
    raw = re.compile(r'R"\((.*?)\)"', re.DOTALL)
    for name in sorted(os.listdir(os.path.join(ROOT, "tests"))):
        if not name.endswith(".cpp"):
            continue
        with open(os.path.join(ROOT, "tests", name), encoding="utf-8") as f:
            for k, text in enumerate(raw.findall(f.read())):
                if DEFINITION.search(text) and "\n" in text:
                    texts.append(("tests/%s#%d" % (name, k), text))
    sys.path.insert(0, os.path.join(ROOT, "tests", "oracle"))
    import generate  # noqa: E402

    for seed in range(1, generated + 1):
        texts.append(("generated#%d" % seed, generate.Generator(seed, {}).generate()))
    return texts


def command_lines(path, text):
    defined = list(dict.fromkeys(DEFINITION.findall(text)))
    leaves = list(dict.fromkeys(LITERAL.findall(text)))
    leaves = [name for name, _ in leaves]
    lines = [["check", path], ["check", path, "--json"], ["eval", path], ["check", path, "--double"]]
    if defined:
        last = defined[-1]
        lines += [["grad", path, "--of", last], ["dot", path, "--of", last],
                  ["dot", path, "--of", last, "--all-nodes"]]
        if leaves:
            wrt = leaves[0]
            term = "d(%s)/d(%s)" % (last, wrt)
            lines += [["explain", path, term], ["explain", path, term, "--latex"],
                      ["formula", path, term], ["formula", path, term, "--latex"],
                      ["hessian", path, "--of", last, "--wrt", ",".join(leaves[:3])],
                      ["hessian", path, "--of", last, "--wrt", ",".join(leaves[:3]), "--json"]]
    return lines


def readme_lines():
    """The command lines the README shows output for (its `<!-- chainrule ... -->` markers)."""
    lines = []
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        for found in re.findall(r"<!-- chainrule (.*?) -->", f.read()):
            line = found.split("|")[0].strip()
            if not any(flag in line for flag in ("--svg", "--png", "--csv")):
                lines.append(line)
    return lines


def run(chainrule, arguments, out, cwd):
    try:
        done = subprocess.run([chainrule] + arguments, capture_output=True, timeout=60, cwd=cwd)
        status, stdout, stderr = str(done.returncode), done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        status, stdout, stderr = "timeout", b"", b""
    with open(out, "wb") as f:
        f.write(("$ chainrule " + " ".join(arguments) + "\nstatus " + status + "\n").encode())
        f.write(stdout + b"\n--- stderr\n" + stderr)


def output_name(label, k):
    """A file name from the input's label and the command's place: stable when inputs are added."""
    return re.sub(r"[^A-Za-z0-9_.#-]", "_", label) + "@%02d.txt" % k


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chainrule")
    parser.add_argument("outdir")
    parser.add_argument("--generated", type=int, default=120)
    args = parser.parse_args()
    chainrule = os.path.abspath(args.chainrule)
    os.makedirs(args.outdir, exist_ok=True)
    count = 0
    with tempfile.TemporaryDirectory() as work:
        for label, text in derivation_texts(args.generated):
            path = "input.chain"
            with open(os.path.join(work, path), "w", encoding="utf-8") as f:
                f.write(text)
            for k, arguments in enumerate(command_lines(path, text)):
                count += 1
                run(chainrule, arguments, os.path.join(args.outdir, output_name(label, k)), work)
        for k, line in enumerate(readme_lines()):
            count += 1
            run(chainrule, shlex.split(line), os.path.join(args.outdir, output_name("README", k)),
                ROOT)
    print("%d command lines recorded in %s" % (count, args.outdir))


if __name__ == "__main__":
    main()
