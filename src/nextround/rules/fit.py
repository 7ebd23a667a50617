"""Culture fit and the target role, as rules.

- Fit score: the weighted average rating on a 0–100 scale, over the values rated:
  sum(weight × (rating − lowest)) / sum(weight × (highest − lowest)) × 100, ratings and
  weights on the scale `RATING_RANGE` (1 poor … 5 excellent).
- Target match: how well a process fits the target role, and why (`target_match`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from nextround.words import say, words

WEIGHT_RANGE = RATING_RANGE = (1, 5)
DEFAULT_WEIGHT = 3


def fit_score(values: list[dict], rated: dict[int, int | None]) -> float | None:
    """Weighted fit on 0–100 from `values` (rows with id and weight) and ratings by value id.

    Only values that are rated count; a value with no weight counts as weight 1. None when
    nothing is rated.
    """
    top = sum_weight = 0.0
    for value in values:
        rating = rated.get(value["id"])
        if rating is None:
            continue
        weight = value.get("weight") or 1
        top += weight * (rating - RATING_RANGE[0])
        sum_weight += weight * (RATING_RANGE[1] - RATING_RANGE[0])
    if sum_weight == 0:
        return None
    return round(100 * top / sum_weight, 1)



@dataclass
class TargetContext:
    """What `target_match` needs, read once for a whole list of processes."""

    target: dict | None
    values: list[dict] = field(default_factory=list)
    ratings: dict[int, dict[int, int | None]] = field(default_factory=dict)


@dataclass
class TargetMatch:
    """How one process matches the target role: a 0–100 score and the reasons for it."""

    score: int | None
    met: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """A few words for a list of processes, e.g. "target match 75%"."""
        if self.score is None:
            return ""
        return say("fit.match.label", score=self.score) + (" ⚠" if self.flags else "")

    @property
    def explanation(self) -> str:
        if self.score is None:
            if not (self.met or self.missed or self.unknown):
                return say("fit.match.no_target")
            return say("fit.match.too_little_known", unknown="; ".join(self.unknown))
        parts = []
        for key, items in (("check", self.flags), ("matches", self.met),
                           ("differs", self.missed), ("not_known", self.unknown)):
            if items:
                parts.append(say(f"fit.match.{key}", items="; ".join(items)))
        return " ".join(parts)


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str | None) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")}


@functools.lru_cache(maxsize=256)
def _phrase_pattern(phrase: str) -> re.Pattern | None:
    needle = [w.casefold() for w in _WORD.findall(phrase)]
    if not needle:
        return None
    return re.compile(r"\b" + r"\W+".join(re.escape(w) for w in needle) + r"\b")


def _mentions(haystack: str, phrase: str) -> bool:
    """Whether every word of `phrase` appears, in order and whole, in `haystack`."""
    pattern = _phrase_pattern(phrase)
    return pattern is not None and pattern.search(haystack.casefold()) is not None


def target_match(context: TargetContext, process: dict) -> TargetMatch:
    """Score one process against the target role, 0–100, with what matched and what did not.

    Each thing the target names is one check worth one point: the role category, seniority
    and company type (same as the process's), the role title (every word of it in the
    process's role title), and each must-have. A must-have that names one of the
    person's values is judged from this company's rating on it; any other must-have counts as
    met when the person's notes on the process mention it. The score is the share of points
    over the checks that can be judged. A deal-breaker mentioned in the notes is flagged and
    caps the score (coaching.toml `[fit] deal_breaker_cap`).
    """
    goal = context.target
    result = TargetMatch(score=None)
    if goal is None:
        return result
    w = words()["fit"]
    points = possible = 0.0

    def judge(ok: bool | None, label: str) -> None:
        nonlocal points, possible
        if ok is None:
            result.unknown.append(label)
            return
        possible += 1
        if ok:
            points += 1
            result.met.append(label)
        else:
            result.missed.append(label)

    m = w["match"]
    for key in ("category", "seniority", "company_type"):
        what = m["fields"][key]
        wanted = (goal.get(key) or "").strip()
        if not wanted:
            continue
        have = (process.get(key) or "").strip()
        if not have:
            judge(None, m["not_recorded"].format(what=what))
        else:
            same = have.casefold() == wanted.casefold()
            judge(same, m["same" if same else "different"].format(what=what, have=have,
                                                                  wanted=wanted))

    wanted_words = _words(goal.get("role"))
    if wanted_words:
        have_words = _words(process.get("role"))
        if not have_words:
            judge(None, m["not_recorded"].format(what=m["fields"]["role"]))
        else:
            judge(wanted_words <= have_words, m["role"].format(role=process.get("role")))

    notes = " ".join(process.get(k) or "" for k in ("role", "notes", "fit_note"))
    by_name = {v["name"].strip().casefold(): v for v in context.values}
    given = context.ratings.get(process["id"], {}) if process.get("id") is not None else {}
    for must in goal.get("must_haves") or []:
        value = by_name.get(must.strip().casefold())
        if value is not None:
            rating = given.get(value["id"])
            if rating is None or w["must_have_missed_rating"] < rating < w["must_have_met_rating"]:
                judge(None, m["must_have_unrated"].format(must=must) if rating is None
                      else m["must_have_rated"].format(must=must, rating=rating))
            else:
                judge(rating >= w["must_have_met_rating"],
                      m["must_have_rated"].format(must=must, rating=rating))
        elif _mentions(notes, must):
            judge(True, m["must_have_noted"].format(must=must))
        else:
            judge(None, m["must_have_not_noted"].format(must=must))

    for breaker in goal.get("deal_breakers") or []:
        if _mentions(notes, breaker):
            result.flags.append(m["deal_breaker"].format(breaker=breaker))

    if possible:
        score = round(100 * points / possible)
        if result.flags:
            score = min(score, int(w["deal_breaker_cap"]))
        result.score = score
    return result
