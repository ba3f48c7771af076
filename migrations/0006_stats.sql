-- Statistics. case_facts (owned by cases) holds one row of non-identifying facts per case, refreshed with
-- every change to the case, so that national breakdowns read one narrow table. Ages are CTDC bands, dates
-- Nepal dates; nothing here names a person. The privacy ledger records the differential-privacy budget
-- spent on each dataset (indicator and period).

CREATE TABLE case_facts (
  case_id TEXT PRIMARY KEY REFERENCES cases (id),
  owner_org_id TEXT NOT NULL,
  identified_on TEXT NOT NULL,
  fiscal_year TEXT NOT NULL,
  ad_year INTEGER NOT NULL,
  district TEXT,
  province TEXT,
  origin_district TEXT,
  origin_local_level TEXT,
  sex TEXT NOT NULL,
  age_band TEXT NOT NULL,
  citizenship TEXT,
  identification_source TEXT,
  trafficking_status TEXT NOT NULL,
  exploitation_types TEXT NOT NULL DEFAULT '',
  exploitation_country TEXT,
  exploitation_local_level TEXT,
  means_of_control TEXT NOT NULL DEFAULT '',
  labour_industry TEXT,
  sex_exploitation_types TEXT NOT NULL DEFAULT '',
  recruiter_relationship TEXT,
  duration_days INTEGER,
  status TEXT NOT NULL,
  stage TEXT NOT NULL,
  closed_on TEXT
);
CREATE INDEX case_facts_fy ON case_facts (fiscal_year);
CREATE INDEX case_facts_year ON case_facts (ad_year);

CREATE TABLE stats_privacy_ledger (
  id TEXT PRIMARY KEY,
  dataset TEXT NOT NULL,
  epsilon DOUBLE PRECISION NOT NULL,
  user_id TEXT,
  spent_at TEXT NOT NULL
);
CREATE INDEX stats_privacy_ledger_dataset ON stats_privacy_ledger (dataset);
