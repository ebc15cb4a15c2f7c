-- marsad store, schema 1 (SQLite). Timestamps are UTC ISO-8601 text ("2022-04-18T07:00:00+00:00") with the
-- original UTC offset kept beside them in seconds; dates are ISO text; booleans are 0/1; JSON is text.

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    params TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    counts TEXT
);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    ref TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX failures_run ON failures (run_id);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    published TEXT NOT NULL,
    published_offset INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    duplicate_of TEXT REFERENCES articles (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    similarity REAL,
    run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles (content_hash);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    core INTEGER NOT NULL,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    location_ar TEXT,
    location_en TEXT,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    actor1 TEXT,
    actor2 TEXT,
    actor1_type INTEGER,
    actor2_type INTEGER,
    fatalities INTEGER,
    injured INTEGER,
    confidence REAL,
    evidence TEXT,
    n_sources INTEGER NOT NULL,
    extra TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_date_id ON events (date DESC, id);
CREATE INDEX events_place ON events (country, admin1, date);
CREATE INDEX events_type ON events (event_type, sub_event_type, date);
CREATE INDEX events_dedup ON events (country, event_type, date);
CREATE INDEX events_fatalities ON events (fatalities);
CREATE INDEX events_actor1 ON events (actor1);
CREATE INDEX events_actor2 ON events (actor2);
CREATE INDEX events_lat_lon ON events (latitude, longitude);

CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
    doc_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    core INTEGER NOT NULL,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    location_ar TEXT,
    location_en TEXT,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER NOT NULL,
    actor1 TEXT,
    actor2 TEXT,
    actor1_type INTEGER,
    actor2_type INTEGER,
    fatalities INTEGER,
    injured INTEGER,
    confidence REAL NOT NULL,
    extractor_version TEXT NOT NULL,
    notes TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    published TEXT NOT NULL,
    published_offset INTEGER NOT NULL,
    duplicate INTEGER NOT NULL
);
CREATE INDEX reports_article ON reports (article_id, position);
CREATE INDEX reports_event ON reports (event_id);
CREATE INDEX reports_unclustered ON reports (date) WHERE event_id IS NULL;

CREATE TABLE evidence (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, field)
);

-- A link outlives the report version it names (an updated article replaces its reports): no FK to reports.
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    report_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    published TEXT NOT NULL,
    published_offset INTEGER NOT NULL,
    reason TEXT NOT NULL,
    score REAL NOT NULL,
    independent INTEGER NOT NULL,
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX event_sources_report ON event_sources (report_id);
CREATE INDEX event_sources_article ON event_sources (article_id);

CREATE TABLE event_audit (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (event_id, seq)
);
