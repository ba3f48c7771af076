-- Upkeep that runs once per database and is remembered when it has run to its end, so that a start
-- does not look for work that is already done (finding no case without statistics facts meant
-- reading every case: half a minute at a million). A migration that needs a task run again deletes
-- its row; an empty table, as after this migration, means every task runs at the next start.
CREATE TABLE upkeep_done (task TEXT PRIMARY KEY, done_at TEXT NOT NULL);
