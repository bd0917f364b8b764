// Highlighting for derivation files (docs/derivation-files.md): comments, the `check`
// keywords (`check`, a data table's `data` and `end`), numbers, derivative terms (dE/dw5,
// d(out_y1)/d(y1)), functions, names, a row (`@2`), `:=`.
import { StreamLanguage } from "@codemirror/language";

const functions =
  /^(exp|log|sqrt|sigmoid|tanh|relu|abs|sin|cos|pow|step|sign|softplus|max|min|logsumexp|softmax|cross_entropy|sum|mean)\b/;

export const derivationLanguage = StreamLanguage.define({
  name: "chainrule",
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return "comment";
    if (stream.match(/^check\b/)) return "keyword";
    if (stream.sol() && stream.match(/^(data\b(?=\s+[A-Za-z_])|end\b\s*$)/)) return "keyword";
    if (stream.match(/^@\d+/)) return "modifier";
    if (stream.match(/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/)) return "number";
    if (stream.match(/^d(\([^()]*\)|[A-Za-z_][A-Za-z0-9_]*)\/d(\([^()]*\)|[A-Za-z_][A-Za-z0-9_]*)/)) return "atom";
    if (stream.match(functions)) return "builtin";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) return "variableName";
    if (stream.match(/^:=/)) return "operator";
    stream.next();
    return "operator";
  },
  languageData: { commentTokens: { line: "#" } },
});
