// The CSR grouping (counting sort by key).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "sim/core/csr.hpp"
#include "sim/core/error.hpp"

namespace floodevac::csr {
namespace {

TEST(Csr, GroupsByKeyStablyWithOffsets) {
  const std::vector<std::uint32_t> key = {2, 0, 2, 1, 0, 2};
  const auto g = group_by_key(key.size(), 4, [&](std::size_t i) { return key[i]; });
  EXPECT_EQ(g.first, (std::vector<std::uint32_t>{0, 2, 3, 6, 6}));
  EXPECT_EQ(g.items, (std::vector<std::uint32_t>{1, 4, 3, 0, 2, 5}));
  EXPECT_EQ(g.group_count(), 4u);
  EXPECT_EQ(std::vector<std::uint32_t>(g.group(2).begin(), g.group(2).end()),
            (std::vector<std::uint32_t>{0, 2, 5}));
  EXPECT_TRUE(g.group(3).empty());
  EXPECT_NO_THROW(g.validate());
}

TEST(Csr, ItemsWithoutGroupAreLeftOut) {
  const std::vector<std::int32_t> unit = {-1, 1, -1, 0, 1};
  const auto g = group_by_key(unit.size(), 2, [&](std::size_t i) {
    return unit[i] >= 0 ? static_cast<std::size_t>(unit[i]) : kNoGroup;
  });
  EXPECT_EQ(g.first, (std::vector<std::uint32_t>{0, 1, 3}));
  EXPECT_EQ(g.items, (std::vector<std::uint32_t>{3, 1, 4}));
  const auto empty = group_by_key(0, 3, [](std::size_t) { return 0; });
  EXPECT_EQ(empty.first, (std::vector<std::uint32_t>{0, 0, 0, 0}));
  EXPECT_TRUE(empty.items.empty());
  const auto no_keys = group_by_key(3, 0, [](std::size_t) { return 0; });
  EXPECT_EQ(no_keys.first, (std::vector<std::uint32_t>{0}));
  EXPECT_TRUE(no_keys.items.empty());
}

TEST(Csr, MatchesAStableSortOnRandomKeys) {
  std::mt19937_64 rng(11);
  for (int rep = 0; rep < 30; ++rep) {
    const std::size_t n = rng() % 500, keys = 1 + rng() % 40;
    std::vector<std::size_t> key(n);
    for (auto& k : key) k = rng() % keys;
    const auto g = group_by_key<std::uint64_t>(n, keys, [&](std::size_t i) { return key[i]; });
    std::vector<std::uint64_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint64_t a, std::uint64_t b) { return key[a] < key[b]; });
    ASSERT_EQ(g.items, order);
    for (std::size_t k = 0; k < keys; ++k)
      EXPECT_EQ(g.first[k + 1] - g.first[k],
                static_cast<std::uint64_t>(std::count(key.begin(), key.end(), k)));
    g.validate();
  }
}

TEST(Csr, ValidateNamesBrokenInvariants) {
  Groups<std::uint32_t> g;
  EXPECT_THROW(g.validate(), InvariantError);  // no offsets
  g.first = {0, 2, 1};
  g.items = {0};
  EXPECT_THROW(g.validate(), InvariantError);  // decreasing
  g.first = {0, 2, 3};
  g.items = {1, 0, 2};
  EXPECT_THROW(g.validate(), InvariantError);  // group 0 not ascending
  g.first = {1, 3};
  g.items = {0, 1, 2};
  EXPECT_THROW(g.validate(), InvariantError);  // first[0] != 0
  g.first = {0, 2};
  EXPECT_THROW(g.validate(), InvariantError);  // last offset != items
  g.first = {0, 3};
  EXPECT_NO_THROW(g.validate());
}

}  // namespace
}  // namespace floodevac::csr
