// Governorate trends: one small bar chart of weekly events per governorate, with its alert badge
// (normal / elevated / high) and a "security declining" badge. Highest alerts first.
import { fill, h, s } from "./dom.js";
import { label, t } from "./i18n.js";

const W = 160;
const H = 44;
const LEVEL_RANK = { high: 0, elevated: 1, normal: 2 };

export function badge(level) {
  return h("span", { class: ["badge", `level-${level}`], dataset: { level } }, label("level", level));
}

function spark(values) {
  const max = Math.max(1, ...values);
  const slot = W / Math.max(1, values.length);
  return s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "spark", "aria-hidden": "true", direction: "ltr" },
    values.map((v, i) => {
      const barH = (v / max) * (H - 2);
      return s("rect", { x: i * slot + slot * 0.12, y: H - barH, width: slot * 0.76, height: barH, class: v ? "bar" : "bar zero" });
    }),
  );
}

/** Join trend series and alerts by admin1, order by alert level then by events in the window. */
export function trendCards(trends, alerts) {
  const alertOf = new Map(alerts.map((a) => [a.admin1, a]));
  const cards = trends.series
    .filter((sr) => sr.admin1)
    .map((sr) => ({ ...sr, alert: alertOf.get(sr.admin1) ?? null, total: sr.events.reduce((a, b) => a + b, 0) }));
  // Alerts for a governorate with no series still show (as a card with no bars).
  for (const a of alerts) {
    if (a.admin1 && !cards.some((c) => c.admin1 === a.admin1)) cards.push({ country: a.country, admin1: a.admin1, events: [], fatalities: [], alert: a, total: 0 });
  }
  const rank = (c) => LEVEL_RANK[c.alert?.level ?? "normal"] ?? 2;
  return cards.sort((a, b) => rank(a) - rank(b) || b.total - a.total || a.admin1.localeCompare(b.admin1));
}

export function drawTrends(container, hintEl, summaryEl, trends, alerts, weeks) {
  const cards = trendCards(trends, alerts);
  fill(hintEl, t("trends_hint", { weeks }));
  const levels = { high: 0, elevated: 0 };
  for (const a of alerts) if (a.level in levels) levels[a.level] += 1;
  fill(summaryEl, levels.high || levels.elevated ? t("alerts_summary", levels) : "");
  summaryEl.classList.toggle("hot", levels.high > 0);
  if (!cards.length) {
    fill(container, h("p", { class: "hint" }, t("no_trends")));
    return;
  }
  fill(
    container,
    cards.map((c) => {
      const level = c.alert?.level ?? "normal";
      // The alert's reasons (English, from the server) go in the tooltip: why this level.
      const title = [label("admin1", c.admin1), ...(c.alert?.reasons ?? [])].join("\n");
      return h(
        "button",
        { type: "button", class: ["trend", `level-${level}`], dataset: { admin1: c.admin1 }, title },
        h(
          "span",
          { class: "trend-head" },
          h("span", { class: "trend-name" }, label("admin1", c.admin1)),
          badge(level),
          c.alert?.security_declining ? h("span", { class: "badge declining", dataset: { declining: "true" } }, label("level", "declining")) : null,
        ),
        spark(c.events),
        h("span", { class: "trend-total" }, String(c.total)),
      );
    }),
  );
}

/** Clicking a governorate's card filters on it. Bound once; the cards are redrawn beneath it. */
export function bindTrends(container, onAdmin1) {
  container.addEventListener("click", (e) => {
    const card = e.target.closest("button.trend");
    if (card) onAdmin1(card.dataset.admin1);
  });
}
