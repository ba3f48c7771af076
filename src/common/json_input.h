// JsonInput: strict reading of a JSON request body. Each getter records a readable error instead of
// throwing; Finish() also rejects members nobody asked for, so a typo is reported, not ignored.
// Include only from api.cc files (it pulls in the full nlohmann header). One request, one thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"

namespace samman {

class JsonInput {
 public:
  // An empty body is read as {} so that bodiless POSTs work. Anything but an object is an error.
  static Result<JsonInput> Parse(const std::string& body);

  std::string String(const char* name, size_t max_len = 1000);  // required
  std::optional<std::string> OptString(const char* name, size_t max_len = 1000);
  std::optional<bool> OptBool(const char* name);
  std::optional<int64_t> OptInt(const char* name);
  std::optional<std::vector<std::string>> OptStringArray(const char* name, size_t max_items = 50);
  std::vector<std::string> StringArray(const char* name, size_t max_items = 50);  // required
  // A nested object, read with the same rules (call its own Finish); errors carry "name." prefixes.
  std::optional<JsonInput> OptObject(const char* name);
  // True when the member is present with the value null (a PATCH clearing a field).
  bool IsNull(const char* name) const;

  // Ok, or a 422 listing every problem seen (wrong types, missing members, unknown members).
  Result<void> Finish();

 private:
  explicit JsonInput(nlohmann::json j, std::string prefix = "")
      : j_(std::move(j)), prefix_(std::move(prefix)) {}
  const nlohmann::json* Get(const char* name, bool required);
  void Problem(const std::string& field, const std::string& message);

  nlohmann::json j_;
  std::string prefix_;
  std::set<std::string> seen_;
  std::vector<FieldError> errors_;
};

}  // namespace samman
