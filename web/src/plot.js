// The loss of `train` against the step, as an SVG line (log scale when the loss spans more
// than two decades, as the command's own gnuplot pictures do).
export function lossPlot(history, width = 560, height = 240) {
  const steps = history.map((h) => h.step);
  const losses = history.map((h) => Number(h.loss));
  const positive = losses.every((l) => l > 0);
  const logScale = positive && Math.max(...losses) / Math.min(...losses) > 100;
  const y = logScale ? losses.map(Math.log10) : losses;
  const [x0, x1] = [Math.min(...steps), Math.max(...steps) || 1];
  let [y0, y1] = [Math.min(...y), Math.max(...y)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = { left: 64, right: 12, top: 12, bottom: 32 };
  const px = (s) => pad.left + ((s - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const py = (v) => height - pad.bottom - ((v - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const points = steps.map((s, i) => `${px(s).toFixed(1)},${py(y[i]).toFixed(1)}`).join(" ");
  const label = (v) => (logScale ? `1e${v.toFixed(1)}` : v.toPrecision(4));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img"
    aria-label="loss against step, from ${losses[0]} to ${losses[losses.length - 1]}">
  <line class="axis" x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}"/>
  <line class="axis" x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}"/>
  <text x="${pad.left - 6}" y="${py(y1) + 4}" text-anchor="end">${label(y1)}</text>
  <text x="${pad.left - 6}" y="${py(y0) + 4}" text-anchor="end">${label(y0)}</text>
  <text x="${pad.left}" y="${height - 10}">${x0}</text>
  <text x="${width - pad.right}" y="${height - 10}" text-anchor="end">step ${x1}</text>
  <polyline class="loss" fill="none" points="${points}"/>
</svg>`;
}
