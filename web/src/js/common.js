// Small shared helpers: event-type colours, week arithmetic, place names.
import { getLang, label, t } from "./i18n.js";

/** One colour per event type, shared by the map, the table and the legend (colour-blind safe palette). */
export const TYPE_COLORS = {
  battles: "#d55e00",
  explosions_remote_violence: "#cc2936",
  violence_against_civilians: "#8e44ad",
  protests: "#0072b2",
  riots: "#e69f00",
  strategic_developments: "#009e73",
};

export function typeColor(type) {
  return TYPE_COLORS[type] ?? "#666666";
}

/** The Monday (UTC, ISO date) of the week an ISO date falls in. */
export function weekStart(isoDate) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The place of an event in the interface language: the name as the article wrote it in Arabic. */
export function placeName(ev) {
  const local = getLang() === "ar" ? ev.location_ar || ev.location_en : ev.location_en || ev.location_ar;
  const region = ev.admin1 ? label("admin1", ev.admin1) : ev.country ? label("country", ev.country) : null;
  const sep = getLang() === "ar" ? "، " : ", ";
  if (local && region && local !== region) return `${local}${sep}${region}`;
  return local || region || t("unknown");
}

export function num(value) {
  return value === null || value === undefined ? t("unknown") : String(value);
}
