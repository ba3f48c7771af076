-- Survivor case management. Identifying fields live only in persons, each encrypted on its own
-- (XChaCha20-Poly1305, AAD = persons|column|id); equality search uses keyed blind indexes, name search
-- keyed hashes of romanisation-tolerant name keys. The database alone reveals no survivor.

CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  owner_org_id TEXT NOT NULL REFERENCES organizations (id),
  given_name_enc TEXT,
  family_name_enc TEXT,
  name_ne_enc TEXT,
  aliases_enc TEXT,
  birth_date_enc TEXT,
  phone_enc TEXT,
  citizenship_no_enc TEXT,
  national_id_enc TEXT,
  passport_no_enc TEXT,
  address_enc TEXT,
  guardian_enc TEXT,
  phone_bidx TEXT,
  citizenship_no_bidx TEXT,
  national_id_bidx TEXT,
  passport_no_bidx TEXT,
  sex TEXT NOT NULL DEFAULT 'unknown',
  birth_precision TEXT NOT NULL DEFAULT 'unknown',
  birth_year INTEGER,
  age_at_registration INTEGER,
  citizenship TEXT,
  district TEXT,
  local_level TEXT,
  languages TEXT NOT NULL DEFAULT '',
  education TEXT,
  marital_status TEXT,
  erased_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX persons_phone ON persons (phone_bidx);
CREATE INDEX persons_citizenship_no ON persons (citizenship_no_bidx);
CREATE INDEX persons_national_id ON persons (national_id_bidx);
CREATE INDEX persons_passport_no ON persons (passport_no_bidx);

CREATE TABLE person_name_keys (
  person_id TEXT NOT NULL REFERENCES persons (id),
  key_hash TEXT NOT NULL,
  PRIMARY KEY (person_id, key_hash)
);
CREATE INDEX person_name_keys_hash ON person_name_keys (key_hash);

CREATE TABLE case_number_counters (
  district TEXT NOT NULL,
  bs_year INTEGER NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (district, bs_year)
);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  case_number TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES persons (id),
  owner_org_id TEXT NOT NULL REFERENCES organizations (id),
  status TEXT NOT NULL,
  stage TEXT NOT NULL,
  identification_source TEXT NOT NULL,
  identified_on TEXT,
  trafficking_status TEXT NOT NULL DEFAULT 'possible',
  trafficking_status_by TEXT,
  district TEXT,
  closure_reason TEXT,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cases_case_number ON cases (case_number);
CREATE INDEX cases_owner ON cases (owner_org_id, status);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_district ON cases (district);

CREATE TABLE case_assignments (
  case_id TEXT NOT NULL REFERENCES cases (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_assignments_user ON case_assignments (user_id);

-- The victim profile: no direct identifiers, kept in clear for statistics.
CREATE TABLE victim_profiles (
  case_id TEXT PRIMARY KEY REFERENCES cases (id),
  age_when_trafficked INTEGER,
  recruitment_methods TEXT NOT NULL DEFAULT '',
  recruiter_relationship TEXT,
  means_of_control TEXT NOT NULL DEFAULT '',
  exploitation_types TEXT NOT NULL DEFAULT '',
  labour_industry TEXT,
  sex_exploitation_types TEXT NOT NULL DEFAULT '',
  duration_days INTEGER,
  exploitation_country TEXT,
  exploitation_local_level TEXT,
  route TEXT,
  border_points TEXT NOT NULL DEFAULT '',
  fe_agency_licence TEXT,
  fe_labour_permit TEXT,
  fe_dofe_complaint TEXT,
  fe_tribunal_case TEXT
);

CREATE TABLE case_exploitation_types (
  case_id TEXT NOT NULL REFERENCES cases (id),
  exploitation_type TEXT NOT NULL,
  PRIMARY KEY (case_id, exploitation_type)
);
CREATE INDEX case_exploitation_types_type ON case_exploitation_types (exploitation_type);

-- Timeline entries, consents, assessments, services, follow-ups, notes, shelter stays and justice records:
-- the searchable facts in columns, the rest (which may name people) in an encrypted JSON body.
CREATE TABLE case_items (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id),
  kind TEXT NOT NULL,
  subtype TEXT NOT NULL DEFAULT '',
  item_date TEXT,
  date_precision TEXT,
  due_date TEXT,
  status TEXT NOT NULL DEFAULT '',
  organization_id TEXT,
  country TEXT,
  local_level TEXT,
  sensitive INTEGER NOT NULL DEFAULT 0,
  body_enc TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX case_items_case ON case_items (case_id, kind);
CREATE INDEX case_items_due ON case_items (kind, status, due_date);
