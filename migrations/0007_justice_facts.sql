-- Justice figures. justice_facts (owned by cases) holds the countable part of each justice record,
-- written with the record: how many people it names as suspects, how many of them were arrested,
-- prosecuted, convicted and acquitted, and the compensation ordered. The names stay in the record's
-- encrypted body; nothing here names anyone. case_facts gains the recruitment methods for the
-- HTCDS-shaped microdata.

CREATE TABLE justice_facts (
  item_id TEXT PRIMARY KEY REFERENCES case_items (id),
  case_id TEXT NOT NULL REFERENCES cases (id),
  suspects INTEGER NOT NULL DEFAULT 0,
  arrested INTEGER NOT NULL DEFAULT 0,
  prosecuted INTEGER NOT NULL DEFAULT 0,
  convicted INTEGER NOT NULL DEFAULT 0,
  acquitted INTEGER NOT NULL DEFAULT 0,
  compensation_npr BIGINT
);
CREATE INDEX justice_facts_case ON justice_facts (case_id);

ALTER TABLE case_facts ADD COLUMN recruitment_methods TEXT NOT NULL DEFAULT '';
UPDATE case_facts SET recruitment_methods = COALESCE((SELECT v.recruitment_methods FROM
  victim_profiles v WHERE v.case_id = case_facts.case_id), '');
