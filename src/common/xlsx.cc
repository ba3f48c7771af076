#include "common/xlsx.h"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.h"

namespace samman::xlsx {
namespace {

// Integers Excel holds exactly, without a leading zero that a code (a phone, a ward) would lose.
bool IsPlainInteger(const std::string& s) {
  if (s.empty() || s.size() > 15) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<std::string> Table(const std::string& sheet, const std::vector<std::string>& columns,
                          const std::vector<std::vector<std::string>>& rows) {
  namespace fs = std::filesystem;
  // libxlsxwriter 1.1 writes only to a file: a private one, removed before returning.
  const fs::path path =
      fs::temp_directory_path() / ("samman-" + crypto::RandomToken(12) + ".xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;  // rows go straight to disk, in order
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (!book) return Fail(Error::Invalid("cannot create a workbook in the temporary directory"));
  lxw_worksheet* ws = workbook_add_worksheet(book, sheet.substr(0, 31).c_str());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (size_t c = 0; c < columns.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), columns[c].c_str(), bold);
  }
  worksheet_freeze_panes(ws, 1, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      if (v.empty()) continue;
      if (IsPlainInteger(v)) {
        worksheet_write_number(ws, row, col, std::stod(v), nullptr);
      } else {
        worksheet_write_string(ws, row, col, v.c_str(), nullptr);
      }
    }
  }
  lxw_error closed = workbook_close(book);
  std::string bytes;
  if (closed == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    bytes = out.str();
  }
  std::error_code ignored;
  fs::remove(path, ignored);
  if (closed != LXW_NO_ERROR || bytes.empty()) {
    return Fail(Error::Invalid(std::string("cannot write the workbook: ") +
                               lxw_strerror(closed)));
  }
  return bytes;
}

}  // namespace samman::xlsx
