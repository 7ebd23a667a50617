"""A participant's summary, made from their journal: counts and categories, nothing they wrote.

It is read through the same store frames and analysis the steps' charts use (how far each
process got is `store.frames.reached`, the themes are `analysis.feedback.theme_counts` and
`self_named_counts`), so the coach's charts count what the person's own charts show. Only
the columns that hold categories are read: no company, role, note or answer is ever fetched.

A theme is a word of the shared vocabulary (coaching.toml `[feedback] themes`); anything
else a journal holds in a theme field (an old word, a restored backup edited by hand) is
counted under "other themes" and its text left behind. Steps and outcomes are the funnel and
the fixed states; preparation is each area's average, to the nearest half level.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nextround.documents.cohort.document import (
    ENDED_THERE,
    FORMAT,
    FORMAT_VERSION,
    NOT_RECORDED,
    OUTCOME_VALUES,
    THEME_COUNTS,
    check,
    preparation_fields,
)
from nextround.rules.states import CONTROL, GOAL_STATUSES, OUTCOMES
from nextround.store import frames, practice
from nextround.store.journal import Journal
from nextround.words import preparation_areas, say, themes, words


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _half(value: float) -> float:
    return round(value * 2) / 2


def _processes(journal: Journal) -> list[dict[str, Any]]:
    from nextround.rules.funnel import funnel_steps

    steps = funnel_steps()
    reached = frames.reached(journal)
    outcomes = frames.table(journal, "processes", ["outcome"])
    stands = dict(zip(outcomes["id"].astype("int64"), outcomes["outcome"]))
    tally: dict[tuple[int, str], int] = {}
    for process_id, index in zip(reached["process_id"], reached["reached"]):
        outcome = stands.get(int(process_id))
        outcome = "in progress" if outcome is None else (
            outcome if outcome in OUTCOMES else NOT_RECORDED)
        key = (int(index), outcome)
        tally[key] = tally.get(key, 0) + 1
    return [{"step": steps[index], "outcome": outcome, "processes": n}
            for (index, outcome), n in sorted(
                tally.items(), key=lambda item: (item[0][0], OUTCOME_VALUES.index(item[0][1])))]


def _preparation(journal: Journal) -> dict[str, Any]:
    import pandas as pd

    fields = preparation_fields()
    audits = frames.table(journal, "preparations", ["process_id", *fields])
    ratings = audits[fields].apply(pd.to_numeric, errors="coerce").clip(0, 3)
    areas = {}
    for field in fields:
        mean = ratings[field].mean()
        areas[field] = None if pd.isna(mean) else _half(float(mean))
    return {"audited": int(ratings.notna().any(axis=1).sum()), "areas": areas}


def _themes(journal: Journal) -> tuple[list[dict[str, Any]], dict[str, int], int]:
    from nextround.analysis import feedback as analysis

    points = frames.table(journal, "feedback_points", analysis.theme_columns())
    theirs = analysis.theme_counts(points)
    mine = analysis.self_named_counts(
        frames.tag_counts(journal, "reflections", "themes"),
        frames.table(journal, "takeaways", analysis.perception_columns()))
    vocabulary = themes()
    table: dict[str, dict[str, int]] = {}
    other = dict.fromkeys(THEME_COUNTS, 0)

    def into(theme: Any) -> dict[str, int]:
        if isinstance(theme, str) and theme in vocabulary:
            return table.setdefault(theme, dict.fromkeys(THEME_COUNTS, 0))
        return other

    for row in theirs.itertuples(index=False):
        counts = into(row.theme)
        for kind in ("expected", "surprise", "unmarked"):
            counts[kind] += int(getattr(row, kind))
    for theme, count in mine.items():
        into(theme)["mine"] += int(count)
    listed = [{"theme": theme, **table[theme]} for theme in vocabulary if theme in table]
    tagged = int(points["themes"].map(lambda tags: bool(tags)).sum())
    return listed, other, tagged


def _reasons(journal: Journal) -> dict[str, int]:
    sorted_ = frames.table(journal, "reasons", ["control"])["control"].value_counts()
    return {control: int(sorted_.get(control, 0)) for control in CONTROL}


def _practice(journal: Journal) -> dict[str, int]:
    return {"questions": journal.count("questions"),
            "better_answers": practice.deck_size(journal),
            "reviews": journal.count("practice_reviews")}


def _goals(journal: Journal) -> dict[str, int]:
    counts = dict(journal.query(
        "SELECT coalesce(status, 'active'), count(*) FROM goals GROUP BY 1"))
    return {status: int(counts.get(status, 0)) for status in GOAL_STATUSES}


def counts(journal: Journal) -> dict[str, Any]:
    """The counts part of a summary, read from the journal as it is now."""
    themes_named, other, tagged = _themes(journal)
    return {
        "processes": _processes(journal),
        "preparation": _preparation(journal),
        "themes": themes_named,
        "other_themes": other,
        "feedback_points": tagged,
        "reasons": _reasons(journal),
        "practice": _practice(journal),
        "goals": _goals(journal),
    }


def build(journal: Journal, participant: str, sequence: int, today: dt.date) -> dict[str, Any]:
    """A summary of `journal`, checked against the shipped schema."""
    from nextround.documents.backup import consistent_read

    with consistent_read(journal):
        shared = counts(journal)
    return check({"format": FORMAT, "format_version": FORMAT_VERSION,
                  "participant": participant, "sequence": sequence,
                  "week": iso_week(today), "withdrawn": False, "counts": shared})


def withdrawal(participant: str, sequence: int, today: dt.date) -> dict[str, Any]:
    """A summary that takes back everything `participant` shared before it."""
    return check({"format": FORMAT, "format_version": FORMAT_VERSION,
                  "participant": participant, "sequence": sequence,
                  "week": iso_week(today), "withdrawn": True, "counts": None})


# ------------------------------------------------------------------ in words
def _listing(pairs) -> str:
    return ", ".join(f"{name} {count}" for name, count in pairs) or say("share.describe.none")


def describe(doc: dict[str, Any]) -> list[str]:
    """What the summary holds, sentence by sentence, as the person is shown before it goes."""
    w = words()["share"]["describe"]
    if doc["withdrawn"]:
        return [w["withdrawal"], w["participant"].format(participant=doc["participant"]),
                w["week"].format(week=doc["week"])]
    c = doc["counts"]
    by_step: dict[str, int] = {}
    by_outcome: dict[str, int] = {}
    for entry in c["processes"]:
        by_step[entry["step"]] = by_step.get(entry["step"], 0) + entry["processes"]
        by_outcome[entry["outcome"]] = by_outcome.get(entry["outcome"], 0) + entry["processes"]
    total = sum(by_step.values())
    stopped = sum(e["processes"] for e in c["processes"] if e["outcome"] in ENDED_THERE)
    labels = dict(preparation_areas())
    rated = [(labels.get(field, field).split(" (")[0], level)
             for field, level in c["preparation"]["areas"].items() if level is not None]
    other = c["other_themes"]
    sentences = [
        w["processes"].format(count=total, steps=_listing(by_step.items()),
                              outcomes=_listing(by_outcome.items()), stopped=stopped),
        w["preparation"].format(audited=c["preparation"]["audited"],
                                areas=_listing(rated)),
        w["themes_theirs"].format(themes=_listing(
            (t["theme"], t["expected"] + t["surprise"] + t["unmarked"]) for t in c["themes"]
            if t["expected"] + t["surprise"] + t["unmarked"]),
            points=c["feedback_points"]),
        w["themes_mine"].format(themes=_listing(
            (t["theme"], t["mine"]) for t in c["themes"] if t["mine"])),
    ]
    if sum(other.values()):
        sentences.append(w["other_themes"].format(
            theirs=other["expected"] + other["surprise"] + other["unmarked"],
            mine=other["mine"]))
    labels_control = words()["reasons"]["words"]["control_labels"]
    sentences += [
        w["reasons"].format(reasons=_listing(
            (label, c["reasons"][control]) for control, label in zip(CONTROL, labels_control))),
        w["practice"].format(**c["practice"]),
        w["goals"].format(**c["goals"]),
        w["participant"].format(participant=doc["participant"]),
        w["week"].format(week=doc["week"]),
    ]
    return sentences
