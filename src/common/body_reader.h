// BodyReader: strict reading of a JSON object already parsed (an item body, a merged PATCH): known
// members only, each of its type, every problem collected into one 422; FinishText gives the clean
// object's text. Field names are string literals (kept by pointer until Finish). Include only from
// .cc files (full nlohmann header). One request, one thread.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/time.h"

namespace samman {

class BodyReader {
 public:
  using json = nlohmann::json;

  // kind names the object in messages and prefixes field names ("consent.purpose"); "" for none.
  BodyReader(const json& body, std::string kind) : body_(body), kind_(std::move(kind)) {
    if (!body_.is_object()) Problem("", "must be a JSON object");
  }
  std::string Str(const char* name, bool required = false, size_t max = 2000) {
    const json* m = Member(name);
    if (!m || (m->is_string() && m->get_ref<const std::string&>().empty())) {
      if (m) dropped_.push_back(name);
      if (required) Problem(name, "is required");
      return "";
    }
    if (!m->is_string()) {
      Problem(name, "must be a string");
      return "";
    }
    const std::string& v = m->get_ref<const std::string&>();
    if (v.size() > max) Problem(name, "is longer than " + std::to_string(max) + " characters");
    return v;
  }
  std::string Date(const char* name, bool required = false) {
    std::string v = Str(name, required, 10);
    if (!v.empty() && !IsIsoDate(v)) Problem(name, "must be a real date written YYYY-MM-DD");
    return v;
  }
  std::string OneOf(const char* name, const std::set<std::string>& allowed, bool required) {
    std::string v = Str(name, required, 60);
    if (!v.empty() && !allowed.count(v)) {
      Problem(name, "must be one of " + Join(allowed));
    }
    return v;
  }
  // The same for a list written where it is checked (no set built for each body).
  std::string OneOf(const char* name, std::initializer_list<std::string_view> allowed,
                    bool required) {
    std::string v = Str(name, required, 60);
    if (!v.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      Problem(name,
              "must be one of " + Join(std::set<std::string>(allowed.begin(), allowed.end())));
    }
    return v;
  }
  bool Bool(const char* name) {
    const json* m = Member(name);
    if (!m) return false;
    if (!m->is_boolean()) {
      Problem(name, "must be true or false");
      return false;
    }
    return m->get<bool>();
  }
  std::optional<int64_t> Int(const char* name, int64_t lo, int64_t hi) {
    const json* m = Member(name);
    if (!m) return std::nullopt;
    if (!m->is_number_integer() || m->get<int64_t>() < lo || m->get<int64_t>() > hi) {
      Problem(name,
              "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
      return std::nullopt;
    }
    return m->get<int64_t>();
  }
  // An array of objects or strings, copied after the caller's check of each element.
  const json* Array(const char* name, size_t max) {
    const json* m = Member(name);
    if (!m) return nullptr;
    if (!m->is_array() || m->size() > max) {
      Problem(name, "must be a list of at most " + std::to_string(max));
      return nullptr;
    }
    return m;
  }
  std::optional<double> Double(const char* name, double lo, double hi) {
    const json* m = Member(name);
    if (!m) return std::nullopt;
    if (!m->is_number() || m->get<double>() < lo || m->get<double>() > hi) {
      Problem(name, "must be a number from " + FormatNumber(lo) + " to " + FormatNumber(hi));
      return std::nullopt;
    }
    return m->get<double>();
  }
  // A list of strings, each at most max_len characters and, when allowed is given, one of them.
  std::vector<std::string> Strings(const char* name, size_t max_items, size_t max_len,
                                   const std::set<std::string>* allowed = nullptr) {
    std::vector<std::string> values;
    const json* a = Array(name, max_items);
    if (!a) return values;
    for (const auto& v : *a) {
      if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > max_len) {
        Problem(name, "must be a list of texts of 1 to " + std::to_string(max_len) + " characters");
        return {};
      }
      if (allowed && !allowed->count(v.get<std::string>())) {
        Problem(name, "'" + v.get<std::string>() + "' is not one of " + Join(*allowed));
        return {};
      }
      values.push_back(v.get<std::string>());
    }
    return values;
  }
  // Takes over the problems of a nested reader's Finish (their fields already carry its prefix).
  void Absorb(const Result<void>& nested) {
    if (nested) return;
    for (const auto& f : nested.error().fields) errors_.push_back(f);
  }
  // Accepts a member checked by the caller.
  void Keep(const char* name) { seen_.push_back(name); }
  void Problem(const std::string& field, const std::string& message) {
    std::string f = field.empty() ? kind_ : kind_.empty() ? field : kind_ + "." + field;
    errors_.push_back({f, message});
  }
  // Once, last: nothing, or every problem found.
  Result<void> Finish() {
    if (body_.is_object()) {
      for (const auto& [k, v] : body_.items()) {
        if (std::find(seen_.begin(), seen_.end(), k) == seen_.end())
          Problem(k, kind_.empty() ? "is not a known field" : "is not a field of a " + kind_);
      }
    }
    if (errors_.empty()) return {};
    Error e = Error::Invalid("");
    for (const auto& f : errors_)
      e.detail += (e.detail.empty() ? "" : "; ") + f.field + " " + f.message;
    e.fields = errors_;
    return Fail(e);
  }
  // Finish, then the clean object as JSON text: the body without its null and empty members. Every
  // member left is one a reader accepted as it was, so the body is written out, not copied first.
  Result<std::string> FinishText() {
    if (auto ok = Finish(); !ok) return Fail(ok.error());
    if (dropped_.empty()) return body_.dump();
    json clean = body_;
    for (std::string_view name : dropped_) clean.erase(std::string(name));
    return clean.dump();
  }

 private:
  // Marks name as a known field; the member, unless absent or null (or the body is no object).
  const json* Member(const char* name) {
    seen_.push_back(name);
    if (!body_.is_object()) return nullptr;
    auto it = body_.find(name);
    if (it == body_.end()) return nullptr;
    if (it->is_null()) {
      dropped_.push_back(name);
      return nullptr;
    }
    return &*it;
  }
  static std::string Join(const std::set<std::string>& items) {
    std::string list;
    for (const auto& a : items) list += (list.empty() ? "" : ", ") + a;
    return list;
  }
  static std::string FormatNumber(double v) {
    std::string s = std::to_string(v);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }

  const json& body_;
  std::string kind_;
  std::vector<std::string_view> seen_;     // names asked for, a dozen at most
  std::vector<std::string_view> dropped_;  // members given as null or as empty text
  std::vector<FieldError> errors_;
};

}  // namespace samman
