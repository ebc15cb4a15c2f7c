"""The evaluation metrics of GUIDELINES §7: a system's events scored against gold, article by article.

Both inputs are JSONL files of `{"doc_id", "published", "events": [...]}` (GUIDELINES §8; extra fields are
ignored, and `core` is recomputed from the type rather than trusted). The definitions follow
`eval/score.py`, so the numbers are comparable with it:

* An event is *scored* when its type is core (GUIDELINES §2) and the days its date stands for (one day, the
  week from that Monday, or the calendar month, by `date_precision`) overlap the 30 days before the gold
  article's published date, inclusive. Events whose type or date cannot be read are not scored.
* A gold and a system event are *compatible* when country and event type agree and their day spans overlap
  with one day of slack; compatible pairs are matched greedily by score (1, plus 0.5 for admin1, 0.25 for
  sub-type, 0.25 for the exact date and 0.1 for fatalities agreeing), best first.
* Matched pairs are true positives; P/R/F1 over events, *strict* P/R/F1 where a match must also agree on
  sub-type, admin1, date and fatalities, article-level P/R/F1 (does the article have any scored event),
  accuracy per field on matched pairs, and P/R/F1 per event type.

Only gold articles count: a system article not in gold is ignored, a gold article missing from the system
file has no events.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

WINDOW_DAYS = 30

CORE_STRATEGIC = frozenset({"arrests", "disrupted_weapons_use"})

#: Fields compared on matched pairs, in report order; the first four decide a strict match.
FIELDS = ("sub_event_type", "admin1", "date", "fatalities", "injured", "actor1", "actor2")
STRICT_FIELDS = frozenset(FIELDS[:4])

# Match scores in hundredths so that ties are exact (0.25 + 0.25 == 0.5 with no rounding question).
_BASE, _W_ADMIN1, _W_SUBTYPE, _W_DATE, _W_FATALITIES = 100, 50, 25, 25, 10

Doc = Mapping[str, Any]
EventJson = Mapping[str, Any]


class EvalInputError(ValueError):
    """A gold or system file that cannot be read as JSONL of articles."""


def load_docs(path: str | Path) -> dict[str, Doc]:
    """The articles of a JSONL file by `doc_id` (a repeated id keeps its last line)."""
    docs: dict[str, Doc] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except ValueError as err:
                    raise EvalInputError(f"{path}:{line_no}: not JSON: {err}") from err
                if not isinstance(doc, dict) or not isinstance(doc.get("doc_id"), str):
                    raise EvalInputError(f"{path}:{line_no}: not an article object with a doc_id")
                docs[doc["doc_id"]] = doc
    except (OSError, UnicodeDecodeError) as err:
        raise EvalInputError(f"cannot read {path}: {err}") from err
    return docs


def _day(value: object) -> date:
    return date.fromisoformat(str(value)[:10])


def is_core(event: EventJson) -> bool:
    """Whether the event's type is scored (GUIDELINES §2)."""
    return event["event_type"] != "strategic_developments" or event["sub_event_type"] in CORE_STRATEGIC


def day_span(event: EventJson) -> tuple[date, date]:
    """First and last day the event's date stands for, by its precision."""
    start = _day(event["date"])
    precision = event.get("date_precision", "day")
    if precision == "week":
        return start, start + timedelta(days=6)
    if precision == "month":
        first_of_next = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return start, first_of_next - timedelta(days=1)
    return start, start


def scored_events(events: Sequence[EventJson], published: date) -> list[EventJson]:
    """The events that count for an article published on `published`."""
    earliest = published - timedelta(days=WINDOW_DAYS)
    out = []
    for event in events:
        try:
            if event.get("event_type") is None or not is_core(event):
                continue
            start, end = day_span(event)
        except (KeyError, TypeError, ValueError):
            # An event with an unreadable type or date can be neither matched nor counted against.
            continue
        if end >= earliest and start <= published:
            out.append(event)
    return out


def compatible(gold: EventJson, system: EventJson) -> bool:
    if gold.get("country") != system.get("country") or gold["event_type"] != system["event_type"]:
        return False
    (g0, g1), (s0, s1) = day_span(gold), day_span(system)
    slack = timedelta(days=1)
    return s0 <= g1 + slack and g0 <= s1 + slack


def same(a: object, b: object) -> bool:
    """Both given and equal as trimmed, case-folded text (so 3 == "3" and "iq-bg" == "IQ-BG")."""
    return a is not None and b is not None and str(a).strip().lower() == str(b).strip().lower()


def pair_points(gold: EventJson, system: EventJson) -> int:
    return (
        _BASE
        + _W_ADMIN1 * same(gold.get("admin1"), system.get("admin1"))
        + _W_SUBTYPE * same(gold.get("sub_event_type"), system.get("sub_event_type"))
        + _W_DATE * same(gold.get("date"), system.get("date"))
        + _W_FATALITIES * same(gold.get("fatalities"), system.get("fatalities"))
    )


def match_events(gold: Sequence[EventJson], system: Sequence[EventJson]) -> list[tuple[int, int]]:
    """Greedy maximum-score matching: `(gold index, system index)` pairs, best pairs first.

    Among equal scores the later gold event (then the later system event) is taken first, as score.py does.
    """
    candidates = sorted(
        (
            (pair_points(g, s), i, j)
            for i, g in enumerate(gold)
            for j, s in enumerate(system)
            if compatible(g, s)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((i, j))
    return pairs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class _Tally:
    counts: Counter[str] = field(default_factory=Counter)
    # field -> [correct, compared], in the order fields are first compared
    fields: dict[str, list[int]] = field(default_factory=dict)
    by_type: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def _compare_fields(tally: _Tally, gold: EventJson, system: EventJson) -> bool:
    """Count field agreement on one matched pair; whether it is a strict match."""
    strict = True
    for name in FIELDS:
        g, s = gold.get(name), system.get(name)
        # A field gold leaves unknown is not compared, except admin1: "unknown governorate" is an answer.
        if g is None and name != "admin1":
            continue
        hit = same(g, s) or (g is None and s is None)
        slot = tally.fields.setdefault(name, [0, 0])
        slot[0] += hit
        slot[1] += 1
        if name in STRICT_FIELDS and not hit:
            strict = False
    return strict


def evaluate(gold_docs: Mapping[str, Doc], system_docs: Mapping[str, Doc]) -> dict[str, Any]:
    """The metrics of GUIDELINES §7 as a JSON-ready dict (the shape of `score.py --json`)."""
    t = _Tally()
    c = t.counts
    for doc_id, gold_doc in gold_docs.items():
        published = _day(gold_doc["published"])
        gold = scored_events(gold_doc["events"], published)
        system = scored_events(system_docs.get(doc_id, {}).get("events", []), published)
        pairs = match_events(gold, system)
        c["tp"] += len(pairs)
        c["fp"] += len(system) - len(pairs)
        c["fn"] += len(gold) - len(pairs)
        c["doc_tp"] += bool(gold) and bool(system)
        c["doc_fp"] += not gold and bool(system)
        c["doc_fn"] += bool(gold) and not system
        for event in gold:
            t.by_type[event["event_type"]]["gold"] += 1
        for event in system:
            t.by_type[event["event_type"]]["system"] += 1
        for i, j in pairs:
            t.by_type[gold[i]["event_type"]]["tp"] += 1
            c["strict_tp"] += _compare_fields(t, gold[i], system[j])

    tp, fp, fn, stp = c["tp"], c["fp"], c["fn"], c["strict_tp"]
    p, r, f1 = prf(tp, fp, fn)
    # A loose match that fails strictly is both a false positive and a false negative of the strict score.
    sp, sr, sf1 = prf(stp, fp + tp - stp, fn + tp - stp)
    ap, ar, af1 = prf(c["doc_tp"], c["doc_fp"], c["doc_fn"])
    by_type = {}
    for name, v in sorted(t.by_type.items()):
        tp_t = v["tp"]
        tp_p, tp_r, tp_f = prf(tp_t, v["system"] - tp_t, v["gold"] - tp_t)
        by_type[name] = {"precision": tp_p, "recall": tp_r, "f1": tp_f, "gold": v["gold"]}
    return {
        "articles": len(gold_docs),
        "gold_events": tp + fn,
        "system_events": tp + fp,
        "precision": p,
        "recall": r,
        "f1": f1,
        "strict_precision": sp,
        "strict_recall": sr,
        "strict_f1": sf1,
        "article_precision": ap,
        "article_recall": ar,
        "article_f1": af1,
        "field_accuracy": {name: (ok / n if n else None) for name, (ok, n) in t.fields.items()},
        "field_counts": {name: n for name, (_, n) in t.fields.items()},
        "by_type": by_type,
    }


def evaluate_files(gold_path: str | Path, system_path: str | Path) -> dict[str, Any]:
    return evaluate(load_docs(gold_path), load_docs(system_path))


def format_report(m: Mapping[str, Any]) -> str:
    """The metrics as text, line for line the report of score.py."""
    lines = [
        f"articles {m['articles']}  gold events {m['gold_events']}  system events {m['system_events']}",
        f"events          P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}",
        f"events strict   P {m['strict_precision']:.3f}  R {m['strict_recall']:.3f}  F1 {m['strict_f1']:.3f}",
        f"articles        P {m['article_precision']:.3f}  R {m['article_recall']:.3f}"
        f"  F1 {m['article_f1']:.3f}",
        "field accuracy on matched events:",
    ]
    for name, acc in m["field_accuracy"].items():
        n = m["field_counts"][name]
        lines.append(f"  {name:15s} {acc:.3f}  (n={n})" if acc is not None else f"  {name:15s} -")
    lines.append("by type:")
    for name, v in m["by_type"].items():
        lines.append(
            f"  {name:28s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  (gold {v['gold']})"
        )
    return "\n".join(lines)
