// The dashboard's start: load the dictionaries, build the views, then load data as the filters change.
// Views never fetch on their own except the detail panel; this module owns the data flow.
import { fetchAlerts, fetchEvents, fetchEventsPage, fetchStats, fetchTrends } from "./api.js";
import { fill } from "./dom.js";
import { initialLang, getLang, loadDictionaries, setLang, t } from "./i18n.js";
import { readEventId, readFilters, writeState } from "./state.js";
import { Filters } from "./filters.js";
import { MapView } from "./mapview.js";
import { drawTimeline } from "./timeline.js";
import { EventTable } from "./table.js";
import { DetailPanel } from "./detail.js";
import { bindTrends, drawTrends } from "./trends.js";

const TREND_WEEKS = 12;
const $ = (id) => document.getElementById(id);

const app = {
  events: [],
  truncated: false,
  stats: null,
  trends: { weeks: [], series: [] },
  alerts: [],
  request: 0, // a newer query makes the answers of older ones stale
  openId: null,
};

function status(message, kind = "") {
  const el = $("status");
  fill(el, message);
  el.className = `status ${kind}`;
}

function drawEvents() {
  app.map.show(app.events);
  app.table.show(app.events, app.truncated);
  drawTimeline($("timeline"), app.events, (from, to) => app.filters.set({ ...app.filters.get(), date_from: from, date_to: to }));
}

function drawSide() {
  drawTrends($("trends"), $("trends-hint"), $("alerts-summary"), app.trends, app.alerts, TREND_WEEKS);
}

async function loadEvents(filters, firstPage = null, onFirstDraw = null) {
  const request = ++app.request;
  writeState(filters, app.openId);
  status(t("loading"));
  const show = (events, truncated) => {
    app.events = events;
    app.truncated = truncated;
    drawEvents();
    if (onFirstDraw) onFirstDraw();
  };
  try {
    // The newest page is drawn as soon as it arrives; the rest of the events follow it.
    const onFirstPage = (events) => request === app.request && show(events, true);
    const { events, truncated } = await fetchEvents(filters, { firstPage, onFirstPage });
    if (request !== app.request) return;
    show(events, truncated);
    status("");
  } catch (err) {
    if (request === app.request) status(t("error", { message: err.message }), "error");
  }
}

async function loadSide() {
  // Stats, trends and alerts fill the filter lists and the trend panel; the table never waits for them.
  const [stats, trends, alerts] = await Promise.allSettled([fetchStats(), fetchTrends(TREND_WEEKS), fetchAlerts()]);
  if (stats.status === "fulfilled") {
    app.stats = stats.value;
    app.filters.setOptions(stats.value.countries, stats.value.admin1);
  }
  if (trends.status === "fulfilled") app.trends = trends.value;
  if (alerts.status === "fulfilled") app.alerts = alerts.value;
  drawSide();
  const failed = [stats, trends, alerts].find((r) => r.status === "rejected");
  if (failed) status(t("error", { message: failed.reason.message }), "error");
}

function openEvent(id) {
  app.openId = id;
  app.table.select(id);
  app.map.select(id);
  writeState(app.filters.get(), id);
  app.detail.open(id);
}

function applyLang(lang) {
  setLang(lang);
  const toggle = $("lang-toggle");
  // The button names the other language in that language ("English" / "العربية").
  toggle.setAttribute("lang", lang === "ar" ? "en" : "ar");
  toggle.setAttribute("aria-label", t("lang_toggle_label"));
  if (app.filters) {
    app.filters.render();
    drawEvents();
    drawSide();
    if (app.openId && app.detail.event) app.detail.render();
  }
}

async function start() {
  // The first page of events and the outlines are requested at once, while the dictionaries load.
  const initial = readFilters();
  const firstPage = fetchEventsPage(initial);
  firstPage.catch(() => {}); // its error is reported by loadEvents, not as an unhandled rejection
  const outlines = MapView.fetchOutlines();
  outlines.catch(() => {});
  await loadDictionaries();
  applyLang(initialLang());
  $("lang-toggle").addEventListener("click", () => applyLang(getLang() === "ar" ? "en" : "ar"));

  app.map = new MapView($("map"), openEvent);
  app.table = new EventTable($("events-table"), $("table-count"), openEvent);
  app.detail = new DetailPanel($("detail"), $("detail-body"), $("detail-close"), () => {
    app.openId = null;
    app.table.select(null);
    app.map.select(null);
    writeState(app.filters.get(), null);
  });
  app.filters = new Filters($("filters"), loadEvents);
  bindTrends($("trends"), (admin1) => app.filters.set({ ...app.filters.get(), country: admin1.split("-")[0], admin1 }));

  app.filters.set(initial, false);
  const side = loadSide();
  // The first load is "done" when the table shows the newest events (the figure bench/dashboard_load.py
  // reports), which may be before the older pages are in.
  let ready = false;
  const markReady = () => {
    if (ready) return;
    ready = true;
    performance.mark("marsad:table-rendered");
    document.body.dataset.state = "ready";
    const eventId = readEventId();
    if (eventId) openEvent(eventId);
  };
  await loadEvents(initial, firstPage, markReady);
  markReady();
  // Outlines are drawn after the table: thousands of SVG path points must not delay the first view.
  try {
    app.map.addOutlines(await outlines);
  } catch (err) {
    status(t("error", { message: err.message }), "error");
  }
  await side;
  document.body.dataset.side = "ready";
}

start().catch((err) => {
  document.body.dataset.state = "error";
  status(`${err.message}`, "error");
});
