#pragma once
// Items grouped by an integer key in compressed sparse row (CSR) form: the
// offsets / items layout of RoutingKit's first_out and head arrays, built by a
// counting sort (Knuth, TAOCP vol. 3, section 5.2, "distribution counting").
//
// Invariants of the Groups built by group_by_key(n, keys, key_of) (checked by
// validate()):
//  - first has keys + 1 entries, first[0] == 0, first[keys] == items.size(),
//    non-decreasing;
//  - items[first[k]] .. items[first[k+1]-1] are the items i in 0..n-1 with
//    key_of(i) == k, in ascending order (the sort is stable);
//  - an item whose key is kNoGroup (or any value >= keys) is in no group; every
//    other item is in exactly one.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace floodevac::csr {

/// Key of an item that belongs to no group.
inline constexpr std::size_t kNoGroup = std::numeric_limits<std::size_t>::max();

template <class Index = std::uint32_t>
struct Groups {
  std::vector<Index> first;  // group_count() + 1 offsets into items
  std::vector<Index> items;  // item ids grouped by key, ascending inside a group

  std::size_t group_count() const { return first.empty() ? 0 : first.size() - 1; }
  std::span<const Index> group(std::size_t k) const {
    return {items.data() + first[k], items.data() + first[k + 1]};
  }
  /// Throws InvariantError naming the first broken invariant (O(keys + items)).
  void validate() const {
    auto fail = [](const std::string& what) { throw InvariantError("csr groups: " + what); };
    if (first.empty()) fail("first must have keys + 1 entries");
    if (first.front() != 0) fail("first[0] must be 0");
    if (first.back() != items.size()) fail("first.back() must equal the number of items");
    for (std::size_t k = 0; k + 1 < first.size(); ++k)
      if (first[k + 1] < first[k]) fail("first must be non-decreasing");
    for (std::size_t k = 0; k + 1 < first.size(); ++k)
      for (Index p = first[k] + 1; p < first[k + 1]; ++p)
        if (!(items[p - 1] < items[p]))
          fail("items of group " + std::to_string(k) + " must ascend");
  }
};

/// Groups the items 0..n-1 by key_of(i) (an integer in 0..keys-1, or kNoGroup)
/// in two passes over the items: O(n + keys), stable.
template <class Index = std::uint32_t, class KeyOf>
Groups<Index> group_by_key(std::size_t n, std::size_t keys, KeyOf key_of) {
  if (n >= static_cast<std::size_t>(std::numeric_limits<Index>::max()))
    throw InvariantError("csr groups: " + std::to_string(n) + " items do not fit the index type");
  Groups<Index> g;
  g.first.assign(keys + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(key_of(i));
    if (k < keys) ++g.first[k + 1];
  }
  for (std::size_t k = 0; k < keys; ++k) g.first[k + 1] += g.first[k];
  g.items.resize(g.first[keys]);
  std::vector<Index> fill(g.first.begin(), g.first.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(key_of(i));
    if (k < keys) g.items[fill[k]++] = static_cast<Index>(i);
  }
  return g;
}

}  // namespace floodevac::csr
