-- marsad store, schema 5 (SQLite): indexes for the REST API's text and map filters, and a change counter
-- for its response cache (issue 6: 200 requests/s over 100k events).
--
-- `q` (a substring of the evidence sentence or of either location name) scanned every event with LIKE:
-- 0.5 s at 100k events for a string no event holds. An FTS5 table with the trigram tokenizer answers a
-- substring of 3 characters or more from its index (case-insensitive, like the LIKE it replaces); shorter
-- strings still scan. It indexes the events table's own rows (external content, by rowid), so the text is
-- not stored twice; the triggers below keep it in step. The events table keeps its rowids: writes upsert in
-- place, and nothing in marsad runs VACUUM (which may renumber them; after a manual VACUUM run
-- `INSERT INTO events_text(events_text) VALUES ('rebuild')`).
CREATE VIRTUAL TABLE events_text USING fts5(
    evidence, location_ar, location_en, content = 'events', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO events_text (events_text) VALUES ('rebuild');

CREATE TRIGGER events_text_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_text (rowid, evidence, location_ar, location_en)
    VALUES (new.rowid, new.evidence, new.location_ar, new.location_en);
END;
CREATE TRIGGER events_text_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_text (events_text, rowid, evidence, location_ar, location_en)
    VALUES ('delete', old.rowid, old.evidence, old.location_ar, old.location_en);
END;
-- Updates re-index only when an indexed column changed: the dedup of a run rewrites the events it merges
-- into, batch after batch, mostly with the same sentence and place (re-indexing every rewrite made the
-- whole-corpus ingest 1.9x slower).
CREATE TRIGGER events_text_update AFTER UPDATE OF evidence, location_ar, location_en ON events
WHEN old.evidence IS NOT new.evidence OR old.location_ar IS NOT new.location_ar
    OR old.location_en IS NOT new.location_en BEGIN
    INSERT INTO events_text (events_text, rowid, evidence, location_ar, location_en)
    VALUES ('delete', old.rowid, old.evidence, old.location_ar, old.location_en);
    INSERT INTO events_text (rowid, evidence, location_ar, location_en)
    VALUES (new.rowid, new.evidence, new.location_ar, new.location_en);
END;

-- `bbox`: one B-tree index can bound latitude or longitude, not both, so a box read a band of the map and
-- sorted it. An R*Tree holds each located event as a point (its coordinates as 32-bit floats, rounded
-- outwards: the index finds a superset and the exact condition on latitude and longitude stays).
CREATE VIRTUAL TABLE events_box USING rtree(id, min_lon, max_lon, min_lat, max_lat);
INSERT INTO events_box (id, min_lon, max_lon, min_lat, max_lat)
SELECT rowid, longitude, longitude, latitude, latitude FROM events
WHERE longitude IS NOT NULL AND latitude IS NOT NULL;

CREATE TRIGGER events_box_insert AFTER INSERT ON events
WHEN new.longitude IS NOT NULL AND new.latitude IS NOT NULL BEGIN
    INSERT INTO events_box (id, min_lon, max_lon, min_lat, max_lat)
    VALUES (new.rowid, new.longitude, new.longitude, new.latitude, new.latitude);
END;
CREATE TRIGGER events_box_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_box WHERE id = old.rowid;
END;
CREATE TRIGGER events_box_update AFTER UPDATE OF longitude, latitude ON events
WHEN old.longitude IS NOT new.longitude OR old.latitude IS NOT new.latitude BEGIN
    DELETE FROM events_box WHERE id = old.rowid;
    INSERT INTO events_box (id, min_lon, max_lon, min_lat, max_lat)
    SELECT new.rowid, new.longitude, new.longitude, new.latitude, new.latitude
    WHERE new.longitude IS NOT NULL AND new.latitude IS NOT NULL;
END;

-- A counter every change to the events table raises, in the transaction that makes the change: the API
-- caches answers under the counter's value, so a cached answer is never served after the events changed.
CREATE TABLE store_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO store_generation (id, generation) VALUES (1, 0);

CREATE TRIGGER events_generation_insert AFTER INSERT ON events BEGIN
    UPDATE store_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER events_generation_update AFTER UPDATE ON events BEGIN
    UPDATE store_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER events_generation_delete AFTER DELETE ON events BEGIN
    UPDATE store_generation SET generation = generation + 1 WHERE id = 1;
END;
