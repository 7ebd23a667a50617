"""The coach's view: what a group's summaries add up to, and what can be shown of it.

A `Cohort` is the latest summary of each person who shared (those who took it back are left
out; `documents.cohort.reading` gathers it). Every function here counts people as well as
entries, because nothing is shown about fewer than `rules.cohort.minimum_group()` people:
a chart needs that many people behind it, and so does each of its categories. A theme, a
step or a pile fewer people are behind is folded into "other" where that makes sense, or
left out and named in the words.

The frames come out in the shapes the steps' analysis and charts already use (a funnel is
`analysis.review.funnel_counts`, themes `analysis.feedback.theme_counts`, the gap
`analysis.feedback.gap_between`), so the cohort's charts are drawn by the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nextround.rules.cohort import enough, minimum_group
from nextround.rules.funnel import funnel_steps
from nextround.rules.states import CONTROL
from nextround.words import preparation_areas, themes, words

ENDED_THERE = ("rejected", "withdrew")  # processes that stopped at the step they reached
THEIRS = ("expected", "surprise", "unmarked")
GAP_WORTH_SAYING = 5  # percentage points between the two sides' shares of a theme


@dataclass(frozen=True)
class Cohort:
    """The counts of each person who shared, one summary each."""

    summaries: tuple[Mapping[str, Any], ...] = ()

    @property
    def people(self) -> int:
        return len(self.summaries)

    @property
    def counts(self) -> list[Mapping[str, Any]]:
        return [summary["counts"] for summary in self.summaries]


def _w() -> dict:
    return words()["cohort"]


def other_label() -> str:
    return _w()["other"]


@dataclass
class Shown:
    """A chart's data once the group minimum is applied, with the people behind it."""

    data: pd.DataFrame
    people: int  # people behind the chart
    left_out: list[str] = field(default_factory=list)  # categories too few people are behind


# ------------------------------------------------------------------------ processes
def processes(cohort: Cohort) -> pd.DataFrame:
    """How many processes of each person reached each funnel step and stand the same:
    person, reached (funnel index), outcome, processes."""
    steps = funnel_steps()
    rows = [(person, steps.index(entry["step"]), entry["outcome"], entry["processes"])
            for person, counts in enumerate(cohort.counts) for entry in counts["processes"]]
    return pd.DataFrame(rows, columns=["person", "reached", "outcome", "processes"])


def funnel(cohort: Cohort) -> Shown:
    """The group's funnel (`analysis.review.funnel_counts` of every process shared), with the
    people behind each step, up to the first step the processes of too few people reached."""
    from nextround.analysis.review import funnel_counts

    table = processes(cohort)
    people = int(table["person"].nunique())
    if table.empty:
        return Shown(pd.DataFrame(columns=["step", "processes", "people"]), 0)
    each = table.loc[table.index.repeat(table["processes"])]
    counts = funnel_counts(each)
    counts["people"] = [int(table.loc[table["reached"] >= i, "person"].nunique())
                        for i in range(len(counts))]
    # A funnel narrows: the first step too few people reached ends it.
    too_few = ~counts["people"].map(enough)
    cut = int(too_few.to_numpy().argmax()) if too_few.any() else len(counts)
    left_out = counts["step"].iloc[cut:].tolist()
    return Shown(counts.iloc[:cut].reset_index(drop=True), people, left_out)


def stops(cohort: Cohort) -> tuple[Shown, pd.DataFrame]:
    """Where the processes that ended (rejected, withdrew) stopped, and where every process
    stands: (stops: step, processes, people; outcomes: outcome, processes, people). Steps
    fewer than enough people stopped at are folded into "other"; such outcomes left out."""
    table = processes(cohort)
    ended = table[table["outcome"].isin(ENDED_THERE)]
    steps = funnel_steps()
    rows, small = [], []
    for index, group in ended.groupby("reached", sort=True):
        behind = int(group["person"].nunique())
        if enough(behind):
            rows.append((steps[index], int(group["processes"].sum()), behind))
        else:
            small.append(index)
    left_out: list[str] = []
    if small:
        folded = ended[ended["reached"].isin(small)]
        behind = int(folded["person"].nunique())
        if enough(behind):
            rows.append((other_label(), int(folded["processes"].sum()), behind))
        else:
            left_out = [steps[index] for index in small]
    stopped = pd.DataFrame(rows, columns=["step", "processes", "people"])
    outcome_rows = [(outcome, int(group["processes"].sum()), int(group["person"].nunique()))
                    for outcome, group in table.groupby("outcome", sort=False)]
    outcomes = pd.DataFrame(outcome_rows, columns=["outcome", "processes", "people"])
    outcomes = outcomes[outcomes["people"].map(enough)].reset_index(drop=True)
    return Shown(stopped, int(ended["person"].nunique()), left_out), outcomes


# ------------------------------------------------------------------------ preparation
def preparation(cohort: Cohort) -> Shown:
    """The group's preparation profile, in the shape `charts.review.preparation_radar` draws:
    field, area, this (the group's average level), average (none), people. Areas fewer than
    enough people rated are left out."""
    rows, left_out = [], []
    audited = sum(1 for c in cohort.counts if c["preparation"]["audited"])
    for field_name, label in preparation_areas():
        levels = [c["preparation"]["areas"].get(field_name) for c in cohort.counts]
        levels = [level for level in levels if level is not None]
        area = label.split(" (")[0]
        if enough(len(levels)):
            rows.append({"field": field_name, "area": area,
                         "this": round(sum(levels) / len(levels), 2),
                         "average": float("nan"), "people": len(levels)})
        else:
            left_out.append(area)
    data = pd.DataFrame(rows, columns=["field", "area", "this", "average", "people"])
    return Shown(data, audited, left_out)


# ------------------------------------------------------------------------ themes
def _theme_rows(cohort: Cohort) -> dict[str, dict[str, Any]]:
    """Per theme of the vocabulary: each count summed, and who named it on each side."""
    vocabulary = themes()
    table: dict[str, dict[str, Any]] = {}
    for person, counts in enumerate(cohort.counts):
        entries = [(entry["theme"] if entry["theme"] in vocabulary else None, entry)
                   for entry in counts["themes"]]
        entries.append((None, counts["other_themes"]))
        for theme, entry in entries:
            row = table.setdefault(theme, {"theirs_people": set(), "mine_people": set(),
                                           **dict.fromkeys((*THEIRS, "mine"), 0)})
            for kind in (*THEIRS, "mine"):
                row[kind] += int(entry[kind])
            if sum(int(entry[k]) for k in THEIRS):
                row["theirs_people"].add(person)
            if int(entry["mine"]):
                row["mine_people"].add(person)
    return table


def _ordered_themes(names: Iterable[str | None]) -> list[str | None]:
    names = set(names)
    return [t for t in themes() if t in names] + ([None] if None in names else [])


def feedback_themes(cohort: Cohort) -> Shown:
    """What interviewers named, in `analysis.feedback.theme_counts`' shape (theme, expected,
    surprise, unmarked, total) with the people behind each; themes named for fewer than
    enough people are folded into "other"."""
    table = _theme_rows(cohort)
    people = len({p for row in table.values() for p in row["theirs_people"]})
    kept, small = [], []
    for theme in _ordered_themes(table):
        row = table[theme]
        if not row["theirs_people"]:
            continue
        entry = {"theme": theme, **{k: row[k] for k in THEIRS},
                 "people": len(row["theirs_people"]), "who": row["theirs_people"]}
        (kept if theme is not None and enough(entry["people"]) else small).append(entry)
    left_out: list[str] = []
    if small:
        who = set().union(*(entry["who"] for entry in small))
        if enough(len(who)):
            kept.append({"theme": other_label(),
                         **{k: sum(entry[k] for entry in small) for k in THEIRS},
                         "people": len(who), "who": who})
        else:
            left_out = [entry["theme"] or other_label() for entry in small]
    frame = pd.DataFrame(kept, columns=["theme", *THEIRS, "people", "who"]).drop(columns="who")
    frame["total"] = frame[list(THEIRS)].sum(axis=1).astype("int64")
    # Most named first, "other" last whatever its size: it is not one theme.
    frame["last"] = frame["theme"] == other_label()
    frame = frame.sort_values(["last", "total"], ascending=[True, False],
                              kind="stable").reset_index(drop=True)
    return Shown(frame[["theme", *THEIRS, "total", "people"]], people, left_out)


def perception(cohort: Cohort) -> tuple[Shown, pd.Series, pd.Series]:
    """The group's perception gap: how often the group named each theme about themselves
    (`mine`) beside how often interviewers named it (`theirs`), for `gap_between`. A theme
    fewer than enough people named, on either side, is folded into "other"."""
    table = _theme_rows(cohort)
    who_any = {p for row in table.values() for p in row["theirs_people"] | row["mine_people"]}
    mine: dict[str, int] = {}
    theirs: dict[str, int] = {}
    small_who: set[int] = set()
    small_mine = small_theirs = 0
    small_names: list[str] = []
    for theme in _ordered_themes(table):
        row = table[theme]
        who = row["theirs_people"] | row["mine_people"]
        if not who:
            continue
        if theme is not None and enough(len(who)):
            mine[theme] = row["mine"]
            theirs[theme] = sum(row[k] for k in THEIRS)
        else:
            small_who |= who
            small_mine += row["mine"]
            small_theirs += sum(row[k] for k in THEIRS)
            small_names.append(theme or other_label())
    left_out: list[str] = []
    if small_names:
        if enough(len(small_who)):
            mine[other_label()] = small_mine
            theirs[other_label()] = small_theirs
        else:
            left_out = small_names
    frame = pd.DataFrame({"theme": list(mine)})
    return (Shown(frame, len(who_any), left_out), pd.Series(mine, dtype="int64"),
            pd.Series(theirs, dtype="int64"))


# ------------------------------------------------------------------------ reasons
def control(cohort: Cohort) -> Shown:
    """The reasons the group sorted, pile by pile, as one row in the shape
    `charts.fit.control_chart` draws (its label in `company`). A pile fewer than enough
    people put a reason into is left out."""
    sorted_by = [c["reasons"] for c in cohort.counts]
    people = sum(1 for reasons in sorted_by if sum(reasons.values()))
    row: dict[str, Any] = {"process_id": 0}
    left_out = []
    labels = words()["reasons"]["words"]["control_labels"]
    for pile, label in zip(CONTROL, labels):
        behind = sum(1 for reasons in sorted_by if reasons.get(pile, 0))
        row[pile] = sum(reasons.get(pile, 0) for reasons in sorted_by) if enough(behind) else 0
        if not enough(behind) and behind:
            left_out.append(label)
    row["total"] = sum(row[pile] for pile in CONTROL)
    row["share_within"] = round(row[CONTROL[0]] / row["total"], 3) if row["total"] else 0.0
    row["company"] = _w()["group_label"].format(people=people)
    row["role"] = ""
    return Shown(pd.DataFrame([row]), people, left_out)


# ------------------------------------------------------------------------ learning
LEARNING = (("practice", "questions"), ("practice", "better_answers"), ("practice", "reviews"),
            ("goals", "active"), ("goals", "done"), ("goals", "dropped"))


def learning(cohort: Cohort) -> Shown:
    """Practice and goals: the group's total of each count and the people behind it; a count
    fewer than enough people have any of is left out."""
    labels = _w()["learning_labels"]
    rows, left_out = [], []
    for (part, name), label in zip(LEARNING, labels):
        values = [int(c[part][name]) for c in cohort.counts]
        behind = sum(1 for v in values if v)
        if enough(behind):
            rows.append({"what": label, "part": part, "count": sum(values), "people": behind})
        elif behind:
            left_out.append(label)
    people = sum(1 for c in cohort.counts
                 if any(int(c[part][name]) for part, name in LEARNING))
    return Shown(pd.DataFrame(rows, columns=["what", "part", "count", "people"]), people,
                 left_out)


# ------------------------------------------------------------------------ in words
def _say(key: str, **values: Any) -> str:
    return _w()["findings"][key].format(**values)


def folded_sentence(categories, key: str) -> str:
    """The words for an "other" among `categories`, if there is one."""
    if other_label() not in list(categories):
        return ""
    return " " + _say(key, minimum=minimum_group(), other=other_label())


def left_out_sentence(shown: Shown) -> str:
    if not shown.left_out:
        return ""
    return " " + _say("left_out", minimum=minimum_group(),
                      names=", ".join(name.lower() for name in shown.left_out))


def funnel_reading(shown: Shown, processes_total: int) -> str:
    counts = shown.data
    values, steps = counts["processes"].tolist(), counts["step"].tolist()
    furthest = len(values) - 1
    text = _say("funnel", processes=processes_total, people=shown.people,
                reached=values[furthest], step=steps[furthest].lower())
    drops = [(values[i] - values[i + 1], i) for i in range(furthest)]
    if drops:
        drop, at = max(drops, key=lambda d: (d[0], -d[1]))
        if drop > 0:
            text += " " + _say("funnel_drop", from_step=steps[at].lower(),
                               to_step=steps[at + 1].lower(), from_count=values[at],
                               to_count=values[at + 1])
    if shown.left_out:
        text += " " + _say("funnel_cut", minimum=minimum_group(),
                           steps=", ".join(s.lower() for s in shown.left_out))
    return text


def stops_reading(shown: Shown, outcomes: pd.DataFrame) -> str:
    data = shown.data
    named = data[data["step"] != other_label()]
    top = named.sort_values("processes", ascending=False, kind="stable").iloc[0]
    text = _say("stops", processes=int(data["processes"].sum()), step=top["step"].lower(),
                count=int(top["processes"]), people=int(top["people"]))
    if not outcomes.empty:
        names = words()["cohort"]["outcome_labels"]
        text += " " + _say("outcomes", outcomes=", ".join(
            f"{names.get(o, o)} {n}" for o, n in zip(outcomes["outcome"], outcomes["processes"])))
    return (text + " " + _say("stops_ask", step=top["step"].lower())
            + folded_sentence(data["step"], "folded_steps") + left_out_sentence(shown))


def preparation_reading(shown: Shown) -> str:
    data = shown.data.sort_values("this", kind="stable")
    weakest, strongest = data.iloc[0], data.iloc[-1]
    text = _say("preparation", people=shown.people, strongest=strongest["area"].lower(),
                strong_level=f"{strongest['this']:.1f}", weakest=weakest["area"].lower(),
                weak_level=f"{weakest['this']:.1f}")
    return text + " " + _say("preparation_ask", weakest=weakest["area"].lower()) + (
        left_out_sentence(shown))


def themes_reading(shown: Shown, people_total: int) -> str:
    data = shown.data
    top = data[data["theme"] != other_label()].iloc[0]
    text = _say("themes", theme=top["theme"].lower(), points=int(top["total"]),
                people=int(top["people"]), total=people_total)
    surprises = data[(data["surprise"] > 0) & (data["theme"] != other_label())]
    if not surprises.empty:
        most = surprises.sort_values("surprise", ascending=False, kind="stable").iloc[0]
        text += " " + _say("themes_surprise", theme=most["theme"].lower(),
                           surprises=int(most["surprise"]))
    return (text + " " + _say("themes_ask", theme=top["theme"].lower())
            + folded_sentence(data["theme"], "folded_themes") + left_out_sentence(shown))


def perception_reading(gap: pd.DataFrame, shown: Shown) -> str:
    named = gap[gap["theme"] != other_label()]

    def most(column: str):
        return named.sort_values(column, ascending=False, kind="stable").iloc[0]

    mine_top, theirs_top = most("mine"), most("theirs")
    if mine_top["theme"] == theirs_top["theme"]:
        text = _say("gap_same", theme=mine_top["theme"].lower())
    else:
        text = _say("gap_different", mine_top=mine_top["theme"].lower(),
                    mine_pct=round(mine_top["mine_share"]),
                    theirs_top=theirs_top["theme"].lower(),
                    theirs_pct=round(theirs_top["theirs_share"]))
    # Where interviewers put clearly more weight than the group does (outside causes aside),
    # and where the group puts clearly more than interviewers.
    outside = set(words()["feedback"]["perception"].get("outside_control", []))
    blind = named[(named["gap"] >= GAP_WORTH_SAYING) & ~named["theme"].isin(outside)
                  & (named["theme"] != mine_top["theme"])]
    if not blind.empty:
        row = blind.sort_values("gap", ascending=False, kind="stable").iloc[0]
        text += " " + _say("gap_blind", theme=row["theme"].lower(),
                           theirs_pct=round(row["theirs_share"]), mine_pct=round(row["mine_share"]))
    harder = named[(named["gap"] <= -GAP_WORTH_SAYING) & (named["theme"] != theirs_top["theme"])]
    if not harder.empty:
        row = harder.sort_values("gap", kind="stable").iloc[0]
        text += " " + _say("gap_harder", theme=row["theme"].lower(),
                           mine_pct=round(row["mine_share"]), theirs_pct=round(row["theirs_share"]))
    return (text + folded_sentence(gap["theme"], "folded_themes")
            + left_out_sentence(shown))


def control_reading(shown: Shown) -> str:
    row = shown.data.iloc[0]
    total = int(row["total"])
    within, outside, unknown = (int(row[pile]) for pile in CONTROL)
    text = _say("control", total=total, people=shown.people, within=within,
                share=round(100 * within / total) if total else 0, outside=outside,
                unknown=unknown)
    return text + " " + _say("control_ask") + left_out_sentence(shown)


def learning_reading(shown: Shown) -> str:
    parts = ", ".join(f"{row.what.lower()} {row.count}" for row in shown.data.itertuples())
    return (_say("learning", people=shown.people, counts=parts) + " " + _say("learning_ask")
            + left_out_sentence(shown))
