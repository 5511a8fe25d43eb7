#pragma once
// Sensitivity of a sweep's headline numbers to its parameters: Spearman's rank
// correlation (Spearman 1904): Pearson's correlation of the ranks, ties given
// their average rank. Robust to monotone but non-linear responses, which a
// one-at-a-time chart would show only along one axis.
#include <optional>
#include <vector>

namespace floodevac::app::sweep {

/// Ranks 1..n, ties the mean of the ranks they span.
std::vector<double> average_ranks(const std::vector<double>& x);

/// Spearman's rho of paired samples; nullopt with fewer than 3 pairs or when
/// either side is constant.
std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace floodevac::app::sweep
