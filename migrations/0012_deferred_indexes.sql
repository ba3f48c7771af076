-- Secondary indexes that a bulk load (samman demo) dropped to build afresh at its end, when one
-- sorted pass is far cheaper than a million scattered inserts into each. A load that stops part-way
-- leaves its rows here, and the next start rebuilds those indexes before anything else runs.
CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, definition TEXT NOT NULL);
