"""The GUIDELINES §7 metrics: hand-made cases with known answers, and agreement with eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from marsad.evaluate import evaluate, evaluate_files, format_report, match_events


def ev(event_type: str = "explosions_remote_violence", **fields: Any) -> dict[str, Any]:
    sub = {"battles": "armed_clash", "protests": "peaceful_protest"}.get(event_type, "suicide_bomb")
    base = {"event_type": event_type, "sub_event_type": sub, "date": "2021-03-14", "date_precision": "day"}
    return base | {"country": "IQ", "admin1": "IQ-BG", "fatalities": None} | fields


def doc(doc_id: str, *events: dict[str, Any], published: str = "2021-03-14T18:00:00+03:00") -> dict[str, Any]:
    return {"doc_id": doc_id, "published": published, "events": list(events)}


GOLD = {
    "d1": doc(
        "d1",
        ev(fatalities=7),
        ev("battles", country="SY", admin1="SY-ID", date="2021-03-10"),
        ev("strategic_developments", sub_event_type="change_to_group_activity"),  # not core: not scored
        ev(date="2020-01-01"),  # older than 30 days: not scored
    ),
    "d2": doc("d2"),
    "d3": doc("d3", ev("protests", date="2021-03-13")),
}
SYSTEM = {
    "d1": doc(
        "d1",
        ev(fatalities=7),  # exact match
        ev("battles", country="SY", admin1="SY-ID", date="2021-03-12"),  # two days off: not compatible
        ev("strategic_developments", sub_event_type="agreement"),  # not core: neither rewarded nor penalised
    ),
    "d2": doc("d2", ev()),  # a false alarm
    "unknown": doc("unknown", ev()),  # not in gold: ignored
}


def test_known_precision_and_recall() -> None:
    m = evaluate(GOLD, SYSTEM)
    assert (m["articles"], m["gold_events"], m["system_events"]) == (3, 3, 3)
    assert m["precision"] == pytest.approx(1 / 3) and m["recall"] == pytest.approx(1 / 3)
    assert m["f1"] == pytest.approx(1 / 3)
    assert m["strict_precision"] == pytest.approx(1 / 3)
    # d1 found, d2 a false alarm, d3 missed
    assert m["article_precision"] == 0.5 and m["article_recall"] == 0.5
    assert m["field_accuracy"]["fatalities"] == 1.0 and m["field_counts"]["fatalities"] == 1
    assert "injured" not in m["field_counts"]  # gold never gives it
    assert m["by_type"]["battles"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 1}
    assert m["by_type"]["explosions_remote_violence"]["precision"] == 0.5


def test_one_day_of_slack_and_month_precision() -> None:
    gold = {"d": doc("d", ev(date="2021-03-10"), ev("battles", date="2021-03-01", date_precision="month"))}
    system = {"d": doc("d", ev(date="2021-03-11"), ev("battles", date="2021-03-09"))}
    m = evaluate(gold, system)
    assert m["precision"] == 1.0 and m["recall"] == 1.0
    # matched, but the date is not the same day, so not strict
    assert m["strict_recall"] == 0.0 and m["field_accuracy"]["date"] == 0.0


def test_country_and_type_must_agree() -> None:
    gold = {"d": doc("d", ev())}
    for wrong in (ev(country="SY"), ev("battles"), ev(country=None)):
        assert evaluate(gold, {"d": doc("d", wrong)})["precision"] == 0.0


def test_greedy_matching_prefers_the_better_pair() -> None:
    gold = [ev(admin1="IQ-BG"), ev(admin1="IQ-NI")]
    system = [ev(admin1="IQ-NI"), ev(admin1="IQ-BG")]
    assert sorted(match_events(gold, system)) == [(0, 1), (1, 0)]


def test_strict_needs_subtype_admin1_date_and_fatalities() -> None:
    gold = {"d": doc("d", ev(fatalities=3))}
    for field, value, strict in [
        ("fatalities", 4, 0.0),
        ("actor1", "Islamic State", 1.0),
        ("admin1", None, 0.0),
    ]:
        m = evaluate(gold, {"d": doc("d", ev(fatalities=3) | {field: value})})
        assert m["recall"] == 1.0 and m["strict_recall"] == strict, field


def test_unreadable_events_are_not_scored() -> None:
    system = {"d": doc("d", ev(date="someday"), {"event_type": None}, ev(date_precision=None))}
    m = evaluate({"d": doc("d", ev())}, system)
    assert m["system_events"] == 1 and m["precision"] == 1.0


# --- agreement with the reference scorer -------------------------------------------------------------------


def perturb(gold_path: Path) -> list[dict[str, Any]]:
    """A plausible imperfect system: deterministic drops, shifts, wrong fields, extra events, a lost doc."""
    out = []
    k = 0
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        gold_doc = json.loads(line)
        if n % 11 == 5:
            continue  # the system never saw this article
        events = []
        for e in gold_doc["events"]:
            k += 1
            e = dict(e)
            if k % 5 == 0:
                continue
            if k % 3 == 0:
                day = int(e["date"][8:10])
                e["date"] = e["date"][:8] + f"{max(1, day - 1):02d}"
            if k % 4 == 0:
                e["admin1"] = None
            if k % 6 == 0:
                e["fatalities"] = (e.get("fatalities") or 0) + 1
            if k % 7 == 0:
                e["event_type"], e["sub_event_type"] = "battles", "armed_clash"
            if k % 9 == 0:
                e["actor1"] = "Unidentified Armed Group"
            e.pop("core", None)
            events.append(e)
        if n % 4 == 1:
            events.append(ev(date=gold_doc["published"][:10], admin1="IQ-DI"))
        out.append({"doc_id": gold_doc["doc_id"], "events": events})
    return out


def score_py(shared: Path, gold: Path, system: Path, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(system), *extra],
        capture_output=True,
        text=True,
        check=True,
        cwd=shared / "eval",
        timeout=120,
    )
    return result.stdout


def test_same_metrics_as_score_py(shared_dir: Path, tmp_path: Path) -> None:
    gold = shared_dir / "eval" / "dev.gold.jsonl"
    system = tmp_path / "system.jsonl"
    system.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in perturb(gold)), encoding="utf-8"
    )
    for other in (gold, system):
        reference = json.loads(score_py(shared_dir, gold, other, "--json"))
        ours = evaluate_files(gold, other)
        assert ours == reference
        assert format_report(ours) + "\n" == score_py(shared_dir, gold, other)
    assert evaluate_files(gold, gold)["f1"] == 1.0
    assert 0.3 < evaluate_files(gold, system)["f1"] < 0.95  # the perturbation really changed something


def test_marsad_eval_prints_score_py_json(shared_dir: Path) -> None:
    gold = shared_dir / "eval" / "dev.gold.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "marsad.cli", "eval", str(gold), str(gold), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == score_py(shared_dir, gold, gold, "--json")
