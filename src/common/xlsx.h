// XLSX workbooks of one sheet (libxlsxwriter): a bold, frozen header row, then the rows; a cell
// that is a plain integer is written as a number, any other as text, an empty one not at all.
// Pure apart from a private temporary file; any thread.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"

namespace samman::xlsx {

// The workbook's bytes; kInvalid when it cannot be written. A sheet name longer than 31 characters
// is cut (Excel's limit).
Result<std::string> Table(const std::string& sheet, const std::vector<std::string>& columns,
                          const std::vector<std::vector<std::string>>& rows);

}  // namespace samman::xlsx
