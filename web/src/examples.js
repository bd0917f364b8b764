// The examples menu: both seed tutorials as the repository keeps them (examples/derivations/),
// bundled as text, and a blank template.
import tutorialA from "../../examples/derivations/tutorial_a.chain";
import tutorialB from "../../examples/derivations/tutorial_b.chain";

export const examples = {
  "tutorial-a": { file: "tutorial_a.chain", text: tutorialA },
  "tutorial-b": { file: "tutorial_b.chain", text: tutorialB },
};

export const blankTemplate = `# A derivation file: leaves, definitions, and the numbers to check.
# '#' starts a comment; see the format in docs/derivation-files.md.
x = 0.5
w = 0.8
b = 0.1
y = sigmoid(w*x + b)
E = 1/2 * (1 - y)^2
check y = 0.622459
check dE/dw = -0.0444
`;
