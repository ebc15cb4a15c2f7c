"""Weekly alerts per first-level subdivision: is this week unusual for this place, and is it getting worse?

The rule (defaults of `AlertRule` in brackets). For an area (country c, admin1) with weekly event counts
x_t, latest week T, and baseline weeks T-B .. T-1 (B = 8):

    S  = sum_{t=T-B}^{T-1} x_t                                   (the area's own baseline)
    m  = sum over the n_c areas of c in the input of their S / (n_c * B)   (the country's prior rate)
    a  = S + k * max(m, m_min),  b = B + k                        (k = 4 prior weeks, m_min = 0.1)
    baseline_rate = a / b
    p  = P(X >= x_T),  X ~ NegBin(shape a, rate b)                (Gamma(a, b) rate, Poisson count)

The rate is shrunk towards the country's average as if the area had been watched k more weeks at that
average, and the negative binomial is the predictive distribution of next week's count under that
uncertain rate, so a quiet area (S = 0) is not "high" after one event. The events level is `high` when
p < 0.01 and x_T >= 5, `elevated` when p < 0.05 and x_T >= 3, else `normal`. Fatalities f_t get the same
test with their own prior and minimum counts (high: p < 0.01 and f_T >= 20; elevated: p < 0.05 and
f_T >= 5). The alert's level is the higher of the two.

`security_declining` is true when either
  (trend) the last R = 4 weeks hold significantly more events than the P = 8 weeks before them: with
          r = sum_{t=T-3}^{T} x_t, q = sum_{t=T-11}^{T-4} x_t, n = r + q,
          P(Binomial(n, 4/12) >= r) < 0.05 and r >= 4 (the conditional test of equal weekly rates; it
          implies r/4 > q/8); or
  (persistence) the level is at least `elevated` both in week T and in week T-1 (computed the same way
          with the window shifted back one week).
A single large spike can satisfy the trend test too. Everything is a pure function of the counts: the
caller gives `until`, nothing reads the clock, and areas come out sorted by (country, admin1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from marsad.trends.stats import binom_sf, negbin_sf
from marsad.trends.weekly import AreaKey, WeekCount, weekly_counts

LEVELS = ("normal", "elevated", "high")


@dataclass(frozen=True, slots=True)
class AlertRule:
    baseline_weeks: int = 8
    prior_weeks: float = 4.0
    min_rate: float = 0.1
    p_elevated: float = 0.05
    p_high: float = 0.01
    min_events_elevated: int = 3
    min_events_high: int = 5
    min_fatalities_elevated: int = 5
    min_fatalities_high: int = 20
    recent_weeks: int = 4
    previous_weeks: int = 8
    p_trend: float = 0.05
    min_recent_events: int = 4

    @property
    def weeks_needed(self) -> int:
        """How many weeks of counts `evaluate` needs (12 with the defaults)."""
        return max(self.baseline_weeks + 2, self.recent_weeks + self.previous_weeks)


@dataclass(frozen=True, slots=True)
class Alert:
    """The verdict on one area for the week starting `week_start` (its latest week)."""

    country: str
    admin1: str | None
    week_start: date
    iso_week: str
    level: str
    events: int
    fatalities: int
    baseline_rate: float
    p_value: float
    fatality_baseline_rate: float
    fatality_p_value: float
    recent_rate: float
    previous_rate: float
    trend_p_value: float
    security_declining: bool
    #: What raised the level or the flag: "events", "fatalities", "trend", "persistent".
    reasons: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Identifies the alert for de-duplicated notification: area, ISO week and level."""
        return f"{self.country}/{self.admin1 or '-'}/{self.iso_week}/{self.level}"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["week_start"] = self.week_start.isoformat()
        out["reasons"] = list(self.reasons)
        out["key"] = self.key
        return out


def _level(p: float, count: int, rule: AlertRule, min_elevated: int, min_high: int) -> str:
    if p < rule.p_high and count >= min_high:
        return "high"
    if p < rule.p_elevated and count >= min_elevated:
        return "elevated"
    return "normal"


def tail_test(history: Sequence[int], latest: int, prior_rate: float, rule: AlertRule) -> tuple[float, float]:
    """(baseline_rate, p) for `latest` after the baseline weeks `history` (see the module docstring)."""
    shape = sum(history) + rule.prior_weeks * max(prior_rate, rule.min_rate)
    rate = len(history) + rule.prior_weeks
    return shape / rate, negbin_sf(latest, shape, rate)


def _prior_rates(series: Mapping[AreaKey, Sequence[int]], end: int, weeks: int) -> dict[str, float]:
    """Per country, the mean weekly count per area over the `weeks` weeks before index `end`."""
    totals: dict[str, list[int]] = {}
    for (country, _), counts in series.items():
        entry = totals.setdefault(country, [0, 0])
        entry[0] += sum(counts[end - weeks : end])
        entry[1] += 1
    return {country: total / (n * weeks) for country, (total, n) in totals.items()}


def _levels_at(
    events: Mapping[AreaKey, Sequence[int]], dead: Mapping[AreaKey, Sequence[int]], end: int, rule: AlertRule
) -> dict[AreaKey, tuple[str, float, float, float, float, tuple[str, ...]]]:
    b = rule.baseline_weeks
    prior_events, prior_dead = _prior_rates(events, end, b), _prior_rates(dead, end, b)
    out = {}
    for key, counts in events.items():
        rate, p = tail_test(counts[end - b : end], counts[end], prior_events[key[0]], rule)
        f_rate, f_p = tail_test(dead[key][end - b : end], dead[key][end], prior_dead[key[0]], rule)
        by_events = _level(p, counts[end], rule, rule.min_events_elevated, rule.min_events_high)
        by_dead = _level(f_p, dead[key][end], rule, rule.min_fatalities_elevated, rule.min_fatalities_high)
        level = max(by_events, by_dead, key=LEVELS.index)
        why = tuple(name for name, lv in (("events", by_events), ("fatalities", by_dead)) if lv != "normal")
        out[key] = (level, rate, p, f_rate, f_p, why)
    return out


def evaluate(counts: Mapping[AreaKey, Sequence[WeekCount]], rule: AlertRule = AlertRule()) -> list[Alert]:
    """One `Alert` per area for the last week of `counts` (as `weekly_counts` returns, same weeks for all)."""
    lengths = {len(weeks) for weeks in counts.values()}
    if len(lengths) > 1:
        raise ValueError("every area must have the same weeks")
    if lengths and min(lengths) < rule.weeks_needed:
        raise ValueError(f"the rule needs {rule.weeks_needed} weeks of counts, got {min(lengths)}")
    events = {k: [w.events for w in weeks] for k, weeks in counts.items()}
    dead = {k: [w.fatalities for w in weeks] for k, weeks in counts.items()}
    last = lengths.pop() - 1 if lengths else 0
    now, before = _levels_at(events, dead, last, rule), _levels_at(events, dead, last - 1, rule)
    share = rule.recent_weeks / (rule.recent_weeks + rule.previous_weeks)
    alerts = []
    for key in sorted(counts, key=lambda k: (k[0], k[1] or "")):
        level, rate, p, f_rate, f_p, why = now[key]
        series = events[key]
        split = last + 1 - rule.recent_weeks
        recent, previous = sum(series[split : last + 1]), sum(series[split - rule.previous_weeks : split])
        p_trend = binom_sf(recent, recent + previous, share)
        trend = p_trend < rule.p_trend and recent >= rule.min_recent_events
        persistent = level != "normal" and before[key][0] != "normal"
        week = counts[key][last]
        alerts.append(
            Alert(
                country=key[0], admin1=key[1], week_start=week.week_start, iso_week=week.iso_week,
                level=level, events=week.events, fatalities=week.fatalities,
                baseline_rate=rate, p_value=p, fatality_baseline_rate=f_rate, fatality_p_value=f_p,
                recent_rate=recent / rule.recent_weeks, previous_rate=previous / rule.previous_weeks,
                trend_p_value=p_trend, security_declining=trend or persistent,
                reasons=why + (("trend",) if trend else ()) + (("persistent",) if persistent else ()),
            )
        )  # fmt: skip
    return alerts


def compute_alerts(
    events: Iterable[Mapping[str, Any]], until: date, rule: AlertRule = AlertRule()
) -> list[Alert]:
    """Alerts for the ISO week holding `until`, from canonical event dicts (see `weekly_counts`)."""
    return evaluate(weekly_counts(events, rule.weeks_needed, until), rule)
