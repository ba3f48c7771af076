// Identifiers: UUIDv7 text (time-ordered, 74 random bits). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace samman {

std::string NewId();
bool LooksLikeId(std::string_view text);  // 36 chars, hex and dashes in UUID places

}  // namespace samman
