-- Reference data: Nepal's geography, the Bikram Sambat month table, countries and code lists. The rows
-- are loaded from the project's data/ files (built into the binary) in the same transaction.

CREATE TABLE geo_units (
  code TEXT PRIMARY KEY,
  level TEXT NOT NULL,
  parent_code TEXT,
  name_en TEXT NOT NULL,
  name_ne TEXT NOT NULL,
  wards INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX geo_units_parent ON geo_units (level, parent_code);

CREATE TABLE geo_aliases (
  code TEXT NOT NULL REFERENCES geo_units (code),
  alias TEXT NOT NULL,
  PRIMARY KEY (code, alias)
);

CREATE TABLE bs_months (
  bs_year INTEGER NOT NULL,
  bs_month INTEGER NOT NULL,
  days INTEGER NOT NULL,
  PRIMARY KEY (bs_year, bs_month)
);

CREATE TABLE countries (
  alpha2 TEXT PRIMARY KEY,
  alpha3 TEXT NOT NULL,
  numeric_code TEXT NOT NULL,
  name_en TEXT NOT NULL,
  name_ne TEXT NOT NULL
);

CREATE TABLE code_list_items (
  list TEXT NOT NULL,
  code TEXT NOT NULL,
  label_en TEXT NOT NULL,
  label_ne TEXT NOT NULL,
  htcds_value TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  version TEXT NOT NULL,
  PRIMARY KEY (list, code)
);

CREATE TABLE refdata_versions (
  name TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);
