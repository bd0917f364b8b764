// The tape's storage: per node its op, its two operand slots and its value, as three parallel
// arrays with one length and one capacity.
//
// Written here rather than taken as three std::vectors because appending a node is nearly the
// whole cost of building a graph. Three push_backs test three capacities and keep three end
// pointers in memory, which the compiler must reload and store around every node; one length
// and one test leave the loop in registers. On bench/'s workload (292,275 nodes of + and ·)
// building the graph took 0.85 ms with three vectors and 0.44 ms with this layout
// (bench/README.md, "Issue 12, fourth pass").
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>
#include <utility>

#include "engine/op.hpp"

namespace chainrule::engine {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();

namespace detail {

// Room for `n` objects of type U from std::allocator, given back (not destroyed) when released.
template <class U>
struct GiveBack {
  std::size_t n = 0;
  void operator()(U* p) const { std::allocator<U>().deallocate(p, n); }
};
template <class U>
using Room = std::unique_ptr<U[], GiveBack<U>>;
template <class U>
Room<U> allocate_room(std::size_t n) {
  return Room<U>(std::allocator<U>().allocate(n), GiveBack<U>{n});
}

// Which list of nodes a tape holds, as a number no other list has had in this process: new for
// new arrays, a copy and the two sides of a move, and when a node appended after clear() is not
// the one the list had there before (NodeArrays::append); appending nodes keeps it, since the
// nodes already there never change. A sweep that saw the same number and the same seed before
// knows which nodes the seed reaches (engine/sweep_choice_impl.hpp).
class ShapeId {
 public:
  ShapeId() = default;
  ShapeId(const ShapeId&) {}
  ShapeId(ShapeId&& other) noexcept { other.renew(); }
  ShapeId& operator=(const ShapeId&) {
    renew();
    return *this;
  }
  ShapeId& operator=(ShapeId&& other) noexcept {
    renew();
    other.renew();
    return *this;
  }
  ~ShapeId() = default;
  void renew() { value_ = next(); }
  std::uint64_t value() const { return value_; }

 private:
  static std::uint64_t next() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
  }
  std::uint64_t value_ = next();
};

// After clear() the ops and operands of the list before are still in the arrays. While the
// nodes appended again are those, in the same order, the list keeps its ShapeId: a graph
// rebuilt into a cleared tape at new values, as a training loop does every step, is swept by
// the plan made for it the first time instead of being found out again (engine/sweep_plan.hpp).
// Comparing costs a load and a test per node, against about 27 instructions a node for a
// sweep that marks.
template <class T>
class NodeArrays {
  // Growing moves the values into new room; a move that could throw would lose nodes.
  static_assert(std::is_nothrow_move_constructible_v<T>);

 public:
  using OperandPair = std::array<NodeIndex, 2>;

  NodeArrays() = default;
  NodeArrays(const NodeArrays& other) : shape_(other.shape_) {
    reserve(other.size_);
    std::copy_n(other.ops_.get(), other.size_, ops_.get());
    std::copy_n(other.operands_.get(), other.size_, operands_.get());
    std::uninitialized_copy_n(other.values_.get(), other.size_, values_.get());
    size_ = other.size_;
  }
  NodeArrays(NodeArrays&& other) noexcept : shape_(std::move(other.shape_)) { swap_storage(other); }
  NodeArrays& operator=(const NodeArrays& other) {
    if (this != &other) {
      NodeArrays copy(other);
      swap_storage(copy);
      shape_ = other.shape_;
    }
    return *this;
  }
  NodeArrays& operator=(NodeArrays&& other) noexcept {
    NodeArrays moved(std::move(other));
    swap_storage(moved);
    shape_ = std::move(moved.shape_);
    return *this;
  }
  ~NodeArrays() { std::destroy_n(values_.get(), size_); }

  std::size_t size() const { return size_; }
  std::uint64_t shape_id() const { return shape_.value(); }

  // Appends a node holding `value` (taken by value: a reference into the arrays would not
  // survive their growth); returns its index.
  NodeIndex append(Op op, NodeIndex a, NodeIndex b, T value) {
    if (size_ == capacity_) [[unlikely]]
      grow();
    // The same node as before is left as it is: its cache lines stay clean.
    if (size_ >= previous_ || ops_[size_] != op || operands_[size_][0] != a ||
        operands_[size_][1] != b) {
      if (size_ < previous_) change_shape();
      ops_[size_] = op;
      operands_[size_] = {a, b};
    }
    std::construct_at(values_.get() + size_, std::move(value));
    return static_cast<NodeIndex>(size_++);
  }

  void reserve(std::size_t nodes) {
    if (nodes > capacity_) reallocate(nodes);
  }
  // Forgets every node and keeps the capacity (and, for append(), the list's ops and operands).
  void clear() {
    std::destroy_n(values_.get(), size_);
    previous_ = std::max(previous_, size_);
    size_ = 0;
  }
  // The next node is another than the list's at its index before clear() even if its op and
  // operands are the same: a Dot node, whose operand list lies outside these arrays, or a
  // derivative node, whose recording does.
  void next_node_differs() {
    if (size_ < previous_) change_shape();
  }

  Op op(NodeIndex i) const { return ops_[i]; }
  const OperandPair& operand_pair(NodeIndex i) const { return operands_[i]; }
  T& value(NodeIndex i) { return values_[i]; }
  const T& value(NodeIndex i) const { return values_[i]; }
  // The arrays themselves, for the loops that keep them in registers.
  const Op* op_data() const { return ops_.get(); }
  const OperandPair* operand_data() const { return operands_.get(); }
  T* value_data() { return values_.get(); }
  const T* value_data() const { return values_.get(); }

 private:
  void swap_storage(NodeArrays& other) noexcept {
    std::swap(ops_, other.ops_);
    std::swap(operands_, other.operands_);
    std::swap(values_, other.values_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    std::swap(previous_, other.previous_);
  }
  [[gnu::noinline]] void change_shape() {
    previous_ = 0;
    shape_.renew();
  }
  [[gnu::noinline]] void grow() { reallocate(std::max<std::size_t>(64, 2 * capacity_)); }
  // One array after the other, each released before the next is allocated, as three vectors
  // would grow: glibc then reuses the freed blocks of a tape built anew each time instead of
  // mapping fresh pages (allocating all three first doubled bench/'s build + sweep time in page
  // faults). If an allocation throws, the arrays grown so far are merely larger than capacity_.
  void reallocate(std::size_t capacity) {
    const std::size_t kept = std::max(size_, previous_);  // what append() compares with
    auto ops = allocate_room<Op>(capacity);
    std::copy_n(ops_.get(), kept, ops.get());
    ops_ = std::move(ops);
    auto operands = allocate_room<OperandPair>(capacity);
    std::copy_n(operands_.get(), kept, operands.get());
    operands_ = std::move(operands);
    auto values = allocate_room<T>(capacity);
    std::uninitialized_move_n(values_.get(), size_, values.get());
    std::destroy_n(values_.get(), size_);
    values_ = std::move(values);
    capacity_ = capacity;
  }

  Room<Op> ops_;
  Room<OperandPair> operands_;
  Room<T> values_;
  std::size_t size_ = 0, capacity_ = 0;
  std::size_t previous_ = 0;  // nodes of the list before clear() that append() compares with
  ShapeId shape_;
};

}  // namespace detail
}  // namespace chainrule::engine
