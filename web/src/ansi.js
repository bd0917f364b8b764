// The command's colours (tools/terminal.hpp: green, yellow, red, magenta, dim) turned into
// spans the page's style sheet colours, so the table is the terminal's, column for column.
const classes = { 32: "green", 33: "yellow", 31: "red", 35: "magenta", 2: "dim" };

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Only the codes the command writes: ESC[Nm opens a colour, ESC[0m closes it.
export function ansiToHtml(text) {
  let html = "";
  let open = false;
  for (const part of text.split(/(\x1b\[[0-9]+m)/)) {
    const code = /^\x1b\[([0-9]+)m$/.exec(part);
    if (!code) {
      html += escape(part);
    } else if (code[1] === "0") {
      if (open) html += "</span>";
      open = false;
    } else {
      if (open) html += "</span>";
      html += `<span class="${classes[code[1]] ?? ""}">`;
      open = true;
    }
  }
  return open ? html + "</span>" : html;
}

export function stripAnsi(text) {
  return text.replace(/\x1b\[[0-9]+m/g, "");
}
