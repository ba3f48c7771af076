-- Service directory (an HSDS 3.0 profile) and consent-gated referrals. Directory listings are public
-- facts except confidential locations' addresses; referral reasons and notes may name people and are
-- encrypted (AAD = referrals|column|id).

CREATE TABLE dir_organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_ne TEXT,
  description TEXT NOT NULL DEFAULT '',
  sector TEXT NOT NULL,
  email TEXT,
  website TEXT,
  phone TEXT,
  district TEXT,
  samman_org_id TEXT REFERENCES organizations (id),
  last_verified TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX dir_organizations_name ON dir_organizations (name);
CREATE INDEX dir_organizations_samman ON dir_organizations (samman_org_id);

CREATE TABLE dir_locations (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES dir_organizations (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location_type TEXT NOT NULL,
  confidential INTEGER NOT NULL DEFAULT 0,
  district TEXT,
  local_level TEXT,
  ward INTEGER,
  address TEXT,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  contact_route TEXT,
  phone TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX dir_locations_organization ON dir_locations (organization_id);

-- List-valued facts (sexes, target groups, languages, areas) are comma-separated codes; required
-- documents a JSON array. The taxonomy has its own table so that term filters use an index.
CREATE TABLE dir_services (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES dir_organizations (id),
  name TEXT NOT NULL,
  name_ne TEXT,
  description TEXT NOT NULL DEFAULT '',
  description_ne TEXT,
  status TEXT NOT NULL,
  email TEXT,
  url TEXT,
  phone TEXT,
  free INTEGER NOT NULL DEFAULT 1,
  fees_description TEXT,
  application_process TEXT,
  eligibility_description TEXT,
  minimum_age INTEGER,
  maximum_age INTEGER,
  sexes TEXT NOT NULL DEFAULT '',
  target_groups TEXT NOT NULL DEFAULT '',
  languages TEXT NOT NULL DEFAULT '',
  required_documents TEXT NOT NULL DEFAULT '[]',
  service_areas TEXT NOT NULL DEFAULT '',
  last_verified TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX dir_services_organization ON dir_services (organization_id);
CREATE INDEX dir_services_updated ON dir_services (updated_at);

CREATE TABLE dir_service_terms (
  service_id TEXT NOT NULL REFERENCES dir_services (id),
  term_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (service_id, term_code)
);
CREATE INDEX dir_service_terms_code ON dir_service_terms (term_code, service_id);

CREATE TABLE dir_service_capacity (
  service_id TEXT NOT NULL REFERENCES dir_services (id),
  unit TEXT NOT NULL,
  available INTEGER NOT NULL,
  maximum INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (service_id, unit)
);

-- Opening hours are a JSON array of {days, opens_at, closes_at} in Nepal time.
CREATE TABLE dir_service_at_locations (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES dir_services (id),
  location_id TEXT NOT NULL REFERENCES dir_locations (id),
  schedules TEXT NOT NULL DEFAULT '[]',
  position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX dir_service_at_locations_pair ON dir_service_at_locations (service_id, location_id);
CREATE INDEX dir_service_at_locations_location ON dir_service_at_locations (location_id);

CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id),
  sender_org_id TEXT NOT NULL REFERENCES organizations (id),
  sender_user_id TEXT NOT NULL REFERENCES users (id),
  recipient_org_id TEXT NOT NULL REFERENCES organizations (id),
  dir_organization_id TEXT REFERENCES dir_organizations (id),
  service_id TEXT,
  service_name TEXT,
  service_at_location_id TEXT,
  service_type TEXT,
  district TEXT,
  case_district TEXT,
  reason_enc TEXT NOT NULL,
  urgency TEXT NOT NULL,
  due_date TEXT,
  respond_by TEXT NOT NULL,
  shared_sections TEXT NOT NULL,
  status TEXT NOT NULL,
  decline_reason_enc TEXT,
  cancel_reason_enc TEXT,
  outcome_enc TEXT,
  sent_at TEXT NOT NULL,
  responded_at TEXT,
  started_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX referrals_recipient ON referrals (recipient_org_id, status);
CREATE INDEX referrals_sender ON referrals (sender_org_id, status);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_respond_by ON referrals (status, respond_by);
CREATE INDEX referrals_sent ON referrals (sent_at);

CREATE TABLE referral_events (
  id TEXT PRIMARY KEY,
  referral_id TEXT NOT NULL REFERENCES referrals (id),
  at TEXT NOT NULL,
  status TEXT NOT NULL,
  actor_user_id TEXT,
  actor_username TEXT NOT NULL,
  actor_org_id TEXT,
  note_enc TEXT
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, at);

-- Owned by cases: what another organisation may see of a case while a referral lasts.
CREATE TABLE case_grants (
  referral_id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id),
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  sections TEXT NOT NULL,
  granted_at TEXT NOT NULL
);
CREATE INDEX case_grants_case ON case_grants (case_id, organization_id);
