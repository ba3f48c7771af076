// De-identified microdata in the layout of CTDC's global synthetic codebook (27 variables: year of
// registration, gender, broad age, citizenship and country of exploitation as ISO alpha-3, months
// trafficked, eight means of control, three exploitation flags, four labour types, two types of
// sexual exploitation, four recruiter relations), k-anonymous over every combination of the
// variables: each released row's whole tuple is shared by at least k rows, so every combination of
// any of its values is too. Rows in smaller groups first lose detail (means, then types of labour
// and sex, recruiter, duration, countries, citizenship, then the age is broadened); rows still
// alone are withheld. Pure; any thread.
#pragma once

#include <string>
#include <vector>

#include "cases/model.h"
#include "refdata/service.h"

namespace samman::stats {

struct Microdata {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // "" = NULL
  int recoded = 0;                             // rows that lost detail
  int withheld = 0;                            // rows not released
  std::string Csv() const;
};

Microdata CtdcMicrodata(const std::vector<cases::CaseFact>& facts, const refdata::Service& refdata,
                        int k);

}  // namespace samman::stats
