-- marsad store, schema 3 (SQLite): covering indexes for /stats, which the dashboard reads on first load.
-- Counting and summing fatalities per type, country or province scanned every (wide) event row: 0.4 s per
-- grouping at 100k events. An index holding the group column and the fatalities answers it alone (25 ms).
CREATE INDEX events_stats_type ON events (event_type, fatalities);
CREATE INDEX events_stats_country ON events (country, fatalities);
CREATE INDEX events_stats_admin1 ON events (admin1, fatalities);
-- Distinct outlets over every source link (unfiltered /stats).
CREATE INDEX event_sources_source ON event_sources (source);
ANALYZE;
