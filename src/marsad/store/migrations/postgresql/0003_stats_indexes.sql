-- marsad store, schema 3 (PostgreSQL): covering indexes for /stats (the dashboard's first load): the group
-- column and fatalities, so counts and sums per type, country or province need no scan of the wide rows.
CREATE INDEX events_stats_type ON events (event_type, fatalities);
CREATE INDEX events_stats_country ON events (country, fatalities);
CREATE INDEX events_stats_admin1 ON events (admin1, fatalities);
CREATE INDEX event_sources_source ON event_sources (source);
ANALYZE events;
ANALYZE event_sources;
