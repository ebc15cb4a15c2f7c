// The map: country outlines drawn from a GeoJSON built from Natural Earth at build time, and one circle
// per event (area grows with fatalities). No tile layer, so it needs no network. Leaflet is loaded as a
// classic script (window.L). Tooltips get DOM nodes, never strings: Leaflet sets strings with innerHTML.
import { h } from "./dom.js";
import { label } from "./i18n.js";
import { placeName, typeColor } from "./common.js";

const REGION = [
  [12, 9],
  [40, 60],
]; // [[south, west], [north, east]] shown when there is nothing to fit

function radius(fatalities) {
  return 5 + Math.min(18, 2.5 * Math.sqrt(fatalities ?? 0));
}

export class MapView {
  constructor(container, onSelect) {
    const L = window.L;
    this.L = L;
    this.onSelect = onSelect;
    this.map = L.map(container, { zoomSnap: 0.5, minZoom: 3, maxZoom: 11, worldCopyJump: false, attributionControl: true });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth");
    this.map.fitBounds(REGION);
    this.outlines = L.geoJSON(null, { interactive: false, style: { color: "#8a8f98", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(this.map);
    this.markers = L.featureGroup().addTo(this.map);
    this.byId = new Map();
    this.selected = null;
  }

  static async fetchOutlines() {
    const res = await fetch("/static/geo/outlines.geojson");
    if (!res.ok) throw new Error(`outlines: HTTP ${res.status}`);
    return res.json();
  }

  addOutlines(geojson) {
    this.outlines.addData(geojson);
    this.outlines.bringToBack();
  }

  tooltip(ev) {
    return h("div", { class: "map-tip" }, h("strong", {}, label("sub_event_type", ev.sub_event_type)), h("br"), placeName(ev), h("br"), ev.date);
  }

  show(events) {
    const L = this.L;
    this.markers.clearLayers();
    this.byId.clear();
    for (const ev of events) {
      if (typeof ev.latitude !== "number" || typeof ev.longitude !== "number") continue;
      const color = typeColor(ev.event_type);
      const marker = L.circleMarker([ev.latitude, ev.longitude], {
        radius: radius(ev.fatalities),
        color,
        weight: 1.5,
        fillColor: color,
        fillOpacity: 0.45,
        className: "event-marker",
      });
      marker.bindTooltip(this.tooltip(ev), { direction: "top" });
      marker.on("click", () => this.onSelect(ev.id));
      marker.on("add", () => {
        const path = marker.getElement();
        if (path) path.dataset.eventId = ev.id; // lets tests and keyboard users find a marker
      });
      marker.addTo(this.markers);
      this.byId.set(ev.id, marker);
    }
    const bounds = this.markers.getBounds();
    // No animation: the view is final when show() returns (screenshots and tests read it at once).
    if (bounds.isValid()) this.map.fitBounds(bounds.pad(0.15), { maxZoom: 7, animate: false });
    else this.map.fitBounds(REGION, { animate: false });
  }

  select(id) {
    if (this.selected) this.selected.setStyle({ weight: 1.5 });
    this.selected = this.byId.get(id) ?? null;
    if (this.selected) {
      this.selected.setStyle({ weight: 4 });
      this.selected.bringToFront();
    }
  }

  relabel(events) {
    for (const ev of events) this.byId.get(ev.id)?.setTooltipContent(this.tooltip(ev));
  }

  /** Leaflet measures its container; call after the layout changes size. */
  resize() {
    this.map.invalidateSize();
  }
}
