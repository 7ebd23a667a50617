"""Step 3 analysis: the share of reasons the person owns, fit scores, where they progress, and
plain-language findings that state their numbers and hold back when there is too little data.

How far a process got comes from `store.frames.reached`. A finished process (rejected,
withdrew, offer) counts for every milestone; one still open counts only for the milestones it
has already reached, because it may yet reach the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nextround.analysis.columns import merge_columns
from nextround.rules.fit import fit_score, target_match
from nextround.rules.funnel import funnel_steps
from nextround.rules.states import CONTROL, ENDED
from nextround.words import say, words


def min_processes() -> int:
    return int(words()["fit"]["min_processes_for_findings"])


def milestones() -> list[tuple[int, str, str]]:
    """(funnel index, funnel step, plain words) for each milestone, nearest first."""
    steps = funnel_steps()
    return [(steps.index(step), step, phrase) for step, phrase in words()["fit"]["milestones"]]


def dimensions() -> dict[str, tuple[str, str]]:
    """Journal field → (what the person sees, how a group reads in a finding)."""
    return {key: (label, template) for key, (label, template) in
            words()["fit"]["dimensions"].items()}


# ------------------------------------------------------------------- what is read
# The columns each analysis reads, for `frames.tables(..., columns=...)`.
def names_columns() -> dict[str, list[str]]:
    """What `with_names` reads."""
    return {"processes": ["company", "role", "applied_on"]}


def progress_columns() -> dict[str, list[str]]:
    """What `findings`, `progress_by` and `fit_vs_stage` read beside `store.frames.reached`."""
    return merge_columns({"processes": ["outcome", *dimensions()]},
                         names_columns())


def fit_score_columns() -> dict[str, list[str]]:
    """What `fit_scores` reads (and `with_names` after it)."""
    return merge_columns({"work_values": ["weight"],
                          "fit_ratings": ["process_id", "value_id", "rating"]}, names_columns())


def control_columns() -> dict[str, list[str]]:
    """What `control_shares` reads."""
    return merge_columns({"reasons": ["process_id", "control"]}, names_columns())


# --------------------------------------------------------------------------- progress
PROGRESS_COLUMNS = ["group", "finished", "open", "step", "milestone", "count", "total", "rate"]


@dataclass(frozen=True)
class _Reached:
    """Per process, in the order of `processes`: the funnel index reached and whether the
    result is known. Worked out once for every dimension a page groups by."""

    processes: pd.DataFrame
    reached: np.ndarray
    finished: np.ndarray


def _with_reached(processes: pd.DataFrame, reached: pd.DataFrame) -> _Reached:
    furthest = pd.Series(reached["reached"].to_numpy(),
                         index=reached["process_id"].astype("int64").to_numpy())
    got = processes["id"].astype("int64").map(furthest).fillna(0).astype("int64")
    return _Reached(processes, got.to_numpy(), processes["outcome"].isin(ENDED).to_numpy())


def _groups(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each process's group number (-1 when the field is empty) and the groups in order.

    The text is trimmed value by distinct value: a column holds a handful of them."""
    codes, uniques = pd.factorize(values)
    trimmed = pd.Series(uniques, dtype=object).astype("string").str.strip()
    kept = trimmed.notna() & (trimmed != "")
    groups = sorted(set(trimmed[kept].tolist()))
    number = {group: i for i, group in enumerate(groups)}
    lookup = np.array([number[t] if k else -1 for t, k in zip(trimmed.tolist(), kept.tolist())]
                      + [-1], dtype="int64")
    return lookup[codes], groups  # code -1 (no value) picks the -1 at the end


def _progress_rows(base: _Reached, dimension: str) -> list[dict]:
    """`progress_by`'s rows, counted for every group at once."""
    codes, groups = _groups(base.processes[dimension])
    if not groups:
        return []
    member = codes >= 0
    codes, reached, finished = codes[member], base.reached[member], base.finished[member]

    def per_group(flags: np.ndarray) -> list[int]:
        return np.bincount(codes, weights=flags, minlength=len(groups)).astype("int64").tolist()

    sizes, done = per_group(np.ones(len(codes))), per_group(finished)
    counts = []
    for index, step, phrase in milestones():
        got_there = reached >= index
        counts.append((step, phrase, per_group(got_there), per_group(finished | got_there)))
    rows = []
    for g, group in enumerate(groups):
        for step, phrase, got, decided in counts:
            count, total = got[g], decided[g]
            rows.append({"group": group, "finished": done[g], "open": sizes[g] - done[g],
                         "step": step, "milestone": phrase, "count": count, "total": total,
                         "rate": count / total if total else float("nan")})
    return rows


def progress_by(processes: pd.DataFrame, reached: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """For each group of `dimension` and each milestone: how many got there, out of how many
    whose result is known. Processes with the field empty are left out.

    Columns: group, finished, open, step, milestone, count, total, rate (0–1 or NaN).
    """
    return pd.DataFrame(_progress_rows(_with_reached(processes, reached), dimension),
                        columns=PROGRESS_COLUMNS)


@dataclass
class Finding:
    """One plain-language finding and the numbers it rests on."""

    dimension: str
    label: str
    text: str
    held_back: bool
    numbers: list[dict] = field(default_factory=list)


def _headline(group_rows: list[dict]) -> dict:
    """The furthest milestone at least half the group reached; else how many passed the first."""
    for i in range(len(group_rows) - 1, -1, -1):
        row = group_rows[i]
        if row["total"] and row["rate"] >= 0.5:
            return {**row, "order": i}
    return {**group_rows[0], "order": -1}


def _sentence(template: str, headline: dict) -> str:
    return template.format(count=headline["count"], total=headline["total"],
                           group=headline["group"], milestone=headline["milestone"])


def dimension_finding(processes: pd.DataFrame, reached: pd.DataFrame, dimension: str,
                      minimum: int | None = None) -> Finding:
    """Where the person progresses and where they don't, for one way of grouping processes."""
    return _dimension_finding(_with_reached(processes, reached), dimension, minimum)


def _dimension_finding(base: _Reached, dimension: str, minimum: int | None) -> Finding:
    minimum = min_processes() if minimum is None else minimum
    label, template = dimensions()[dimension]
    f = words()["fit"]["findings"]
    by_group: dict[str, list[dict]] = {}
    for row in _progress_rows(base, dimension):
        by_group.setdefault(row["group"], []).append(row)
    qualified = [g for g, rows in by_group.items() if rows[0]["finished"] >= minimum]
    if not qualified:
        sizes = pd.Series([rows[0]["finished"] for rows in by_group.values()],
                          index=list(by_group), dtype="int64")
        groups = ", ".join(f"{g} {n}" for g, n in sizes.sort_values(ascending=False).items())
        return Finding(dimension, label, f["too_few_in_groups"].format(
            dimension=label, min=minimum, groups=groups or say("fit.findings.none_recorded")), held_back=True)
    heads = [_headline(by_group[g]) for g in qualified]
    heads.sort(key=lambda h: (h["order"], h["rate"] if h["total"] else 0), reverse=True)
    numbers = [{k: h[k] for k in ("group", "step", "milestone", "count", "total")} for h in heads]
    best, worst = heads[0], heads[-1]
    if len(heads) == 1:
        text = _sentence(template, best) + ". " + f["only_one"].format(min=minimum)
        return Finding(dimension, label, text, held_back=False, numbers=numbers[:1])
    if best["order"] == worst["order"] and abs(best["rate"] - worst["rate"]) < 0.25:
        return Finding(dimension, label, f["no_difference"].format(dimension=label) + " "
                       + "; ".join(_sentence(template, h) for h in heads) + ".",
                       held_back=False, numbers=numbers)
    text = _sentence(template, best) + "; " + _sentence(template, worst) + "."
    return Finding(dimension, label, text, held_back=False, numbers=[numbers[0], numbers[-1]])


def findings(processes: pd.DataFrame, reached: pd.DataFrame,
             minimum: int | None = None) -> list[Finding]:
    """A finding per dimension, or one that holds back when there are too few processes."""
    minimum = min_processes() if minimum is None else minimum
    f = words()["fit"]["findings"]
    base = _with_reached(processes, reached)
    finished = int(base.finished.sum())
    if finished < minimum:
        return [Finding("all", say("fit.findings.all_label"), f["too_few"].format(total=finished, min=minimum),
                        held_back=True)]
    return [_dimension_finding(base, d, minimum) for d in dimensions()]


# --------------------------------------------------------------------------- fit scores
def fit_scores(work_values: pd.DataFrame, fit_ratings: pd.DataFrame) -> pd.DataFrame:
    """The fit score per process, by the one rule `nextround.rules.fit.fit_score`."""
    columns = ["process_id", "score", "rated"]
    if fit_ratings.empty or work_values.empty:
        return pd.DataFrame(columns=columns)
    values = [{"id": int(value_id), "weight": None if pd.isna(weight) else int(weight)}
              for value_id, weight in zip(work_values["id"], work_values["weight"])]
    known = {value["id"] for value in values}
    rated: dict[int, dict[int, int]] = {}
    for process_id, value_id, rating in zip(fit_ratings["process_id"], fit_ratings["value_id"],
                                            pd.to_numeric(fit_ratings["rating"], errors="coerce")):
        if not pd.isna(rating) and int(value_id) in known:
            rated.setdefault(int(process_id), {})[int(value_id)] = int(rating)
    rows = [(process_id, fit_score(values, given), len(given))
            for process_id, given in rated.items()]
    return pd.DataFrame(rows, columns=columns).sort_values("process_id", ignore_index=True)


def with_names(data: pd.DataFrame, processes: pd.DataFrame) -> pd.DataFrame:
    names = processes.assign(process_id=processes["id"].astype("int64"))[
        ["process_id", "company", "role", "applied_on"]]
    return data.merge(names, on="process_id", how="left")


def fit_vs_stage(scores: pd.DataFrame, reached: pd.DataFrame,
                 processes: pd.DataFrame) -> pd.DataFrame:
    merged = reached.merge(scores, on="process_id", how="inner")
    return with_names(merged, processes).dropna(subset=["score"])


def fit_vs_stage_summary(data: pd.DataFrame, minimum: int | None = None) -> str:
    minimum = min_processes() if minimum is None else minimum
    n = len(data)
    if n < minimum:
        return (say("fit.summaries.fit_vs_stage_few_one", count=n, min=minimum) if n == 1 else
                say("fit.summaries.fit_vs_stage_few_many", count=n, min=minimum))
    corr = data["score"].corr(data["reached"])
    if pd.isna(corr) or abs(corr) < 0.3:
        return say("fit.summaries.fit_vs_stage_no_link", count=n)
    if corr > 0:
        return say("fit.summaries.fit_vs_stage_better", count=n, correlation=f"{corr:.1f}")
    return say("fit.summaries.fit_vs_stage_worse", count=n, correlation=f"{corr:.1f}")


def fit_summary(scores: pd.DataFrame) -> str:
    named = scores.dropna(subset=["score"])
    if named.empty:
        return say("fit.summaries.fit_none")
    best = named.sort_values("score").iloc[-1]
    worst = named.sort_values("score").iloc[0]
    if len(named) == 1:
        return say("fit.summaries.fit_one", company=best["company"], score=f"{best['score']:.0f}")
    return say("fit.summaries.fit_many", best=best["company"], best_score=f"{best['score']:.0f}",
               worst=worst["company"], worst_score=f"{worst['score']:.0f}", count=len(named))


# ---------------------------------------------------------------------------- reasons
def control_shares(reasons: pd.DataFrame, processes: pd.DataFrame) -> pd.DataFrame:
    """Per process with sorted reasons: how many in each pile and the share within control."""
    columns = ["process_id", *CONTROL, "total", "share_within"]
    sorted_ = reasons[reasons["control"].isin(CONTROL) & reasons["process_id"].notna()]
    if sorted_.empty:
        return with_names(pd.DataFrame(columns=columns), processes)
    counts = (sorted_.assign(process_id=sorted_["process_id"].astype("int64"))
              .pivot_table(index="process_id", columns="control", values="id", aggfunc="count",
                           fill_value=0)
              .reindex(columns=list(CONTROL), fill_value=0))
    counts["total"] = counts.sum(axis=1)
    counts["share_within"] = (counts[CONTROL[0]] / counts["total"]).round(3)
    out = with_names(counts.reset_index()[columns], processes)
    return out.sort_values(["applied_on", "process_id"], na_position="first").reset_index(drop=True)


def control_summary(shares: pd.DataFrame) -> str:
    if shares.empty:
        return say("fit.summaries.control_none")
    within, total = int(shares[CONTROL[0]].sum()), int(shares["total"].sum())
    n = len(shares)
    values = {"count": n, "total": total, "within": within,
              "share": round(100 * within / total)}
    text = (say("fit.summaries.control_one", **values) if n == 1 else
            say("fit.summaries.control_many", **values))
    if n >= 2:
        first, last = shares["share_within"].iloc[0], shares["share_within"].iloc[-1]
        text += " " + say("fit.summaries.control_trend", latest=round(100 * last),
                          earliest=round(100 * first))
    return text


# ----------------------------------------------------------------------------- target
TARGET_HIGH = 75  # a match this high (in percent) counts as a close match


def target_scores(processes: pd.DataFrame, context) -> pd.DataFrame:
    """Each process's match with the target role (`nextround.rules.fit.target_match`)."""
    rows = []
    for record in processes.to_dict("records"):
        record = {k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in record.items()}
        match = target_match(context, record)
        rows.append({"process_id": int(record["id"]), "company": record.get("company"),
                     "role": record.get("role"), "applied_on": record.get("applied_on"),
                     "score": match.score, "flagged": bool(match.flags),
                     "explanation": match.explanation})
    columns = ["process_id", "company", "role", "applied_on", "score", "flagged", "explanation"]
    return pd.DataFrame(rows, columns=columns)


def target_summary(scores: pd.DataFrame) -> str:
    scored = scores.dropna(subset=["score"])
    if scored.empty:
        return say("fit.summaries.target_none")
    high = int((scored["score"] >= TARGET_HIGH).sum())
    flagged = int(scored["flagged"].sum())
    text = say("fit.summaries.target", high=high, count=len(scored), threshold=TARGET_HIGH,
               average=f"{scored['score'].mean():.0f}")
    if flagged:
        text += " " + say("fit.summaries.target_deal_breakers", flagged=flagged)
    return text
