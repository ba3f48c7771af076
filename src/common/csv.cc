#include "common/csv.h"

namespace samman::csv {

int Table::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<Table> Parse(std::string_view text) {
  Table t;
  size_t pos = 0;
  int line = 1;
  // Leading comment lines.
  while (pos < text.size() && text[pos] == '#') {
    size_t nl = text.find('\n', pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line;
  }
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false;
  bool any = false;
  int row_line = line;
  auto end_row = [&]() -> Result<void> {
    row.push_back(std::move(field));
    field.clear();
    if (t.header.empty()) {
      t.header = std::move(row);
    } else if (!(row.size() == 1 && row[0].empty())) {
      if (row.size() != t.header.size()) {
        return Fail(Error::Invalid("line " + std::to_string(row_line) + " has " +
                                   std::to_string(row.size()) + " fields, the header has " +
                                   std::to_string(t.header.size())));
      }
      t.rows.push_back(std::move(row));
    }
    row.clear();
    any = false;
    return {};
  };
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (in_quotes) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field += '"';
          ++pos;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      in_quotes = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      if (auto r = end_row(); !r) return Fail(r.error());
      ++line;
      row_line = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (in_quotes) {
    return Fail(Error::Invalid("line " + std::to_string(row_line) + " has an unterminated quote"));
  }
  if (any || !field.empty()) {
    if (auto r = end_row(); !r) return Fail(r.error());
  }
  return t;
}

std::string Escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace samman::csv
