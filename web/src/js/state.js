// The filters, kept in the URL's query string so a view can be reloaded, bookmarked and shared.

export const FILTER_KEYS = ["date_from", "date_to", "country", "admin1", "event_type", "min_fatalities", "q"];

export function readFilters() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** The open event's id from the URL, if any. */
export function readEventId() {
  return new URLSearchParams(window.location.search).get("event");
}

export function writeState(filters, eventId = null) {
  const params = new URLSearchParams(window.location.search);
  for (const key of FILTER_KEYS) {
    if (filters[key]) params.set(key, filters[key]);
    else params.delete(key);
  }
  if (eventId) params.set("event", eventId);
  else params.delete("event");
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}
