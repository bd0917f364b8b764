// engine/reverse_sweep.hpp: the one reverse sweep, over an algebra the test brings (path
// counts, where every partial is 1 and the adjoint of a node is the number of ways the seed
// reaches it), and `dependents`, the one "depends on the seeds" pass, with both meanings of a
// derivative node that has no recorded sweep.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "engine/recorded_sweep.hpp"
#include "engine/reverse_sweep.hpp"
#include "engine/tape.hpp"

using namespace chainrule::engine;

namespace {

// The chain rule with every local partial 1: adjoint(n) = the number of paths from `of` to n,
// each operand slot its own edge (x·x reaches x twice).
struct PathCounts {
  const Tape<double>& tape;
  std::vector<std::uint64_t> count;
  std::vector<NodeIndex> settled;  // the order the sweep settles nodes in

  bool settle(NodeIndex i) {
    settled.push_back(i);
    return count[i] != 0;
  }
  bool stops_at(NodeIndex) const { return false; }
  bool propagate_inline(NodeIndex) const { return false; }
  bool unrecorded(NodeIndex) const { return false; }
  bool receives(NodeIndex) const { return true; }
  int partial(NodeIndex, std::size_t) const { return 1; }
  bool is_zero(int partial) const { return partial == 0; }
  void pass_whole(NodeIndex i, NodeIndex recording) { count[recording] += count[i]; }
  void pass(NodeIndex i, NodeIndex to, int partial) {
    count[to] += count[i] * static_cast<std::uint64_t>(partial);
  }
};

}  // namespace

TEST_CASE("the generic sweep over path counts: every way from the seed, each node settled once") {
  Tape<double> t;
  const NodeIndex x = t.input(0.5);
  const NodeIndex a = t.apply(Op::Multiply, x, x);  // x twice: 2 edges
  const NodeIndex b = t.apply(Op::Add, a, x);
  const NodeIndex c = t.apply(Op::Multiply, b, a);
  const NodeIndex k = t.apply(Op::PowerConstant, c, t.constant(3.0));  // c^3: c only
  PathCounts counts{t, std::vector<std::uint64_t>(t.size(), 0), {}};
  counts.count[k] = 1;
  REQUIRE(reverse_sweep(t, k, 0, counts));
  // k→c once. c→b→a→x: 2; c→b→x: 1; c→a→x: 2 — so x is reached 5 ways, a 2 ways (via b and
  // directly), b once; the exponent 3 is a constant operand, not differentiated: 0 ways.
  CHECK(counts.count[c] == 1);
  CHECK(counts.count[b] == 1);
  CHECK(counts.count[a] == 2);
  CHECK(counts.count[x] == 5);
  CHECK(counts.count[k - 1] == 0);  // the constant 3
  // From the top down, every node once: a node is settled after all its consumers.
  const std::vector<NodeIndex> expected{k, k - 1, c, b, a, x};
  CHECK(counts.settled == expected);
}

TEST_CASE("the generic sweep stops at `lowest`: nodes below only receive") {
  Tape<double> t;
  const NodeIndex x = t.input(2.0);
  const NodeIndex a = t.apply(Op::Sin, x);
  const NodeIndex b = t.apply(Op::Exp, a);
  PathCounts counts{t, std::vector<std::uint64_t>(t.size(), 0), {}};
  counts.count[b] = 1;
  REQUIRE(reverse_sweep(t, b, b, counts));  // only b passes
  CHECK(counts.count[a] == 1);
  CHECK(counts.count[x] == 0);
}

TEST_CASE("dependents: a derivative node without a recorded sweep, both meanings") {
  Tape<double> t;
  const NodeIndex x = t.input(3.0);
  const NodeIndex w = t.input(4.0);
  const NodeIndex y = t.apply(Op::Multiply, x, x);
  const NodeIndex d = t.derivative(y, x);  // dy/dx = 2x, not recorded
  const NodeIndex z = t.apply(Op::Multiply, d, w);
  const NodeIndex seeds[] = {x};
  const auto through = dependents(t, x, z, std::span<const NodeIndex>(seeds));
  const auto around = dependents(t, x, z, std::span<const NodeIndex>(seeds), Unrecorded::OnNothing);
  // x itself, y = x·x, and w (made after x) depends on nothing.
  CHECK(through[x - x] == 1);
  CHECK(through[w - x] == 0);
  CHECK(through[y - x] == 1);
  CHECK(around[y - x] == 1);
  // d = dy/dx depends on x through its operands (2x), so a sweep through it must refuse ...
  CHECK(through[d - x] == 1);
  CHECK(through[z - x] == 1);
  // ... while chain-rule paths do not go through it at all.
  CHECK(around[d - x] == 0);
  CHECK(around[z - x] == 0);
  // The recorded algebra meets d unrecorded and refuses: the generic sweep returned false.
  const NodeIndex wrts[] = {x};
  CHECK_FALSE(record_adjoints(t, z, std::span<const NodeIndex>(wrts)).has_value());
}

TEST_CASE("dependents: a recorded derivative node depends on what its recording does") {
  Tape<double> t;
  const NodeIndex x = t.input(3.0);
  const NodeIndex w = t.input(4.0);
  const NodeIndex y = t.apply(Op::Multiply, x, w);
  const auto dydw = record_derivative(t, y, w);  // = x: its recording reads x, not w
  REQUIRE(dydw.has_value());
  const NodeIndex seeds[] = {x};
  const auto towards = dependents(t, x, *dydw, std::span<const NodeIndex>(seeds));
  CHECK(towards[*dydw - x] == 1);
  const NodeIndex on_w[] = {w};
  const auto towards_w = dependents(t, w, *dydw, std::span<const NodeIndex>(on_w));
  CHECK(towards_w[*dydw - w] == 0);  // d(x·w)/dw = x does not depend on w
  CHECK(t.value(*dydw) == 3.0);
}
