// Every request the dashboard makes, and the only place that knows the API's response shapes: when the
// server changes a shape, adapt the normalizers here and nothing else. Same origin, JSON only.

const PAGE = 500; // events per request
const MAX_EVENTS = 5000; // the page draws at most this many; the status line says when more match

export class ApiError extends Error {}

async function getJSON(path, params = {}, signal = undefined) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const url = query.size ? `${path}?${query}` : path;
  const res = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!res.ok) throw new ApiError(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** One page of events (newest first) and the cursor of the next one (null on the last). */
export async function fetchEventsPage(filters, cursor = null, signal = undefined) {
  const page = await getJSON("/events", { ...filters, limit: PAGE, cursor }, signal);
  return { events: page.events ?? [], cursor: page.next_cursor ?? null };
}

/**
 * All events matching the filters (newest first), following next_cursor up to MAX_EVENTS. `firstPage` is a
 * pending `fetchEventsPage` of the same filters (requested early); `onFirstPage(events)` is called when the
 * first page is in and more follow, so the page can show the newest events without waiting for the rest.
 */
export async function fetchEvents(filters, { signal, firstPage, onFirstPage } = {}) {
  const events = [];
  let cursor = null;
  let pending = firstPage ?? null;
  do {
    const page = await (pending ?? fetchEventsPage(filters, cursor, signal));
    const first = events.length === 0;
    pending = null;
    events.push(...page.events);
    cursor = page.cursor;
    if (first && cursor && onFirstPage) onFirstPage(events.slice());
  } while (cursor && events.length < MAX_EVENTS);
  return { events, truncated: Boolean(cursor) };
}

/** One event with its sources (each with evidence_spans) and audit trail. */
export function fetchEvent(id, signal) {
  return getJSON(`/events/${encodeURIComponent(id)}`, {}, signal);
}

/** One article: its canonical text is what the evidence spans index. */
export function fetchArticle(id, signal) {
  return getJSON(`/articles/${encodeURIComponent(id)}`, {}, signal);
}

// /stats counts are [{value, events, fatalities}]; the page wants [{code, count}].
function countList(rows) {
  return (rows ?? []).filter((r) => r.value).map((r) => ({ code: r.value, count: r.events }));
}

/** {total, countries: [{code, count}], admin1: [{code, count}]} for the filter lists. */
export async function fetchStats() {
  const raw = await getJSON("/stats", { top: 500 }); // every governorate, not the default top 20
  return { total: raw.totals?.events ?? null, countries: countList(raw.by_country), admin1: countList(raw.by_admin1) };
}

/**
 * Weekly counts per governorate: {weeks: [monday...], series: [{country, admin1, events: [n...],
 * fatalities: [n...]}]}, from the API's {until, weeks: [{week_start, events, fatalities}], series: [{country,
 * admin1, weeks: [...]}]} (zero-filled, the same weeks in every series).
 */
export async function fetchTrends(weeks, country) {
  const raw = await getJSON("/trends", { weeks, country });
  return {
    until: raw.until,
    weeks: (raw.weeks ?? []).map((w) => w.week_start),
    series: (raw.series ?? []).map((sr) => ({
      country: sr.country,
      admin1: sr.admin1,
      events: sr.weeks.map((w) => w.events),
      fatalities: sr.weeks.map((w) => w.fatalities),
    })),
  };
}

/** This week's alerts: [{country, admin1, level, security_declining, events, fatalities, reasons}]. */
export async function fetchAlerts(country) {
  const raw = await getJSON("/alerts", { country });
  return (raw.alerts ?? []).map((a) => ({
    ...a,
    level: ["normal", "elevated", "high"].includes(a.level) ? a.level : "normal",
    security_declining: Boolean(a.security_declining),
    reasons: a.reasons ?? [],
  }));
}
