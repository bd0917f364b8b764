// Bundles the page into one folder (no CDN: everything it loads is in the folder):
// node build.mjs OUT WASM_DIR — OUT gets index.html, main.js, main.css (KaTeX's fonts beside
// it), worker.js, chainrule.js and chainrule.wasm from WASM_DIR.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const [out, wasmDir] = process.argv.slice(2);
if (!out || !wasmDir) {
  console.error("usage: node build.mjs OUT WASM_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: { main: "src/main.js" },
  bundle: true,
  format: "esm",
  splitting: true,  // Graphviz (@viz-js/viz) loads when the graph is first shown
  minify: true,
  target: "es2022",
  outdir: out,
  loader: { ".chain": "text", ".woff2": "file", ".woff": "file", ".ttf": "file" },
  logLevel: "warning",
});
await esbuild.build({
  entryPoints: { main: "src/style.css" },
  bundle: true,
  minify: true,
  outdir: out,
  loader: { ".woff2": "file", ".woff": "file", ".ttf": "file" },
  logLevel: "warning",
});
copyFileSync("index.html", join(out, "index.html"));
copyFileSync("src/worker.js", join(out, "worker.js"));
for (const file of ["chainrule.js", "chainrule.wasm"]) copyFileSync(join(wasmDir, file), join(out, file));
