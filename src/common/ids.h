// Identifiers: UUIDv7 text (time-ordered, 74 random bits). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace samman {

std::string NewId();
// A stable UUID (version 8) derived from a name: ids for rows that exist only in an export
// (an HSDS phone, schedule or language), the same in every export.
std::string NameBasedId(std::string_view name);
bool LooksLikeId(std::string_view text);  // 36 chars, hex and dashes in UUID places

}  // namespace samman
