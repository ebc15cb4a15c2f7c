// Events per week as SVG bars (hand-written: a chart library would be more code than the chart).
// Clicking a week sets the date filter to it.
import { s, fill } from "./dom.js";
import { addDays, weekStart } from "./common.js";
import { t } from "./i18n.js";

const W = 640;
const H = 120;
const PAD = { top: 8, bottom: 22, side: 6 };

/** Weekly counts from the first to the last week with events, empty weeks included. */
export function weeklyCounts(events) {
  if (!events.length) return [];
  const counts = new Map();
  for (const ev of events) {
    const w = weekStart(ev.date);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const weeks = [...counts.keys()].sort();
  const out = [];
  for (let w = weeks[0]; w <= weeks[weeks.length - 1]; w = addDays(w, 7)) out.push({ week: w, count: counts.get(w) ?? 0 });
  return out;
}

export function drawTimeline(container, events, onWeek) {
  const weeks = weeklyCounts(events);
  if (!weeks.length) {
    fill(container);
    return;
  }
  const max = Math.max(...weeks.map((w) => w.count));
  const slot = (W - 2 * PAD.side) / weeks.length;
  const plotH = H - PAD.top - PAD.bottom;
  const labelEvery = Math.max(1, Math.ceil(weeks.length / 8));
  const bars = weeks.map((w, i) => {
    const barH = max ? (w.count / max) * plotH : 0;
    const x = PAD.side + i * slot;
    return s(
      "g",
      { class: "week", tabindex: 0, role: "button", dataset: { week: w.week }, "aria-label": `${w.week}: ${w.count}` },
      s("title", {}, `${w.week} → ${addDays(w.week, 6)}: ${w.count}`),
      s("rect", { class: "hit", x, y: PAD.top, width: slot, height: plotH }),
      s("rect", { class: "bar", x: x + slot * 0.1, y: PAD.top + plotH - barH, width: slot * 0.8, height: barH }),
      i % labelEvery === 0 ? s("text", { x: x + slot / 2, y: H - 6, "text-anchor": "middle" }, w.week.slice(5)) : null,
    );
  });
  // The chart reads left to right (time) in both languages, like the dates under it.
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": t("timeline"), direction: "ltr" }, bars);
  const pick = (target) => {
    const g = target.closest?.("g.week");
    if (g) onWeek(g.dataset.week, addDays(g.dataset.week, 6));
  };
  svg.addEventListener("click", (e) => pick(e.target));
  svg.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      pick(e.target);
    }
  });
  fill(container, svg);
}
