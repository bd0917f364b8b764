"""An independent oracle for derivation files: exact and high-precision values.

It builds the graph the contract describes (docs/derivation-files.md, and the choices
of docs/derivation-files.md) from the generator's syntax trees, not from chainrule's code:
one node per named quantity, an alias is a node of its own, a name-free expression is one
constant, a substitution copies the nodes between the replaced ones and its base that
depend on them, and d(A)/d(B) is the derivative of A with B's node made a free variable.

Values are exact fractions.Fraction wherever the arithmetic is rational (+ - * /, integer
powers, abs, relu, and the functions at the points where they are rational: exp(0),
sigmoid(0), ...), else mpmath numbers at PRECISION digits (over 3x chainrule's 60 working
digits). Derivatives are SymPy's symbolic derivatives of the graph between B and A,
evaluated exactly when everything is rational and with SymPy/mpmath at PRECISION digits
otherwise. Nothing here calls chainrule.

Syntax trees are tuples:
  ("num", "0.125")           a literal, as written
  ("name", "L")
  ("neg", x)
  ("bin", op, l, r)          op in + - * / ^
  ("call", f, x)             f in exp log sqrt sigmoid tanh relu abs sin cos
  ("der", of, wrt, form)     of: a name, or a ("der", ...) for a second derivative;
                             form: how it is written (see render)
  ("sub", base, [(name, expr), ...])
"""

from decimal import Decimal
from fractions import Fraction

import mpmath
import sympy

PRECISION = 600  # significant decimal digits of every inexact value (cancellation eats hundreds: tanh(200) - tanh(200)^2.5 is 5.7e-174)
mpmath.mp.dps = PRECISION


class DomainError(Exception):
    """The file makes chainrule report an error: log of 0, a division by 0, ..."""


# ---- values: Fraction when exact, mpmath.mpf otherwise ------------------------------------


def is_exact(v):
    return isinstance(v, Fraction)


def to_mpf(v):
    return mpmath.mpf(v.numerator) / v.denominator if is_exact(v) else v


def literal(text):
    return Fraction(Decimal(text))


def _power(a, b, constant_exponent):
    if constant_exponent:
        if a < 0 and not (is_exact(b) and b.denominator == 1):
            raise DomainError("negative base with a non-integer exponent")
        if a == 0 and b <= 0:
            raise DomainError("0 to a non-positive power")
    elif a <= 0:
        raise DomainError("a^b with a name in b needs a > 0")
    if is_exact(a) and is_exact(b) and b.denominator == 1 and abs(b) <= 64:
        if a == 0:
            return Fraction(0)
        return a ** int(b)
    if a == 0:
        return Fraction(0)
    return mpmath.power(to_mpf(a), to_mpf(b))


def _sqrt(a):
    if a < 0:
        raise DomainError("sqrt of a negative number")
    if a == 0:
        raise DomainError("sqrt at 0: its derivative is infinite")
    if is_exact(a):
        n, d = mpmath.sqrt(a.numerator), mpmath.sqrt(a.denominator)
        if int(n) ** 2 == a.numerator and int(d) ** 2 == a.denominator:
            return Fraction(int(n), int(d))
    return mpmath.sqrt(to_mpf(a))


def _log(a):
    if a <= 0:
        raise DomainError("log of a non-positive number")
    return Fraction(0) if a == 1 else mpmath.log(to_mpf(a))


MAX_EXACT_BITS = 4000  # a longer fraction is carried as an mpmath number instead


def apply_op(op, args, constant_exponent=False):
    v = _apply_op(op, args, constant_exponent)
    if is_exact(v) and max(v.numerator.bit_length(), v.denominator.bit_length()) > MAX_EXACT_BITS:
        return to_mpf(v)
    return v


def _apply_op(op, args, constant_exponent):
    a = args[0]
    b = args[1] if len(args) > 1 else None
    if op == "+":
        return a + b if is_exact(a) and is_exact(b) else to_mpf(a) + to_mpf(b)
    if op == "-":
        return a - b if is_exact(a) and is_exact(b) else to_mpf(a) - to_mpf(b)
    if op == "*":
        return a * b if is_exact(a) and is_exact(b) else to_mpf(a) * to_mpf(b)
    if op == "/":
        if b == 0:
            raise DomainError("division by 0")
        return a / b if is_exact(a) and is_exact(b) else to_mpf(a) / to_mpf(b)
    if op == "^":
        return _power(a, b, constant_exponent)
    if op == "neg" or op == "copy":
        return -a if op == "neg" else a
    if op == "abs":
        return abs(a)
    if op == "relu":
        return a if a > 0 else Fraction(0)
    if op == "sqrt":
        return _sqrt(a)
    if op == "log":
        return _log(a)
    if a == 0 and op in ("exp", "sigmoid", "tanh", "sin", "cos"):
        exact = {"exp": 1, "sigmoid": Fraction(1, 2), "tanh": 0, "sin": 0, "cos": 1}
        return Fraction(exact[op])
    x = to_mpf(a)
    if abs(x) > 10 ** 4:  # exp overflows double-sized files; sin needs huge reductions
        raise DomainError("an argument too large for this oracle: %s(%s)" % (op, mpmath.nstr(x, 5)))
    functions = {"exp": mpmath.exp, "tanh": mpmath.tanh, "sin": mpmath.sin, "cos": mpmath.cos,
                 "sigmoid": lambda t: 1 / (1 + mpmath.exp(-t)),
                 "softplus": lambda t: mpmath.log(1 + mpmath.exp(t))}
    return functions[op](x)


# ---- symbolic forms, for derivatives --------------------------------------------------------


def _sym_relu(x):
    return sympy.Piecewise((x, x > 0), (0, True))


def _sym_abs(x):
    # Piecewise rather than Abs: abs'(0) = 0 as chainrule defines it, and abs'' = 0.
    return sympy.Piecewise((x, x > 0), (-x, x < 0), (0, True))


SYMBOLIC = {
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "tanh": sympy.tanh,
    "sin": sympy.sin, "cos": sympy.cos, "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
    "relu": _sym_relu, "abs": _sym_abs, "softplus": lambda x: sympy.log(1 + sympy.exp(x)),
}


def to_sympy(v):
    if is_exact(v):
        return sympy.Rational(v.numerator, v.denominator)
    return sympy.Float(mpmath.nstr(v, PRECISION + 5, strip_zeros=False), PRECISION + 5)


def from_sympy(e):
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    value = sympy.N(e, PRECISION)
    if not value.is_real or not value.is_finite:
        raise DomainError("a derivative is not finite: " + str(value)[:40])
    return mpmath.mpf(str(value))


def sym_op(op, args):
    a = args[0]
    b = args[1] if len(args) > 1 else None
    if op in ("+", "-", "*", "/", "^"):
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
                "^": lambda: a ** b}[op]()
    if op == "neg":
        return -a
    if op == "copy":
        return a
    return SYMBOLIC[op](a)


# ---- the graph --------------------------------------------------------------------------------


class Node:
    __slots__ = ("kind", "op", "args", "value", "name", "deps", "constant_exponent")

    def __init__(self, kind, op, args, value, deps, constant_exponent=False):
        self.kind = kind  # "input", "const", "op" or "sens"
        self.op = op  # for "op": + - * / ^ neg copy exp log ...
        self.args = args  # operand node ids; for "sens": [of, wrt]
        self.value = value
        self.name = None
        self.deps = deps  # every node this one depends on, transitively
        self.constant_exponent = constant_exponent


class Graph:
    def __init__(self):
        self.nodes = []
        self.names = {}
        # A substitution that replaces a name defined after its base (the base cannot use
        # it, so it changes nothing).
        self.substitutes_later_name = False
        # A nonzero d(A)/d(x), or a substitution [x := ...], for a name defined by a constant
        # expression (x = 2/3).
        self.uses_constant_name = False
        # d(X)/d(B) through a derivative term d(P)/d(Q) with B between Q and P
        # (M = d(L)/d(a); dM/dL): whether the term's value depends on B's node is up to how
        # its sweep is recorded (sigmoid' as L(1 - L), or from L's input), so the contract
        # does not fix it; the generator leaves such terms out.
        self.ambiguous = False
        # A substitution copies a derivative term so that the copy differentiates through
        # another derivative term (N = L[a := dM/dc] with L using d(a)/d(b)).
        self.copies_derivative_through_term = False

    # -- building --

    def _add(self, kind, op, args, value, constant_exponent=False):
        deps = set()
        for a in args:
            deps |= self.nodes[a].deps
            deps.add(a)
        self.nodes.append(Node(kind, op, list(args), value, frozenset(deps), constant_exponent))
        return len(self.nodes) - 1

    def _is_const(self, n):
        """A name-free expression's constant. A name defined by one (x = 2/3) is a node of its
        own, which expressions using it differentiate through."""
        return self.nodes[n].kind == "const" and self.nodes[n].name is None

    def _apply(self, op, args, constant_exponent=False):
        value = apply_op(op, [self.nodes[a].value for a in args], constant_exponent)
        if all(self._is_const(a) for a in args):
            return self._add("const", None, [], value)  # a name-free expression: one constant
        return self._add("op", op, args, value, constant_exponent)

    def build(self, e):
        kind = e[0]
        if kind == "num":
            return self._add("const", None, [], literal(e[1]))
        if kind == "name":
            return self.names[e[1]]
        if kind == "neg":
            return self._apply("neg", [self.build(e[1])])
        if kind == "bin":
            l, r = self.build(e[2]), self.build(e[3])
            return self._apply(e[1], [l, r], e[1] == "^" and self._is_const(r))
        if kind == "call":
            return self._apply(e[1], [self.build(e[2])])
        if kind == "der":
            of = self.names[e[1]] if isinstance(e[1], str) else self.build(e[1])
            return self.sensitivity(of, self.names[e[2]])
        if kind == "sub":
            root = self.build(e[1])
            replaced = [(self.names[name], self.build(x)) for name, x in e[2]]
            return self.substitute(root, replaced)
        raise ValueError(kind)

    def define(self, name, e):
        """NAME = e; a number, optionally negated, makes an input (a leaf)."""
        if e[0] == "num" or (e[0] == "neg" and e[1][0] == "num"):
            self.build(e)  # as chainrule does: the literal's constant, then the input
            node = self._add("input", None, [], self._literal_value(e))
        else:
            node = self.build(e)
            if self.nodes[node].name is not None:  # an alias gets a node of its own
                node = self._add("op", "copy", [node], self.nodes[node].value)
        self.nodes[node].name = name
        self.names[name] = node

    def _literal_value(self, e):
        return -literal(e[1][1]) if e[0] == "neg" else literal(e[1])

    def sensitivity(self, of, wrt):
        try:
            value = self._sensitivity_value(of, wrt)
        except (TypeError, ValueError, ZeroDivisionError) as e:  # SymPy on infinities
            raise DomainError("a derivative is not finite: " + str(e)[:60]) from e
        if of != wrt and self._constant_valued(wrt) and value != 0:
            self.uses_constant_name = True
        return self._add("sens", None, [of, wrt], value)

    def substitute(self, root, replaced):
        low = min([root] + [f for f, _ in replaced])
        if any(f > root for f, _ in replaced):
            self.substitutes_later_name = True
        mapping = {f: t for f, t in replaced if f <= root}
        if any(self._constant_valued(f) and f in self.nodes[root].deps for f in mapping):
            self.uses_constant_name = True  # chainrule folds such a name into its users
        needed = {root} | {d for d in self.nodes[root].deps if d >= low}
        for i in range(low, root + 1):
            node = self.nodes[i]
            if i not in needed or node.kind in ("input", "const") or i in mapping:
                continue
            args = [mapping.get(a, a) for a in node.args]
            if args == node.args:
                continue
            if node.kind == "sens":
                if self._through_derivative_term(args[0], args[1]):
                    self.copies_derivative_through_term = True
                mapping[i] = self.sensitivity(args[0], args[1])
            else:
                value = apply_op(node.op, [self.nodes[a].value for a in args],
                                 node.constant_exponent)
                mapping[i] = self._add("op", node.op, args, value, node.constant_exponent)
        return mapping.get(root, root)

    def _constant_valued(self, n):
        """A node no input reaches: chainrule folds it (and its users) into constants."""
        node = self.nodes[n]
        return node.kind != "input" and all(self.nodes[d].kind != "input" for d in node.deps)

    def _through_derivative_term(self, of, wrt):
        """Whether d(of)/d(wrt) differentiates through a derivative term."""
        return any(self.nodes[t].kind == "sens" and (t == wrt or wrt in self.nodes[t].deps)
                   for t in self.nodes[of].deps | {of} if t != wrt)

    def has_tiny_value(self):
        """A nonzero value below 1e-40: what cancellation at 60 digits turns into 0."""
        return any(n.value != 0 and abs(to_mpf(n.value)) < mpmath.mpf(10) ** -40
                   for n in self.nodes)

    # -- derivatives --

    def _symbolic(self, n, symbols, memo):
        """Node n as a SymPy expression in the symbols standing for the nodes in `symbols`."""
        if n in symbols:
            return symbols[n]
        node = self.nodes[n]
        if not any(s in node.deps for s in symbols):
            return to_sympy(node.value)
        if n in memo:
            return memo[n]
        if node.kind == "sens":
            of, wrt = node.args
            if any((t == of or t in self.nodes[of].deps) and wrt in self.nodes[t].deps
                   for t in symbols):
                self.ambiguous = True
            result = sympy.Integer(0)
            if wrt <= of:
                inner = sympy.Dummy("d")
                e = self._symbolic(of, {**symbols, wrt: inner}, {})
                result = sympy.diff(e, inner).subs(inner, self._symbolic(wrt, symbols, memo))
        else:
            result = sym_op(node.op, [self._symbolic(a, symbols, memo) for a in node.args])
        memo[n] = result
        return result

    def _sensitivity_value(self, of, wrt):
        if wrt > of or (wrt != of and wrt not in self.nodes[of].deps):
            return Fraction(0)
        x = sympy.Dummy("x", real=True)
        derivative = sympy.diff(self._symbolic(of, {wrt: x}, {}), x)
        return from_sympy(derivative.subs(x, to_sympy(self.nodes[wrt].value)))


def evaluate(statements):
    """Values of every claim: statements are ("def", name, tree) and
    ("check", tree, ...) tuples. Returns (values, graph); raises DomainError."""
    graph = Graph()
    values = []
    for s in statements:
        if s[0] == "def":
            graph.define(s[1], s[2])
        else:
            values.append(graph.nodes[graph.build(s[1])].value)
    return values, graph
