// The event table: one row per event, newest first; a row opens the event's detail (click or Enter).
import { fill, h } from "./dom.js";
import { label, t } from "./i18n.js";
import { num, placeName, typeColor } from "./common.js";

const MAX_ROWS = 500; // more rows than this make the page slow and nobody reads them: filter instead

export class EventTable {
  constructor(table, countEl, onSelect) {
    this.body = table.tBodies[0];
    this.countEl = countEl;
    this.selectedId = null;
    const open = (target) => {
      const row = target.closest("tr[data-event-id]");
      if (row) onSelect(row.dataset.eventId);
    };
    this.body.addEventListener("click", (e) => open(e.target));
    this.body.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        open(e.target);
      }
    });
  }

  show(events, truncated) {
    const rows = events.slice(0, MAX_ROWS).map((ev) =>
      h(
        "tr",
        { tabindex: 0, dataset: { eventId: ev.id, admin1: ev.admin1 ?? "", eventType: ev.event_type }, class: ev.id === this.selectedId ? "selected" : null },
        h("td", { class: "date" }, ev.date),
        h(
          "td",
          {},
          h("span", { class: "swatch", "aria-hidden": "true", dataset: { type: ev.event_type } }),
          label("sub_event_type", ev.sub_event_type),
        ),
        h("td", {}, placeName(ev)),
        h("td", { class: "num" }, num(ev.fatalities)),
        h("td", { class: "num" }, num(ev.n_sources)),
      ),
    );
    if (!rows.length) rows.push(h("tr", { class: "empty" }, h("td", { colspan: 5 }, t("no_events"))));
    fill(this.body, rows);
    // Swatch colours come from the same table as the map's; set through CSSOM, which the CSP allows.
    for (const sw of this.body.querySelectorAll(".swatch")) sw.style.backgroundColor = typeColor(sw.dataset.type);
    const shown = Math.min(events.length, MAX_ROWS);
    fill(this.countEl, t("showing", { shown, total: events.length }), truncated || events.length > MAX_ROWS ? ` (${t("more_available")})` : "");
  }

  select(id) {
    this.selectedId = id;
    for (const row of this.body.rows) row.classList.toggle("selected", row.dataset.eventId === id);
  }
}
