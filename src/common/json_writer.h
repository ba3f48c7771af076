// common::JsonWriter: writes a JSON document straight into a string, for answers made many times a
// second (a case's view), where building a tree of values first cost a tenth of each request. The
// caller writes keys and values in order and closes what it opens; strings are escaped, and bytes
// that are not UTF-8 become U+FFFD, as the tree's dump does. One writer per document; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samman::common {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t n);
  JsonWriter& Bool(bool b);
  JsonWriter& Null();
  JsonWriter& Strings(const std::vector<std::string>& list);

  // An object's members, key and value at once. "" and absent values go out as null in the
  // ...OrNull forms, as the API documents them.
  JsonWriter& Str(std::string_view key, std::string_view s) { return Key(key).String(s); }
  JsonWriter& StrOrNull(std::string_view key, std::string_view s) {
    return s.empty() ? Key(key).Null() : Key(key).String(s);
  }
  JsonWriter& Num(std::string_view key, int64_t n) { return Key(key).Int(n); }
  JsonWriter& NumOrNull(std::string_view key, const std::optional<int>& n) {
    return n ? Key(key).Int(*n) : Key(key).Null();
  }
  JsonWriter& Flag(std::string_view key, bool b) { return Key(key).Bool(b); }
  JsonWriter& List(std::string_view key, const std::vector<std::string>& list) {
    return Key(key).Strings(list);
  }

  // The document so far; call once everything opened is closed.
  std::string Take() { return std::move(out_); }

 private:
  void Separate();  // a comma before every member or element but a container's first
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);

  std::string out_;
  bool first_ = true;       // no member or element yet in the innermost open container
  bool after_key_ = false;  // a key was written and its value is next
};

}  // namespace samman::common
