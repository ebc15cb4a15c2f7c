// Where the evidence spans fall in an article's canonical text, as a flat list of pieces to draw.
//
// The API's offsets count Unicode code points (Python string indices), end exclusive; JavaScript strings
// index UTF-16 code units. Arabic text has no surrogate pairs, but emoji or rare symbols in an article
// would shift every later offset, so the text is cut by code points here. Pure: no DOM, tested by node.

/** The kinds of span an evidence record carries, and the CSS class each gets. */
export const SPAN_CLASSES = {
  trigger: "ev-trigger",
  date: "ev-date",
  place: "ev-place",
  actor1: "ev-actor",
  actor2: "ev-actor",
  fatalities: "ev-count",
  injured: "ev-count",
};

/**
 * Check spans against the text: a span whose text differs from the slice it names (an article replaced by
 * a newer version, say) is dropped. Returns {spans: [{kind, start, end}], dropped: n}, offsets in code points.
 */
export function checkSpans(points, evidence) {
  const spans = [];
  let dropped = 0;
  for (const [kind, span] of Object.entries(evidence ?? {})) {
    if (!span || !(kind === "sentence" || kind in SPAN_CLASSES)) continue;
    const { start, end, text } = span;
    const inBounds = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= points.length;
    if (inBounds && (text === undefined || points.slice(start, end).join("") === text)) {
      spans.push({ kind, start, end });
    } else {
      dropped += 1;
    }
  }
  return { spans, dropped };
}

/**
 * Cut `text` at every span boundary. Each piece is {text, inSentence, classes}: `inSentence` says it lies
 * in the evidence sentence (drawn inside one <mark class="evidence">), `classes` the field spans covering it.
 */
export function evidencePieces(text, evidence) {
  const points = Array.from(text); // code points
  const { spans, dropped } = checkSpans(points, evidence);
  const cuts = new Set([0, points.length]);
  for (const sp of spans) {
    cuts.add(sp.start);
    cuts.add(sp.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const [start, end] = [bounds[i], bounds[i + 1]];
    const covering = spans.filter((sp) => sp.start <= start && end <= sp.end);
    const classes = [...new Set(covering.filter((sp) => sp.kind !== "sentence").map((sp) => SPAN_CLASSES[sp.kind]))].sort();
    pieces.push({ text: points.slice(start, end).join(""), inSentence: covering.some((sp) => sp.kind === "sentence"), classes });
  }
  return { pieces, dropped };
}
