// Renders with KaTeX every LaTeX string `chainrule explain --latex` and `formula --latex`
// print for the given derivation files, and fails on the first one KaTeX rejects.
//
//   node tests/katex/render_latex.js CHAINRULE FILE...
//
// For each file: the last named value L, and for every leaf L depends on (grad) and every
// named value L uses, dL/d(name) through explain --latex and formula --latex; then every
// claim that is a derivative term. KaTeX runs with throwOnError and strict "error", so that
// what it would only warn about (a LaTeX incompatibility) fails too.
"use strict";

const { execFileSync } = require("node:child_process");
const path = require("node:path");

let katex;
try {
  katex = require(path.join(__dirname, "node_modules", "katex"));
} catch (e) {
  console.error(
    "KaTeX is not installed in tests/katex: run `npm ci` there (scripts/setup.sh does)"
  );
  process.exit(1);
}

const [chainrule, ...files] = process.argv.slice(2);
if (!chainrule || files.length === 0) {
  console.error("usage: node render_latex.js CHAINRULE FILE...");
  process.exit(2);
}

// The command's output, or null when it refuses the query (status 2: say a formula too large);
// `accepted` lists the other exit statuses that still give output (check's 1: a wrong claim).
function run(args, accepted = []) {
  try {
    return execFileSync(chainrule, args, {
      encoding: "utf8",
      maxBuffer: 1 << 28,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    if (accepted.includes(e.status)) return e.stdout;
    if (e.status === 2) return null;
    throw new Error(`chainrule ${args.join(" ")} exited ${e.status}: ${e.stderr}`);
  }
}

function json(args) {
  const out = run([...args, "--json"], [1]);
  if (out === null) throw new Error(`chainrule ${args.join(" ")} --json was refused`);
  return JSON.parse(out);
}

// The derivative terms asked about a file: d(L)/d(name) for the last named value L and every
// leaf it depends on and every name defined before it, then its claims' derivative terms.
function derivatives(file) {
  const values = json(["eval", file]).values.map((v) => v.name);
  const of = values[values.length - 1];
  const wrt = new Set(json(["grad", file, "--of", of]).gradient.map((g) => g.wrt));
  for (const name of values.slice(0, -1)) wrt.add(name);
  const terms = [...wrt].map((name) => `d(${of})/d(${name})`);
  for (const claim of json(["check", file]).claims ?? [])
    if (/^d.*\/d/.test(claim.expr)) terms.push(claim.expr);
  return terms;
}

let rendered = 0;
const failures = [];
function render(latex, what) {
  try {
    katex.renderToString(latex, { displayMode: true, throwOnError: true, strict: "error" });
    ++rendered;
  } catch (e) {
    failures.push(`${what}: ${e.message}\n${latex}`);
  }
}

for (const file of files) {
  let asked = 0;
  for (const term of derivatives(file)) {
    for (const command of ["explain", "formula"]) {
      const out = run([command, file, term, "--latex"]);
      if (out === null) continue;
      ++asked;
      render(out.trim(), `${command} ${file} '${term}' --latex`);
    }
  }
  if (asked === 0) failures.push(`${file}: no derivative gave LaTeX`);
}

for (const f of failures) console.error(f + "\n");
console.log(`${rendered} LaTeX strings rendered by KaTeX ${katex.version}, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
