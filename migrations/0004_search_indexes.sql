-- Name search reads (key_hash -> person_id) from the index alone.
DROP INDEX person_name_keys_hash;
CREATE INDEX person_name_keys_hash ON person_name_keys (key_hash, person_id);
-- Case lists run newest opened first.
CREATE INDEX cases_opened ON cases (opened_at, id);
