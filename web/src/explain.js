// A claim's explanation: `explain` of a derivative term (every chain-rule path, each factor's
// formula and value), its LaTeX rendered with KaTeX; for a named value, its line and value.
import { ansiToHtml } from "./ansi.js";

let katex = null;  // loaded with the first explanation: the first table does not wait for it

const isDerivative = (expr) => /^d(\(.*\)|[A-Za-z_]\w*)\/d/.test(expr);

export async function showExplain(page, claim) {
  const title = document.getElementById("explain-title");
  const text = document.getElementById("explain-text");
  const latex = document.getElementById("explain-latex");
  title.textContent = `line ${claim.line}: ${claim.expr} — ${claim.verdict}`;
  latex.replaceChildren();
  if (!isDerivative(claim.expr)) {
    text.textContent = `${claim.expr} = ${claim.value}\npublished ${claim.published}: ${claim.verdict}` +
      (claim.diagnosis ? `\n${claim.diagnosis}` : "") +
      "\n\nA named value has no chain-rule paths; its derivatives do (click a claim of dE/d…).";
    return;
  }
  page.setStatus("explaining…", true);
  const base = ["explain", page.fileName(), claim.expr, "--digits", page.digits()];
  const [plain, tex] = await Promise.all([
    page.engine.run(base, page.files()),
    page.engine.run([...base, "--latex"], page.files()),
  ]);
  text.innerHTML = ansiToHtml(plain.stdout + plain.stderr);
  if (tex.status === 0) {
    katex ??= (await import("katex")).default;
    try {
      katex.render(tex.stdout, latex, { displayMode: true, throwOnError: true });
    } catch (error) {
      latex.textContent = `KaTeX: ${error.message}`;
    }
  }
  page.setStatus("ready");
}
