-- How a case ended (code list closure_outcome: reintegrated with family or in the community,
-- referred elsewhere, contact lost, ...), counted as reintegration outcomes. The new code list's
-- rows are loaded from data/codelists.csv when this migration runs. And the district of
-- exploitation inside Nepal among the case facts.

ALTER TABLE cases ADD COLUMN closure_outcome TEXT;
ALTER TABLE case_facts ADD COLUMN closure_outcome TEXT;

-- Where in Nepal a survivor was exploited, by district (statistics break survivors down by it).
ALTER TABLE case_facts ADD COLUMN exploitation_district TEXT;
UPDATE case_facts SET exploitation_district = SUBSTR(exploitation_local_level, 1, 3)
  WHERE exploitation_local_level IS NOT NULL;
