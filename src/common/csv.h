// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. Lines starting with '#' before
// the header are comments. Pure functions; any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace samman::csv {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Index of a header column; -1 when absent.
  int Column(std::string_view name) const;
};

// Parses text with a header row. Fails, naming the line, on an unterminated quote or a row whose
// field count differs from the header's.
Result<Table> Parse(std::string_view text);

// One field, quoted when it needs to be.
std::string Escape(std::string_view field);

}  // namespace samman::csv
