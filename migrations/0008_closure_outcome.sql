-- How a case ended (code list closure_outcome: reintegrated with family or in the community,
-- referred elsewhere, contact lost, ...), counted as reintegration outcomes. The new code list's
-- rows are loaded from data/codelists.csv when this migration runs.

ALTER TABLE cases ADD COLUMN closure_outcome TEXT;
ALTER TABLE case_facts ADD COLUMN closure_outcome TEXT;
