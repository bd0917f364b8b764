// The page's module as a command: node --no-experimental-fetch test/cli.cjs ARGS... runs
// chainrule_run with the texts of the files ARGS name (and standard input for "-"), prints
// what it answered and exits with its status, so that scripts/golden.py can compare the
// module with the native command line for line (scripts/web_golden.sh).
const fs = require("fs");
const path = require("path");
const create = require(process.env.CHAINRULE_MODULE || path.join(__dirname, "../../build-web/site/chainrule.js"));

const args = process.argv.slice(2);
const files = {};
for (const arg of args) {
  if (arg === "-") files[arg] = fs.readFileSync(0, "utf8");
  else if (fs.existsSync(arg) && fs.statSync(arg).isFile()) files[arg] = fs.readFileSync(arg, "utf8");  // the page holds text, never bytes
}
create().then((module) => {
  const request = JSON.stringify({ arguments: args, files });
  const answer = JSON.parse(module.ccall("chainrule_run", "string", ["string"], [request]));
  // The module writes the terminal's colours for the page (CLICOLOR_FORCE); a pipe gets none.
  process.stdout.write(answer.stdout.replace(/\x1b\[[0-9]+m/g, ""));
  process.stderr.write(answer.stderr);
  process.exitCode = answer.status;
});
