#pragma once
// Internal: small text helpers of the vector readers (attribute values, CSV
// cells, messages). Not part of the public API.
#include <optional>
#include <string>
#include <string_view>

namespace floodevac::gis::detail {

/// Trims ASCII blanks.
std::string_view trim(std::string_view s);
/// Strict number: the whole (trimmed) text must be a finite number.
std::optional<double> parse_double(std::string_view s);
/// Lower-case ASCII copy.
std::string lower(std::string_view s);
/// A distance or value with one decimal ("12.5"), for messages and reports.
std::string fixed1(double v);

}  // namespace floodevac::gis::detail
