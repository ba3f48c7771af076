// Files built into the binary at compile time (migrations/*.sql, data/*): returned by their path
// relative to the source root. The views point at static storage; any thread.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace samman::embedded {

std::optional<std::string_view> Find(std::string_view path);
const std::vector<std::pair<std::string_view, std::string_view>>& All();

}  // namespace samman::embedded
