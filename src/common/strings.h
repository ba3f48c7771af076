// Comma-separated lists, the form code lists take in a TEXT column ("a,b,c"). Pure; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace samman {

std::string JoinComma(const std::vector<std::string>& items);
// Empty pieces are dropped: "a,,b" and "a,b" read the same.
std::vector<std::string> SplitComma(std::string_view text);

}  // namespace samman
