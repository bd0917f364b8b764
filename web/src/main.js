// The page: an editor for a derivation file, and what the command says of it (verdicts,
// explanations, the graph, training), computed in a Web Worker by the command's own code.
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { setDiagnostics, lintGutter, forEachDiagnostic } from "@codemirror/lint";
import { derivationLanguage } from "./language.js";
import { Engine } from "./engine.js";
import { ansiToHtml, stripAnsi } from "./ansi.js";
import { examples, blankTemplate } from "./examples.js";
import { showExplain } from "./explain.js";
import { showGraph } from "./graph.js";
import { showTraining } from "./train.js";
import { readShareLink, shareLink, download } from "./share.js";

const $ = (id) => document.getElementById(id);
const state = { fileName: "derivation.chain", checked: null };

// Milliseconds from navigation, for bench/web.mjs: this script starting, the module ready.
document.body.dataset.scriptMs = String(Math.round(performance.now()));
const engine = new Engine(() => {
  document.body.dataset.moduleReadyMs ??= String(Math.round(performance.now()));
  setStatus("ready");
});

// A run that was cancelled has said so already; anything else is shown where the status is.
function reportFailure(error) {
  if (error?.message !== "cancelled") setStatus(String(error?.message ?? error));
}

function setStatus(text, busy = false) {
  $("status").textContent = text;
  $("cancel").disabled = !busy;
}

const editor = new EditorView({
  doc: "",
  extensions: [
    basicSetup,
    derivationLanguage,
    lintGutter(),
    keymap.of([{ key: "Mod-Enter", run: () => (check(), true) }]),
    EditorView.contentAttributes.of({ "aria-label": "derivation file" }),
  ],
  parent: $("editor"),
});

export const page = {
  source: () => editor.state.doc.toString(),
  files: () => ({ [state.fileName]: editor.state.doc.toString() }),
  fileName: () => state.fileName,
  digits: () => $("digits").value,
  engine,
  setStatus,
  setSource: (text, fileName = state.fileName) => setSource(text, fileName),
  // The markers in the editor, as the command counts: line, and column in characters from 1.
  diagnosticsShown: () => {
    const shown = [];
    forEachDiagnostic(editor.state, (d, from) => {
      const line = editor.state.doc.lineAt(from);
      shown.push({ line: line.number, column: [...line.text.slice(0, from - line.from)].length + 1, severity: d.severity });
    });
    return shown;
  },
};

function setSource(text, fileName) {
  state.fileName = fileName;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
}

// The command counts columns in characters from 1; CodeMirror counts UTF-16 units from 0.
function offsetOf(doc, line, column) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  let offset = 0;
  let count = 1;
  for (const character of l.text) {
    if (count >= column) break;
    offset += character.length;
    count += 1;
  }
  return l.from + offset;
}

function markDiagnostics(diagnostics) {
  const doc = editor.state.doc;
  const marks = diagnostics
    .filter((d) => d.file === state.fileName)
    .map((d) => {
      const from = offsetOf(doc, d.line, d.column);
      const to = Math.min(from + 1, doc.line(Math.min(Math.max(d.line, 1), doc.lines)).to);
      return { from, to: Math.max(from, to), severity: d.severity === "note" ? "info" : d.severity, message: d.message };
    });
  editor.dispatch(setDiagnostics(editor.state, marks));
}

// One row per line of the command's table; a claim's row opens its explanation.
function showVerdicts(answer) {
  const table = $("verdicts");
  table.replaceChildren();
  for (const line of (answer.stdout + answer.stderr).replace(/\n$/, "").split("\n")) {
    const row = document.createElement("div");
    row.className = "row";
    row.innerHTML = ansiToHtml(line);
    const claim = /^\s*(\d+)\s\s/.exec(stripAnsi(line));
    if (claim && answer.stdout.includes(line)) {
      row.classList.add("claim");
      row.tabIndex = 0;
      row.dataset.line = claim[1];
      row.setAttribute("role", "button");
      const open = () => openExplain(Number(claim[1]));
      row.addEventListener("click", open);
      row.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), open()));
    }
    table.append(row);
  }
}

export async function check() {
  setStatus("checking…", true);
  const started = performance.now();
  try {
    const answer = await engine.run(["check", state.fileName, "--digits", page.digits()], page.files());
    state.checked = { source: page.source(), digits: page.digits(), json: null };
    markDiagnostics(answer.diagnostics);
    showVerdicts(answer);
    selectTab("verdicts");
    setStatus(`checked in ${Math.round(performance.now() - started)} ms`);
    document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
    // Milliseconds from navigation to the first table shown (bench/web.sh reads it).
    document.body.dataset.firstTableMs ??= String(Math.round(performance.now()));
  } catch (error) {
    reportFailure(error);
  }
}

// check --json of the text as last checked: which claim is on which line, and the download.
async function checkedJson() {
  if (!state.checked) await check();
  if (!state.checked.json) {
    const answer = await engine.run(["check", state.fileName, "--digits", state.checked.digits, "--json"], {
      [state.fileName]: state.checked.source,
    });
    state.checked.json = answer.stdout || JSON.stringify({ status: answer.status, stderr: answer.stderr });
  }
  return state.checked.json;
}

async function openExplain(line) {
  const report = JSON.parse(await checkedJson());
  const claim = report.claims?.find((c) => c.line === line);
  if (claim) {
    selectTab("explain");
    await showExplain(page, claim).catch(reportFailure);
  }
}

function selectTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.dataset.panel === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.dataset.panel + "-panel").hidden = !selected;
  }
  if (name === "graph") showGraph(page).catch(reportFailure);
  if (name === "values") showValues().catch(reportFailure);
}

// `eval`: every named value at the digits chosen (all 10000 of them, if asked).
async function showValues() {
  setStatus("evaluating…", true);
  const answer = await engine.run(["eval", state.fileName, "--digits", page.digits()], page.files());
  $("values").textContent = answer.stdout + answer.stderr;
  setStatus("ready");
  document.body.dataset.evaluated = String(Number(document.body.dataset.evaluated || 0) + 1);
}

// Tabs as the ARIA pattern has them: click, or the arrow keys along the tab list.
const tabs = [...document.querySelectorAll("[role=tab]")];
for (const [i, tab] of tabs.entries()) {
  tab.addEventListener("click", () => selectTab(tab.dataset.panel));
  tab.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const next = tabs[(i + step + tabs.length) % tabs.length];
    selectTab(next.dataset.panel);
    next.focus();
  });
}

$("check").addEventListener("click", check);
$("cancel").addEventListener("click", () => {
  engine.cancel();
  setStatus("cancelled");
});
$("example").addEventListener("change", async (event) => {
  const choice = event.target.value;
  if (choice === "network") {
    $("network-dialog").showModal();
  } else if (choice === "blank") {
    setSource(blankTemplate, "derivation.chain");
  } else if (examples[choice]) {
    setSource(examples[choice].text, examples[choice].file);
    await check();
  }
  event.target.value = "";
});
$("network-form").addEventListener("submit", async (event) => {
  if (event.submitter?.value !== "write") return;
  const form = new FormData(event.target);
  const args = ["network", form.get("shape"), "--activation", form.get("activation"), "--loss", form.get("loss"), "--bias", form.get("bias")];
  if (form.get("lr")) args.push("--lr", form.get("lr"));
  const answer = await engine.run(args);
  if (answer.status !== 0) {
    $("network-error").textContent = answer.stderr;
    event.preventDefault();
    return;
  }
  setSource(answer.stdout, `network-${form.get("shape")}.chain`);
  await check();
});
$("train-form").addEventListener("submit", (event) => {
  event.preventDefault();
  showTraining(page, new FormData(event.target)).catch(reportFailure);
});
$("graph-form").addEventListener("submit", (event) => {
  event.preventDefault();
  showGraph(page, true).catch(reportFailure);
});
$("share").addEventListener("click", async () => {
  const link = shareLink(page.source());
  history.replaceState(null, "", link);
  await navigator.clipboard?.writeText(location.href).catch(() => {});
  setStatus("share link in the address bar (and copied)");
});
$("download-file").addEventListener("click", () => download(state.fileName, page.source(), "text/plain"));
$("download-json").addEventListener("click", async () =>
  download(state.fileName.replace(/\.chain$/, "") + ".json", await checkedJson(), "application/json"),
);

// A share link checks its text at once; otherwise tutorial A is shown, checked.
const shared = readShareLink(location.hash);
if (shared !== null) setSource(shared, "shared.chain");
else setSource(examples["tutorial-a"].text, examples["tutorial-a"].file);
check();
window.chainrulePage = page;  // for the browser tests
