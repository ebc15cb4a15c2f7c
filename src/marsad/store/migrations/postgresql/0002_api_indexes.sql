-- marsad store, schema 2 (PostgreSQL): indexes for the REST API's /events (issue 5).
-- /events lists newest first (ORDER BY date DESC, id) and stops at the page size; an index that starts with
-- the filtered column and then follows that order reads one page instead of sorting every match.
CREATE INDEX events_type_date ON events (event_type, date DESC, id);
CREATE INDEX events_sub_date ON events (sub_event_type, date DESC, id);

ANALYZE events;
