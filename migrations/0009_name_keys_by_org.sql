-- A case worker's name search reads only their organisation's name keys: each key carries the
-- organisation that holds the person, and an index leads with it.
ALTER TABLE person_name_keys ADD COLUMN owner_org_id TEXT;
UPDATE person_name_keys SET owner_org_id = (SELECT p.owner_org_id FROM persons p
  WHERE p.id = person_name_keys.person_id);
CREATE INDEX person_name_keys_org ON person_name_keys (owner_org_id, key_hash, person_id);
