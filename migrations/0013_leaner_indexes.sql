-- Smaller indexes, each sorted afresh at the end of a bulk load (one core, while the rest waits):
-- - person_name_keys_hash has served no query since name search went by organisation (0009);
-- - the due list reads only open follow-ups and planned services, a twentieth of all items;
-- - a blind index is looked up by equality only, so rows without that document need no entry.
-- A load that died leaves their old definitions in deferred_indexes; those go too.
DELETE FROM deferred_indexes WHERE name IN ('person_name_keys_hash', 'case_items_due',
  'persons_phone', 'persons_citizenship_no', 'persons_national_id', 'persons_passport_no');
DROP INDEX IF EXISTS person_name_keys_hash;
DROP INDEX IF EXISTS case_items_due;
CREATE INDEX case_items_due ON case_items (due_date)
  WHERE (kind = 'follow_up' AND status = 'open') OR (kind = 'service' AND status = 'planned');
DROP INDEX IF EXISTS persons_phone;
DROP INDEX IF EXISTS persons_citizenship_no;
DROP INDEX IF EXISTS persons_national_id;
DROP INDEX IF EXISTS persons_passport_no;
CREATE INDEX persons_phone ON persons (phone_bidx) WHERE phone_bidx IS NOT NULL;
CREATE INDEX persons_citizenship_no ON persons (citizenship_no_bidx)
  WHERE citizenship_no_bidx IS NOT NULL;
CREATE INDEX persons_national_id ON persons (national_id_bidx) WHERE national_id_bidx IS NOT NULL;
CREATE INDEX persons_passport_no ON persons (passport_no_bidx) WHERE passport_no_bidx IS NOT NULL;
