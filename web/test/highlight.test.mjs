// node --test: the evidence pieces of an article, offsets in code points.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evidencePieces } from "../src/js/highlight.js";

const TEXT = "عنوان\n\nقتل ثلاثة مدنيين اليوم في بغداد. وقال مصدر.";

function span(text, part) {
  const start = Array.from(text).join("").indexOf(part);
  return { start: Array.from(text.slice(0, start)).length, end: Array.from(text.slice(0, start)).length + Array.from(part).length, text: part };
}

test("the sentence is one run of pieces and the field spans are marked inside it", () => {
  const ev = { sentence: span(TEXT, "قتل ثلاثة مدنيين اليوم في بغداد."), trigger: span(TEXT, "قتل"), place: span(TEXT, "بغداد"), date: null };
  const { pieces, dropped } = evidencePieces(TEXT, ev);
  assert.equal(dropped, 0);
  assert.equal(pieces.map((p) => p.text).join(""), TEXT);
  const inside = pieces.filter((p) => p.inSentence).map((p) => p.text).join("");
  assert.equal(inside, "قتل ثلاثة مدنيين اليوم في بغداد.");
  assert.deepEqual(pieces.find((p) => p.text === "قتل").classes, ["ev-trigger"]);
  assert.deepEqual(pieces.find((p) => p.text === "بغداد").classes, ["ev-place"]);
});

test("offsets count code points, so a character outside the BMP does not shift later spans", () => {
  const text = "😀 انفجار في الموصل";
  // 18 code points, 19 UTF-16 units: the emoji is one point; "الموصل" is points 12..18.
  const ev = { sentence: { start: 0, end: 18, text }, place: { start: 12, end: 17, text: "الموصل" } };
  // place.end above is deliberately wrong: a span whose text does not match is dropped, never misdrawn.
  const { dropped } = evidencePieces(text, ev);
  assert.equal(dropped, 1);
  const good = { place: { start: 12, end: 18, text: "الموصل" } };
  const { pieces } = evidencePieces(text, good);
  assert.equal(pieces.find((p) => p.classes.length).text, "الموصل");
});

test("out-of-bounds and inverted spans are dropped", () => {
  const { pieces, dropped } = evidencePieces("abc", { sentence: { start: 2, end: 9 }, trigger: { start: 2, end: 1 } });
  assert.equal(dropped, 2);
  assert.deepEqual(pieces, [{ text: "abc", inSentence: false, classes: [] }]);
});
