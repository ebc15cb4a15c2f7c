"""When an event happened: its own clause's date, then its sentence's, then the story's.

Background sentences ("وكان ... قد", another year) need a date of their own; a date after منذ starts something
ongoing (so does one a few words after it: "منذ أن بدأت الاحتجاجات يوم 30 مارس"), and the day a campaign
began ("التي بدأت في 30 مارس") dates no event of the sentence; a cause after "ردا على" keeps its own date;
headline and lead are breaking news, and the rest of an undated story, a protest wave or a campaign is dated
by month (GUIDELINES §3).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from marsad.events.analysis import Analysis, Found, Sentence
from marsad.events.lexicons import lexicons
from marsad.events.placing import prev_word
from marsad.finders.dates import DateMention
from marsad.text.normalize import normalize_string

STORY_WINDOW = timedelta(days=7)


LEAD_SENTENCES = 2  # the headline and the first sentences of the body: where breaking news is told


def story_date(a: Analysis, published: date) -> DateMention | None:
    lead_end = a.sentences[min(3, len(a.sentences) - 1)].end if a.sentences else 0
    for d in a.dates:
        if d.start > lead_end:
            break
        if d.precision == "day" and published - STORY_WINDOW <= d.date <= published:
            return d
    return None


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _is_background(a: Analysis, sent: Sentence, published: date) -> bool:
    """A sentence that recalls the past: "وكان ... قد", or one that names another year than the story's."""
    head = a.normalized(sent.start, sent.start + 12).split()
    if head and head[0] in lexicons().roles.background_openers:
        return True
    text = a.normalized(sent.start, sent.end)
    return any(int(y) != published.year for y in YEAR.findall(text))


SINCE_REACH = 5  # words from منذ to its date: "منذ أن بدأت الاحتجاجات يوم 30 مارس"
CLAUSE_END = re.compile(r"[،,.؛;:!?؟\n]")


def _words_before(a: Analysis, pos: int, n: int) -> list[str]:
    """The (normalized) words of the clause before `pos`, at most `n`, nearest last."""
    window = CLAUSE_END.split(a.text[max(0, pos - 80) : pos])[-1]
    return normalize_string(window).split()[-n:]


def _is_since(a: Analysis, d: DateMention) -> bool:
    """ "منذ 18 فبراير": the start of something ongoing, not the day of one event."""
    roles = lexicons().roles
    prev, _ = prev_word(a, d.start)
    if prev in roles.since:
        return True
    if normalize_string(d.text).startswith("منذ") and d.precision != "day":
        return True
    return bool(roles.since_far & set(_words_before(a, d.start, SINCE_REACH)))


def _is_campaign_start(a: Analysis, d: DateMention) -> bool:
    """ "مسيرة العودة التي بدأت في 30 مارس": the day a campaign began, not that of what the sentence tells."""
    text = " ".join(_words_before(a, d.start, 4))
    return any(phrase in text for phrase in lexicons().roles.campaign_start)


def _causes(a: Analysis, start: int, end: int) -> bool:
    """Whether text[start:end] holds a cause marker ("ردا على", "انتقاما"): what follows happened before."""
    return bool(lexicons().roles.cause & set(a.normalized(start, end).split()))


def date_for(
    a: Analysis, sent: Sentence, trig: Found, published: date, story: DateMention | None
) -> tuple[date, str, DateMention | None] | None:
    """The event's date: its own clause's, then its sentence's, then the story's; None for undatable past."""
    clause = next((c for c in sent.clauses if c.start <= trig.start < c.end), None)
    lo, hi = (clause.start, clause.end) if clause else (sent.start, sent.end)
    inside = [
        d
        for d in a.dates
        if sent.start <= d.start
        and d.end <= sent.end
        and d.date <= published
        and not _is_campaign_start(a, d)
    ]
    in_clause = [d for d in inside if lo <= d.start < hi]
    if not in_clause and any(int(y) != published.year for y in YEAR.findall(a.normalized(lo, hi))):
        return None
    pool = in_clause or [d for d in inside if d.start < trig.start] or inside
    if pool and not in_clause:
        # "X struck on Saturday in response to an attack on Douma days ago": a date before the cause marker
        # belongs to the response, not to the cause.
        before = [d for d in pool if d.start < trig.start]
        if before and _causes(a, max(d.end for d in before), trig.start):
            pool = [d for d in inside if d.start > trig.start]
    if pool:
        best = min(pool, key=lambda d: abs(d.start - trig.start))
        norm_clause = a.normalized(lo, hi)
        for y in YEAR.finditer(norm_clause):
            # Another year after the trigger, or nearer it than the chosen date: the event is of that year.
            after = lo + y.start() > trig.start > best.start
            nearer = abs(lo + y.start() - trig.start) < abs(best.start - trig.start)
            if int(y.group()) != published.year and (nearer or after):
                return None
        if _is_since(a, best) and best.date < published - STORY_WINDOW:
            return None
        return best.date, best.precision, best
    if _is_background(a, sent, published):
        return None
    if story is not None:
        return story.date, story.precision, story
    if sent.index > LEAD_SENTENCES and not any(d.precision == "day" and d.date <= published for d in a.dates):
        # Not in the headline or lead and no day named anywhere: not breaking news of one day, so only its
        # month is known (GUIDELINES §3).
        return published.replace(day=1), "month", None
    return published, "day", None


def ongoing_text(a: Analysis, start: int, end: int) -> bool:
    ongoing = lexicons().roles.ongoing
    text = a.normalized(start, end)
    return any((" " in w and w in text) or w in text.split() for w in ongoing)
