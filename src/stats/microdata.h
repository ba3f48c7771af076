// De-identified microdata for authorised partners, one row per survivor, in two layouts:
//  - CTDC's global synthetic codebook (27 variables: year of registration, gender, broad age,
//    citizenship and country of exploitation as ISO alpha-3, months trafficked, eight means of
//    control, three exploitation flags, four labour types, two types of sexual exploitation, four
//    recruiter relations);
//  - HTCDS 2.0 shaped: the victim-context and case fields of IOM's case data standard that identify
//    no one, with HTCDS picklist values, plus the fiscal year, province and age band.
// Both are k-anonymous over every combination of their columns: each released row's whole tuple is
// shared by at least k rows, so every combination of any of its values is too. Rows in smaller
// groups first lose detail (column groups in a fixed order, then the age is broadened); rows still
// alone are withheld. Pure; any thread.
#pragma once

#include <string>
#include <vector>

#include "cases/model.h"
#include "common/error.h"
#include "refdata/service.h"

namespace samman::stats {

struct Microdata {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // "" = NULL
  int recoded = 0;                             // rows that lost detail
  int withheld = 0;                            // rows not released
  std::string Csv() const;
  // The same table as an XLSX workbook of one sheet; kInvalid when it cannot be written.
  Result<std::string> Xlsx(const std::string& sheet) const;
};

Microdata CtdcMicrodata(const std::vector<cases::CaseFact>& facts, const refdata::Service& refdata,
                        int k);
Microdata HtcdsMicrodata(const std::vector<cases::CaseFact>& facts,
                         const refdata::Service& refdata, int k);

}  // namespace samman::stats
