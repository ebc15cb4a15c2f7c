"""The evaluation gate: marsad on the hand-annotated dev set must not fall below the pinned floors.

Runs the real pipeline on ../shared/eval/dev.articles.jsonl and scores it with our implementation of
GUIDELINES §7 (tested elsewhere to agree with eval/score.py). Skipped where ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.evaluate import evaluate
from marsad.ingest.articles import read_articles
from marsad.pipeline import extract_article

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def metrics(shared_dir: Path) -> dict[str, object]:
    eval_dir = shared_dir / "eval"
    gold = {}
    for line in (eval_dir / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            gold[doc["doc_id"]] = doc
    system = {}
    for _, article, raw_id in read_articles(eval_dir / "dev.articles.jsonl"):
        assert not isinstance(article, Exception), f"dev article {raw_id} rejected: {article}"
        system[article.id] = {"doc_id": article.id, "events": [e.to_json() for e in extract_article(article)]}
    assert set(system) == set(gold)
    return evaluate(gold, system)


@pytest.mark.parametrize("name", ["f1", "strict_f1", "precision", "recall", "article_precision"])
def test_event_and_article_scores_hold_their_floor(metrics: dict[str, object], name: str) -> None:
    value = metrics[name]
    assert isinstance(value, float)
    assert value >= FLOORS[name], f"{name} fell to {value:.3f} (floor {FLOORS[name]})"


@pytest.mark.parametrize("name", ["admin1", "date", "fatalities"])
def test_field_accuracy_holds_its_floor(metrics: dict[str, object], name: str) -> None:
    fields = metrics["field_accuracy"]
    assert isinstance(fields, dict)
    assert fields[name] >= FLOORS[name], f"{name} accuracy fell to {fields[name]:.3f} (floor {FLOORS[name]})"
