// The event detail panel: its fields, its sources, its audit trail, and one source article with the
// evidence sentence in <mark class="evidence"> and the field spans (trigger, date, place, actors, counts)
// marked inside it. The article is untrusted text: it is only ever set through text nodes.
import { fill, h, safeLink } from "./dom.js";
import { getLang, label, t } from "./i18n.js";
import { fetchArticle, fetchEvent } from "./api.js";
import { evidencePieces } from "./highlight.js";
import { num, placeName } from "./common.js";

function fields(ev) {
  const row = (key, value) => [h("dt", {}, t(`field_${key}`)), h("dd", {}, value)];
  const precision = ev.date_precision ? ` (${t(`precision_${ev.date_precision}`)})` : "";
  const coords = typeof ev.latitude === "number" ? `${ev.latitude.toFixed(3)}, ${ev.longitude.toFixed(3)}` : t("unknown");
  return h(
    "dl",
    { class: "fields" },
    row("event_type", label("event_type", ev.event_type)),
    row("sub_event_type", label("sub_event_type", ev.sub_event_type)),
    row("date", `${ev.date}${precision}`),
    row("place", placeName(ev)),
    row("country", label("country", ev.country)),
    row("actor1", ev.actor1 ?? t("unknown")),
    row("actor2", ev.actor2 ?? t("unknown")),
    row("fatalities", num(ev.fatalities)),
    row("injured", num(ev.injured)),
    row("confidence", typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : t("unknown")),
    row("geo_precision", ev.geo_precision ?? t("unknown")),
    row("coordinates", h("span", { dir: "ltr" }, coords)),
  );
}

/** The canonical text as nodes: the sentence pieces grouped in one <mark>, field spans as inner <span>s. */
export function highlightedArticle(text, evidence) {
  const { pieces, dropped } = evidencePieces(text, evidence);
  const body = h("div", { class: "article-text", lang: "ar", dir: "rtl" });
  let mark = null;
  for (const piece of pieces) {
    const node = piece.classes.length ? h("span", { class: ["ev", ...piece.classes] }, piece.text) : document.createTextNode(piece.text);
    if (piece.inSentence) {
      if (!mark) {
        mark = h("mark", { class: "evidence" });
        body.append(mark);
      }
      mark.append(node);
    } else {
      mark = null;
      body.append(node);
    }
  }
  return { body, dropped };
}

function legend() {
  const item = (cls, key) => h("span", { class: ["legend-item", cls] }, t(key));
  return h(
    "p",
    { class: "legend" },
    t("legend"),
    " ",
    h("span", { class: "legend-item legend-evidence" }, t("legend_evidence")),
    item("ev ev-trigger", "legend_trigger"),
    item("ev ev-date", "legend_date"),
    item("ev ev-place", "legend_place"),
    item("ev ev-actor", "legend_actor"),
    item("ev ev-count", "legend_count"),
  );
}

export class DetailPanel {
  constructor(aside, body, closeButton, onClose) {
    this.aside = aside;
    this.body = body;
    this.onClose = onClose;
    this.event = null;
    this.sourceIndex = 0;
    this.controller = null;
    closeButton.addEventListener("click", () => this.close());
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !this.aside.hidden) this.close();
    });
    body.addEventListener("click", (e) => {
      const btn = e.target.closest("button[data-source-index]");
      if (btn) this.showSource(Number(btn.dataset.sourceIndex));
    });
  }

  async open(id) {
    this.controller?.abort();
    this.controller = new AbortController();
    this.aside.hidden = false;
    this.aside.dataset.state = "loading";
    fill(this.body, h("p", { class: "hint" }, t("loading")));
    try {
      this.event = await fetchEvent(id, this.controller.signal);
      this.sourceIndex = 0;
      await this.render();
    } catch (err) {
      if (err.name === "AbortError") return;
      fill(this.body, h("p", { class: "error" }, t("error", { message: err.message })));
      this.aside.dataset.state = "error";
    }
  }

  close() {
    this.controller?.abort();
    this.aside.hidden = true;
    this.event = null;
    this.onClose();
  }

  sources() {
    const items = (this.event.sources ?? []).map((src, i) =>
      h(
        "li",
        { class: i === this.sourceIndex ? "current" : null },
        // <bdi>: Latin outlet names and reasons keep their own direction inside the Arabic line.
        h("strong", {}, h("bdi", {}, src.source ?? t("unknown"))),
        " ",
        h("time", { dir: "ltr" }, (src.published ?? "").slice(0, 16).replace("T", " ")),
        " · ",
        h("bdi", {}, src.reason ?? ""),
        typeof src.score === "number" ? ` · ${t("source_score", { score: src.score.toFixed(2) })}` : "",
        src.independent ? ` · ${t("source_independent")}` : "",
        " ",
        h("button", { type: "button", class: "link", dataset: { sourceIndex: i } }, t("source_show")),
        src.url ? [" ", safeLink(src.url, t("source_open"))] : null,
      ),
    );
    return h("ol", { class: "sources" }, items);
  }

  async render() {
    const ev = this.event;
    fill(
      this.body,
      h("h3", { class: "detail-title" }, `${label("sub_event_type", ev.sub_event_type)} · ${placeName(ev)}`),
      fields(ev),
      h("h3", {}, t("article")),
      h("div", { id: "article", class: "article" }, h("p", { class: "hint" }, t("loading"))),
      h("h3", {}, t("sources")),
      this.sources(),
      h("h3", {}, t("audit")),
      h("ol", { class: "audit", dir: "ltr" }, (ev.audit ?? []).map((line) => h("li", {}, line))),
    );
    await this.showSource(this.sourceIndex);
  }

  async showSource(index) {
    const src = (this.event?.sources ?? [])[index];
    this.sourceIndex = index;
    for (const [i, li] of [...this.body.querySelectorAll("ol.sources > li")].entries()) li.classList.toggle("current", i === index);
    const box = this.body.querySelector("#article");
    if (!src) {
      // No source (or none kept): the evidence sentence alone is what the event carries.
      fill(box, h("div", { class: "article-text", lang: "ar", dir: "rtl" }, h("mark", { class: "evidence" }, this.event?.evidence ?? "")));
      this.aside.dataset.state = "ready";
      return;
    }
    const article = await fetchArticle(src.article_id, this.controller.signal);
    const text = article.canonical ?? (article.title ? `${article.title}\n\n${article.text}` : article.text);
    const { body, dropped } = highlightedArticle(text, src.evidence_spans);
    fill(box, legend(), dropped ? h("p", { class: "warning" }, t("spans_missing")) : null, body);
    body.querySelector("mark.evidence")?.scrollIntoView({ block: "nearest" });
    this.aside.dataset.state = "ready";
    this.aside.dataset.lang = getLang();
  }
}
