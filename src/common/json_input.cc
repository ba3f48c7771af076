#include "common/json_input.h"

namespace samman {

Result<JsonInput> JsonInput::Parse(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return JsonInput(nlohmann::json::object());
  }
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Fail(Error::BadRequest("the request body is not valid JSON"));
  if (!j.is_object()) return Fail(Error::BadRequest("the request body must be a JSON object"));
  return JsonInput(std::move(j));
}

void JsonInput::Problem(const std::string& field, const std::string& message) {
  errors_.push_back({prefix_ + field, message});
}

const nlohmann::json* JsonInput::Get(const char* name, bool required) {
  seen_.insert(name);
  auto it = j_.find(name);
  if (it == j_.end() || it->is_null()) {
    if (required) Problem(name, "is required");
    return nullptr;
  }
  return &*it;
}

bool JsonInput::IsNull(const char* name) const {
  auto it = j_.find(name);
  return it != j_.end() && it->is_null();
}

std::string JsonInput::String(const char* name, size_t max_len) {
  const auto* v = Get(name, true);
  if (!v) return "";
  if (!v->is_string()) {
    Problem(name, "must be a string");
    return "";
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_len) {
    Problem(name, "must be at most " + std::to_string(max_len) + " bytes");
    return "";
  }
  return s;
}

std::optional<std::string> JsonInput::OptString(const char* name, size_t max_len) {
  if (!j_.contains(name) || j_[name].is_null()) {
    seen_.insert(name);
    return std::nullopt;
  }
  size_t before = errors_.size();
  std::string s = String(name, max_len);
  if (errors_.size() != before) return std::nullopt;
  return s;
}

std::optional<bool> JsonInput::OptBool(const char* name) {
  const auto* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Problem(name, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<int64_t> JsonInput::OptInt(const char* name) {
  const auto* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    Problem(name, "must be a whole number");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<std::vector<std::string>> JsonInput::OptStringArray(const char* name,
                                                                  size_t max_items) {
  const auto* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    Problem(name, "must be a list of at most " + std::to_string(max_items) + " strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *v) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > 200) {
      Problem(name, "must contain only strings");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::string> JsonInput::StringArray(const char* name, size_t max_items) {
  if (!j_.contains(name) || j_[name].is_null()) {
    seen_.insert(name);
    Problem(name, "is required");
    return {};
  }
  return OptStringArray(name, max_items).value_or(std::vector<std::string>{});
}

std::optional<JsonInput> JsonInput::OptObject(const char* name) {
  const auto* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    Problem(name, "must be an object");
    return std::nullopt;
  }
  return JsonInput(*v, prefix_ + name + ".");
}

Result<void> JsonInput::Finish() {
  for (const auto& [key, value] : j_.items()) {
    if (!seen_.count(key)) Problem(key, "is not a field this request accepts");
  }
  if (errors_.empty()) return {};
  Error e = Error::Invalid("");
  for (const auto& f : errors_) {
    if (!e.detail.empty()) e.detail += "; ";
    e.detail += f.field + " " + f.message;
  }
  e.fields = errors_;
  return Fail(e);
}

}  // namespace samman
