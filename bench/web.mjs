// The page's figures (bench/README.md, "The page"): time from navigation to tutorial A's first
// verdict table in headless Chromium, and `check` of tutorial A inside the page (the worker's
// round trip included). node bench/web.mjs URL, with puppeteer-core from web/node_modules.
import { createRequire } from "node:module";
const require = createRequire(new URL("../web/package.json", import.meta.url));
const puppeteer = require("puppeteer-core");

const url = process.argv[2];
const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless=new"] });
const firsts = [];
for (let round = 0; round < 5; round++) {
  const context = await browser.createBrowserContext();  // a fresh cache each round: a first visit
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.firstTableMs, { timeout: 60000 });
  firsts.push(Number(await page.evaluate(() => document.body.dataset.firstTableMs)));
  const { scriptMs, moduleReadyMs, firstTableMs } = await page.evaluate(() => ({ ...document.body.dataset }));
  console.log(`load ${round + 1}: main.js running at ${scriptMs} ms, module ready at ${moduleReadyMs} ms, first table at ${firstTableMs} ms`);
  if (round === 4) {
    const checks = await page.evaluate(async () => {
      const p = window.chainrulePage;
      const times = [];
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        await p.engine.run(["check", p.fileName(), "--digits", "50"], p.files());
        times.push(performance.now() - t);
      }
      return times;
    });
    checks.sort((a, b) => a - b);
    console.log(`check of tutorial A in the page: median ${checks[15].toFixed(1)} ms, min ${checks[0].toFixed(1)} ms (30 runs)`);
  }
  await context.close();
}
firsts.sort((a, b) => a - b);
console.log(`navigation to tutorial A's first verdict table: median ${firsts[2]} ms, min ${firsts[0]} ms, max ${firsts[4]} ms (5 fresh loads)`);
await browser.close();
