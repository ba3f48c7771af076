// Writing JSON answers: "" and absent values go out as null, as the API documents them. Include
// only from .cc files (full nlohmann header). Pure; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace samman {

inline nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}
template <typename T>
nlohmann::json OrNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace samman
