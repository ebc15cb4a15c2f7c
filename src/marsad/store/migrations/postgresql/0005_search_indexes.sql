-- marsad store, schema 5 (PostgreSQL): indexes for the REST API's text filter, and a change counter for
-- its response cache (issue 6: 200 requests/s over 100k events).
--
-- `q` (a substring of the evidence sentence or of either location name, matched with lower(...) LIKE)
-- scanned every event. pg_trgm's GIN indexes answer LIKE '%…%' from trigrams. pg_trgm ships with
-- PostgreSQL and is a trusted extension (a database owner may create it); where it is not installed the
-- store still opens and `q` scans, as before (the notice says so).
-- The extension goes to the public schema when there is one (so that a store in another schema, found
-- through search_path, still sees it), else to the store's own schema; the indexes name the schema where
-- its operator class is.
DO 'BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE ''pg_trgm is not available: the q filter will scan events'';
        END;
    END;
END';

DO 'DECLARE
    ops text;
BEGIN
    SELECT quote_ident(n.nspname) || ''.gin_trgm_ops'' INTO ops
    FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace
    WHERE c.opcname = ''gin_trgm_ops'' ORDER BY n.nspname <> ''public'' LIMIT 1;
    IF ops IS NOT NULL THEN
        EXECUTE ''CREATE INDEX events_evidence_trgm ON events USING gin (lower(evidence) '' || ops || '')'';
        EXECUTE ''CREATE INDEX events_location_ar_trgm ON events USING gin (lower(location_ar) '' || ops || '')'';
        EXECUTE ''CREATE INDEX events_location_en_trgm ON events USING gin (lower(location_en) '' || ops || '')'';
    END IF;
END';

-- A counter every statement that changes the events table raises, in its own transaction: the API caches
-- answers under the counter's value, so a cached answer is never served after the events changed.
CREATE TABLE store_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO store_generation (id, generation) VALUES (1, 0);

CREATE FUNCTION marsad_bump_generation() RETURNS trigger LANGUAGE plpgsql AS
'BEGIN
    UPDATE store_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END';

-- (In a DO block: the migration runner splits statements with SQLite's rules, where CREATE TRIGGER runs to an
-- END.)
DO 'BEGIN
    EXECUTE ''CREATE TRIGGER events_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION marsad_bump_generation()'';
END';

ANALYZE events;
