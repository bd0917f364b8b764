// The graph: `dot` of the file (values, and the sensitivities d(OF)/d(node) of the quantity
// asked for), laid out by Graphviz compiled to WebAssembly (@viz-js/viz), loaded when first shown.
let viz = null;
let shown = "";

// The quantity whose sensitivities are shown: the one asked for, else the first derivative
// claim's numerator (E for `check dE/dw5 = …`).
function defaultOf(source) {
  const claim = /^\s*check\s+d(?:\(([^()]+)\)|([A-Za-z_]\w*))\s*\//m.exec(source);
  return claim ? (claim[1] ?? claim[2]).trim() : "";
}

export async function showGraph(page, asked = false) {
  const ofInput = document.getElementById("graph-of");
  if (!ofInput.value) ofInput.value = defaultOf(page.source());
  const args = ["dot", page.fileName(), "--digits", page.digits()];
  if (ofInput.value) args.push("--of", ofInput.value);
  const key = JSON.stringify([args, page.source()]);
  if (key === shown && !asked) return;
  shown = key;
  const target = document.getElementById("graph-svg");
  page.setStatus("drawing…", true);
  const answer = await page.engine.run(args, page.files());
  if (answer.status !== 0) {
    target.textContent = answer.stderr;
    page.setStatus("ready");
    return;
  }
  viz ??= await (await import("@viz-js/viz")).instance();
  target.replaceChildren(viz.renderSVGElement(answer.stdout));
  page.setStatus("ready");
}
