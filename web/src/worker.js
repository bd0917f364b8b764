// The page's Web Worker: the chainrule module (the command's own code compiled to
// WebAssembly, web/module.cpp) runs here, so the page stays responsive and a long run can be
// cancelled by ending the worker. Messages in: {id, arguments, files}; out: {id, answer}
// with the answer of docs/web.md, or {ready: true} once the module is loaded.
/* global importScripts, createChainrule */
importScripts("chainrule.js");

const module = createChainrule();

// A first small run compiles most of the module's code (the browser compiles WebAssembly
// functions when first called), while the page is still loading its own scripts.
const warmUp = JSON.stringify({
  arguments: ["check", "warm-up.chain"],
  files: { "warm-up.chain": "x = 0.5\nw = 0.8\ny = sigmoid(w*x)\nE = 1/2*(1 - y)^2\ncheck dE/dw = -0.03\n" },
});

module.then(
  (chainrule) => {
    chainrule.ccall("chainrule_run", "string", ["string"], [warmUp]);
    postMessage({ ready: true });
  },
  (error) => postMessage({ failed: String(error) }),
);

onmessage = async (event) => {
  const chainrule = await module;
  const { id, arguments: args, files } = event.data;
  let answer;
  try {
    const text = chainrule.ccall("chainrule_run", "string", ["string"], [JSON.stringify({ arguments: args, files })]);
    answer = JSON.parse(text);
  } catch (error) {
    // A WebAssembly trap (out of memory past the module's maximum) ends this module.
    answer = { status: 2, stdout: "", stderr: `chainrule: error: ${error}\n`, diagnostics: [] };
  }
  postMessage({ id, answer });
};
