// Browser tests of the page in headless Chromium (Debian's, driven by puppeteer-core):
// node --test test/page.test.mjs, with SITE_URL the served site and CHAINRULE the native
// command, whose output the page must reproduce exactly (scripts/web_test.sh sets both).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, copyFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const site = process.env.SITE_URL;
const chainrule = process.env.CHAINRULE;
const screenshot = process.env.SCREENSHOT;
let browser;

before(async () => {
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new"],
  });
});
after(async () => browser?.close());

// What the command prints for `check NAME` with the file's text under that name.
function command(args, name, text) {
  const dir = mkdtempSync(join(tmpdir(), "chainrule-web-"));
  copyFileSync(text, join(dir, name));
  try {
    return execFileSync(chainrule, [args[0], name, ...args.slice(1)], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } }).toString();
  } catch (failed) {
    return failed.stdout.toString() + failed.stderr.toString();  // exit 1: a claim is not ok
  }
}

async function open(hash = "") {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(site + "/index.html" + hash);
  await page.waitForFunction(() => document.body.dataset.checked === "1", { timeout: 30000 });
  page.errors = errors;
  return page;
}

const tableText = (page) => page.$eval("#verdicts", (t) => [...t.children].map((r) => r.textContent).join("\n") + "\n");

async function setSource(page, text) {
  await page.evaluate((t) => window.chainrulePage.setSource(t), text);
}

async function checkAgain(page) {
  const before = await page.evaluate(() => Number(document.body.dataset.checked));
  await page.click("#check");
  await page.waitForFunction((n) => Number(document.body.dataset.checked) > n, { timeout: 60000 }, before);
}

test("tutorial A from the examples menu shows the table `chainrule check` prints", async () => {
  const page = await open();
  await page.select("#example", "tutorial-b");  // away and back: the menu, not the first load
  await page.waitForFunction(() => document.body.dataset.checked === "2");
  await page.select("#example", "tutorial-a");
  await page.waitForFunction(() => document.body.dataset.checked === "3");
  const expected = command(["check"], "tutorial_a.chain", join(root, "examples/derivations/tutorial_a.chain"));
  assert.equal(await tableText(page), expected);
  // The verdicts keep the terminal's colours: truncated in yellow, ok in green.
  assert.ok(await page.$$eval("#verdicts .claim .yellow", (s) => s.some((e) => e.textContent.includes("truncated"))));
  assert.ok(await page.$$eval("#verdicts .claim .green", (s) => s.some((e) => e.textContent === "ok")));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a typo is marked at the line and column the command names", async () => {
  const page = await open();
  // Line 3 is "y = w *": 7 characters, so the missing operand is expected at column 8.
  await setSource(page, "x = 0.5\nw = 2\ny = w *\ncheck y = 1\n");
  await checkAgain(page);
  const marks = await page.evaluate(() => window.chainrulePage.diagnosticsShown());
  assert.equal(marks.length, 1);
  assert.equal(marks[0].line, 3);
  assert.equal(marks[0].column, 8);
  assert.equal(marks[0].severity, "error");
  // At the end of the line the mark is a point, elsewhere an underlined character.
  await page.waitForSelector(".cm-lintRange-error, .cm-lintPoint-error", { timeout: 5000 });
  await page.close();
});

test("a claim's explain panel shows tutorial A's factors of dE/dw5", async () => {
  const page = await open();
  await page.click('#verdicts .claim[data-line="74"]');  // check dE/dw5 = 0.08582533
  await page.waitForFunction(() => document.querySelector("#explain-latex .katex"), { timeout: 30000 });
  const text = await page.$eval("#explain-text", (e) => e.textContent);
  // The one path E <- E1 <- out_y1 <- y1 <- w5 (tutorial A's own chain): dE1/dout_y1 =
  // out_y1 - T1, dout_y1/dy1 = out_y1(1 - out_y1), dy1/dw5 = out_h1.
  for (const factor of ["∂E1/∂out_y1 = out_y1 − T1", "∂out_y1/∂y1 = out_y1·(1 − out_y1)", "∂y1/∂w5     = out_h1"])
    assert.ok(text.includes(factor), factor);
  // 0.08582532696 rounds to the published 0.08582533 (tutorial A's own figure).
  assert.ok(text.includes("dE/dw5 = 0.08582532696"), "the derivative's value");
  await page.close();
});

test("the graph renders a node per named quantity E depends on", async () => {
  const page = await open();
  await page.click('[data-panel="graph"]');
  await page.waitForSelector("#graph-svg svg", { timeout: 60000 });
  const labels = await page.$$eval("#graph-svg g.node text:first-of-type", (t) => t.map((e) => e.textContent));
  // Tutorial A's 2-2-2 network: inputs, weights, two biases, targets, and every net input,
  // activation and error term between them and E.
  const names = ["x1", "x2", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2", "T1", "T2",
    "h1", "out_h1", "h2", "out_h2", "y1", "out_y1", "y2", "out_y2", "E1", "E2", "E"];
  for (const name of names) assert.ok(labels.includes(name), name);
  await page.close();
});

test("a share link opened in a fresh page reproduces the verdicts", async () => {
  const text = readFileSync(join(root, "examples/derivations/tutorial_b.chain"), "utf8");
  const page = await open("#src=" + encodeURIComponent(text));
  const expected = command(["check"], "shared.chain", join(root, "examples/derivations/tutorial_b.chain"));
  assert.equal(await tableText(page), expected);
  if (screenshot) {
    await page.setViewport({ width: 1280, height: 900 });
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
  }
  await page.close();
});

// e to `digits` places after the point, truncated, from sum 1/k! in integers (BigInt): an
// oracle independent of chainrule and of MPFR.
function eDigits(digits) {
  const guard = 20n;
  const scale = 10n ** (BigInt(digits) + guard);
  let sum = 0n;
  let term = scale;
  for (let k = 1n; term > 0n; k++) {
    sum += term;
    term /= k;
  }
  return (sum / 10n ** guard).toString();  // "27182818..." : the integer part, then the places
}

test("exp(1) at 10000 digits shows all of them", async () => {
  const page = await open();
  await setSource(page, "e = exp(1)\n");
  await page.select("#digits", "10000");
  await page.click('[data-panel="values"]');
  await page.waitForFunction(() => document.getElementById("values").textContent.startsWith("e = 2.7"), { timeout: 60000 });
  const shown = (await page.$eval("#values", (e) => e.textContent)).trim().slice("e = ".length);
  const digits = shown.replace(".", "");
  assert.equal(digits.length, 10000);
  // All but the last, which is rounded, are e's own; the last is the rounding of the rest.
  const exact = eDigits(10000);
  assert.equal(digits.slice(0, 9999), exact.slice(0, 9999));
  await page.close();
});

test("a long run can be cancelled, and the page goes on working", async () => {
  const page = await open();
  // 100000 steps of gradient descent at 1000 digits: minutes of work, far past the cancel.
  await page.select("#digits", "1000");
  await page.click('[data-panel="train"]');
  await page.$eval('#train-form [name="steps"]', (e) => (e.value = "100000"));
  await page.click("#train-form button[type=submit]");
  await page.waitForFunction(() => document.getElementById("status").textContent === "training…");
  // The page still answers while the worker computes.
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  await page.click("#cancel");
  await page.waitForFunction(() => document.getElementById("status").textContent === "cancelled");
  await page.select("#digits", "50");
  await checkAgain(page);
  const expected = command(["check"], "tutorial_a.chain", join(root, "examples/derivations/tutorial_a.chain"));
  assert.equal(await tableText(page), expected);
  await page.close();
});

test("the network form writes what `chainrule network` writes, and checks it", async () => {
  const page = await open();
  await page.select("#example", "network");
  await page.waitForSelector("#network-dialog[open]");
  await page.$eval('#network-form [name="shape"]', (e) => (e.value = "2-3-1"));
  await page.click('#network-form button[value="write"]');
  await page.waitForFunction(() => document.body.dataset.checked === "2", { timeout: 30000 });
  const written = await page.evaluate(() => window.chainrulePage.source());
  const expected = execFileSync(chainrule, ["network", "2-3-1", "--activation", "sigmoid", "--loss", "half-sse",
    "--bias", "per-neuron", "--lr", "0.5"]).toString();
  assert.equal(written, expected);
  assert.equal(await page.evaluate(() => window.chainrulePage.fileName()), "network-2-3-1.chain");
  await page.close();
});

test("train plots the loss and ends where `chainrule train` ends", async () => {
  const page = await open();
  await page.click('[data-panel="train"]');
  await page.$eval('#train-form [name="steps"]', (e) => (e.value = "50"));
  await page.click("#train-form button[type=submit]");
  await page.waitForSelector("#train-plot svg polyline", { timeout: 60000 });
  const points = await page.$eval("#train-plot polyline", (p) => p.getAttribute("points").split(" ").length);
  assert.equal(points, 51, "steps 0 to 50");
  const dir = mkdtempSync(join(tmpdir(), "chainrule-web-"));
  copyFileSync(join(root, "examples/derivations/tutorial_a.chain"), join(dir, "tutorial_a.chain"));
  const native = JSON.parse(execFileSync(chainrule, ["train", "tutorial_a.chain", "--loss", "E", "--wrt", "w*",
    "--lr", "0.5", "--steps", "50", "--json"], { cwd: dir }).toString());
  const last = native.history[native.history.length - 1];
  const text = await page.$eval("#train-text", (e) => e.textContent);
  assert.ok(text.startsWith(`E after 50 steps: ${last.loss}`), text.slice(0, 120));
  await page.close();
});
