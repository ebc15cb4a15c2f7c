"""The alert rule on hand-computed small cases: spikes, quiet and steady places, slow rises, fatalities."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from marsad.trends import Alert, AlertRule, WeekCount, compute_alerts, evaluate
from marsad.trends.weekly import AreaKey

START = date(2024, 1, 1)  # a Monday


def counts(
    *areas: tuple[AreaKey, Sequence[int]], dead: Sequence[int] | None = None
) -> dict[AreaKey, list[WeekCount]]:
    return {
        key: [WeekCount(START + timedelta(weeks=i), n, dead[i] if dead else 0) for i, n in enumerate(series)]
        for key, series in areas
    }


KI: AreaKey = ("IQ", "IQ-KI")


def only(series: Sequence[int], rule: AlertRule | None = None, dead: Sequence[int] | None = None) -> Alert:
    (alert,) = evaluate(counts((KI, series), dead=dead), rule or AlertRule())
    return alert


def test_a_spike_from_one_a_week_to_nine_is_high() -> None:
    alert = only([1] * 11 + [9])
    # S = 8 over 8 weeks, country prior m = 1: a = 8 + 4 * 1 = 12, b = 8 + 4 = 12.
    assert alert.baseline_rate == pytest.approx(1.0)
    assert alert.level == "high" and alert.p_value < 0.001
    assert alert.events == 9 and "events" in alert.reasons


def test_one_event_after_eight_quiet_weeks_stays_normal() -> None:
    alert = only([0] * 11 + [1])
    # a = 0 + 4 * max(0, 0.1) = 0.4, b = 12; P(X >= 1) = 1 - (12/13)^0.4.
    assert alert.baseline_rate == pytest.approx(0.4 / 12)
    assert alert.p_value == pytest.approx(1 - (12 / 13) ** 0.4)
    assert alert.p_value < 0.05  # unusual, but a single event is below the minimum count
    assert alert.level == "normal" and not alert.security_declining


def test_a_steady_five_a_week_is_normal() -> None:
    alert = only([5] * 12)
    assert alert.baseline_rate == pytest.approx(5.0)
    assert alert.level == "normal" and alert.p_value > 0.5
    assert not alert.security_declining and alert.trend_p_value > 0.5


def test_a_gradual_rise_flags_declining_security_without_an_alert() -> None:
    alert = only([1] * 8 + [2, 2, 3, 3])
    # r = 10, q = 8, n = 18: P(Binomial(18, 1/3) >= 10) = 0.0433.
    assert alert.trend_p_value == pytest.approx(
        sum(math.comb(18, k) * (1 / 3) ** k * (2 / 3) ** (18 - k) for k in range(10, 19))
    )
    assert alert.trend_p_value == pytest.approx(0.0433, abs=1e-4)
    assert alert.level == "normal"
    assert alert.security_declining and alert.reasons == ("trend",)
    assert (alert.recent_rate, alert.previous_rate) == (2.5, 1.0)


def test_two_elevated_weeks_in_a_row_flag_declining_security() -> None:
    no_trend = AlertRule(min_recent_events=10**6)  # isolate the persistence clause
    alert = only([0] * 10 + [3, 3], no_trend)
    assert alert.level == "elevated" and alert.security_declining
    assert alert.reasons == ("events", "persistent")
    once = only([0] * 11 + [3], no_trend)
    assert once.level == "elevated" and not once.security_declining


def test_a_deadly_week_raises_the_level_through_fatalities() -> None:
    alert = only([1] * 12, dead=[0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 30])
    assert alert.p_value > 0.3 and alert.fatality_p_value < 0.001
    assert alert.level == "high" and alert.reasons == ("fatalities",)
    few = only([1] * 12, dead=[0] * 11 + [4])
    assert few.level == "normal"  # below the minimum of 5 fatalities


def test_the_country_prior_tempers_a_quiet_area_of_a_busy_country() -> None:
    alone = only([0] * 11 + [3])
    assert alone.level == "elevated"
    busy = evaluate(counts((("IQ", "IQ-BG"), [10] * 12), (KI, [0] * 11 + [3])))
    by_area = {a.admin1: a for a in busy}
    # m = (80 + 0) / (2 * 8) = 5: a = 0 + 4 * 5 = 20, b = 12.
    assert by_area["IQ-KI"].baseline_rate == pytest.approx(20 / 12)
    assert by_area["IQ-KI"].level == "normal"
    assert by_area["IQ-BG"].level == "normal"


def test_the_rule_needs_enough_weeks() -> None:
    with pytest.raises(ValueError, match="12 weeks"):
        only([1] * 11)


def test_alerts_from_events_are_deterministic_and_serializable() -> None:
    events = [{"id": f"e{i}", "date": (date(2020, 10, 5) + timedelta(days=i % 91)).isoformat(),
               "date_precision": "day", "country": "IQ", "admin1": ("IQ-KI", "IQ-BG", "IQ-NI")[i % 3],
               "fatalities": i % 5} for i in range(400)]  # fmt: skip
    events += [{"id": f"s{i}", "date": "2020-12-31", "date_precision": "day", "country": "IQ",
                "admin1": "IQ-KI", "fatalities": 3} for i in range(25)]  # fmt: skip
    until = date(2021, 1, 3)  # the Sunday of 2020-W53
    first = compute_alerts(events, until)
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    assert compute_alerts(shuffled, until) == first
    assert [a.admin1 for a in first] == ["IQ-BG", "IQ-KI", "IQ-NI"]
    kirkuk = first[1]
    assert kirkuk.iso_week == "2020-W53" and kirkuk.level == "high" and kirkuk.security_declining
    payload = json.loads(json.dumps(kirkuk.to_json()))
    assert payload["week_start"] == "2020-12-28" and payload["key"] == "IQ/IQ-KI/2020-W53/high"
    assert set(payload) >= {"level", "p_value", "baseline_rate", "events", "security_declining"}
