// `train`: gradient descent on the file's leaves, the loss against the step drawn, and the
// trained leaves' final values.
import { lossPlot } from "./plot.js";

export async function showTraining(page, form) {
  const args = ["train", page.fileName(), "--loss", form.get("loss"), "--wrt", form.get("wrt"), "--lr", form.get("lr"),
    "--steps", form.get("steps"), "--digits", page.digits(), "--json"];
  page.setStatus("training…", true);
  const started = performance.now();
  const answer = await page.engine.run(args, page.files());
  const plot = document.getElementById("train-plot");
  const text = document.getElementById("train-text");
  if (answer.status !== 0) {
    plot.replaceChildren();
    text.textContent = answer.stderr;
    page.setStatus("ready");
    return;
  }
  const result = JSON.parse(answer.stdout);
  plot.innerHTML = lossPlot(result.history);
  const last = result.history[result.history.length - 1];
  const trained = new Set(result.trained ?? []);
  const values = result.values.filter((v) => trained.size === 0 || trained.has(v.name));
  text.textContent = `${result.loss} after ${last.step} step${last.step === 1 ? "" : "s"}: ${last.loss}\n\n` +
    values.map((v) => `${v.name} = ${v.value}`).join("\n");
  page.setStatus(`trained in ${Math.round(performance.now() - started)} ms`);
}
