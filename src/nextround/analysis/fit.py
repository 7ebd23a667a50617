"""Step 3 analysis: the share of reasons the person owns, fit scores, where they progress, and
plain-language findings that state their numbers and hold back when there is too little data.

How far a process got comes from `analysis.review.stage_reached`. A finished process (rejected,
withdrew, offer) counts for every milestone; one still open counts only for the milestones it
has already reached, because it may yet reach the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from nextround.analysis.review import funnel_steps
from nextround.schema import CONTROL
from nextround.words import words

OPEN = ("in progress", "waiting")


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


# --------------------------------------------------------------------------- progress
def _with_reached(processes: pd.DataFrame, reached: pd.DataFrame) -> pd.DataFrame:
    frame = processes.assign(process_id=processes["id"].astype("int64"))
    frame = frame.merge(reached[["process_id", "reached"]], on="process_id", how="left")
    frame["reached"] = frame["reached"].fillna(0).astype("int64")
    frame["finished"] = ~frame["outcome"].isin(OPEN)
    return frame


def progress_by(processes: pd.DataFrame, reached: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """For each group of `dimension` and each milestone: how many got there, out of how many
    whose result is known. Processes with the field empty are left out.

    Columns: group, finished, open, step, milestone, count, total, rate (0–1 or NaN).
    """
    frame = _with_reached(processes, reached)
    groups = frame[dimension].astype("string").str.strip()
    frame = frame.assign(group=groups)[groups.notna() & (groups != "")]
    rows = []
    for group, members in frame.groupby("group", sort=True):
        finished = int(members["finished"].sum())
        for index, step, phrase in milestones():
            got_there = members["reached"] >= index
            decided = members["finished"] | got_there
            count, total = int(got_there.sum()), int(decided.sum())
            rows.append({"group": group, "finished": finished,
                         "open": int(len(members) - finished), "step": step,
                         "milestone": phrase, "count": count, "total": total,
                         "rate": count / total if total else float("nan")})
    columns = ["group", "finished", "open", "step", "milestone", "count", "total", "rate"]
    return pd.DataFrame(rows, columns=columns)


@dataclass
class Finding:
    """One plain-language finding and the numbers it rests on."""

    dimension: str
    label: str
    text: str
    held_back: bool
    numbers: list[dict] = field(default_factory=list)


def _headline(group_rows: pd.DataFrame) -> dict:
    """The furthest milestone at least half the group reached; else how many passed the first."""
    ordered = group_rows.reset_index(drop=True)
    for i in range(len(ordered) - 1, -1, -1):
        row = ordered.iloc[i]
        if row["total"] and row["rate"] >= 0.5:
            return {**row.to_dict(), "order": i}
    return {**ordered.iloc[0].to_dict(), "order": -1}


def _sentence(template: str, headline: dict) -> str:
    return template.format(count=headline["count"], total=headline["total"],
                           group=headline["group"], milestone=headline["milestone"])


def dimension_finding(processes: pd.DataFrame, reached: pd.DataFrame, dimension: str,
                      minimum: int | None = None) -> Finding:
    """Where the person progresses and where they don't, for one way of grouping processes."""
    minimum = min_processes() if minimum is None else minimum
    label, template = dimensions()[dimension]
    f = words()["fit"]["findings"]
    progress = progress_by(processes, reached, dimension)
    sizes = progress.groupby("group", sort=True)["finished"].first()
    qualified = [g for g, n in sizes.items() if n >= minimum]
    if not qualified:
        groups = ", ".join(f"{g} {n}" for g, n in sizes.sort_values(ascending=False).items())
        return Finding(dimension, label, f["too_few_in_groups"].format(
            dimension=label, min=minimum, groups=groups or "none recorded"), held_back=True)
    heads = [_headline(progress[progress["group"] == g]) for g in qualified]
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
    finished = int((~processes["outcome"].isin(OPEN)).sum())
    if finished < minimum:
        return [Finding("all", "All processes", f["too_few"].format(total=finished, min=minimum),
                        held_back=True)]
    return [dimension_finding(processes, reached, d, minimum) for d in dimensions()]


# --------------------------------------------------------------------------- fit scores
def fit_scores(work_values: pd.DataFrame, fit_ratings: pd.DataFrame) -> pd.DataFrame:
    """The weighted 0–100 fit score per process (same rule as `nextround.fit.fit_score`)."""
    columns = ["process_id", "score", "rated"]
    if fit_ratings.empty or work_values.empty:
        return pd.DataFrame(columns=columns)
    weights = work_values.assign(value_id=work_values["id"].astype("int64"))[["value_id", "weight"]]
    merged = fit_ratings.assign(value_id=fit_ratings["value_id"].astype("int64")).merge(
        weights, on="value_id", how="inner")
    merged["rating"] = pd.to_numeric(merged["rating"], errors="coerce")
    merged = merged.dropna(subset=["rating"])
    if merged.empty:
        return pd.DataFrame(columns=columns)
    merged["weight"] = pd.to_numeric(merged["weight"], errors="coerce").fillna(1).where(
        lambda s: s > 0, 1)
    merged["top"] = merged["weight"] * (merged["rating"] - 1)
    merged["span"] = merged["weight"] * 4
    grouped = merged.groupby(merged["process_id"].astype("int64"))
    out = pd.DataFrame({"score": (100 * grouped["top"].sum() / grouped["span"].sum()).round(1),
                        "rated": grouped["rating"].count()}).reset_index()
    return out[columns]


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
        return (f"{n} compan{'y' if n == 1 else 'ies'} rated so far; rate at least {minimum} to see "
                "whether the places that suit you are also the ones where you get further.")
    corr = data["score"].corr(data["reached"])
    if pd.isna(corr) or abs(corr) < 0.3:
        return (f"Across {n} rated companies there is no clear link yet between fit and how far "
                "you got.")
    if corr > 0:
        return (f"Across {n} rated companies, you got further where the fit was better "
                f"(correlation {corr:.1f}): aim for places that suit you.")
    return (f"Across {n} rated companies, you got further where the fit was worse "
            f"(correlation {corr:.1f}): worth asking whether you are selling yourself to the "
            "right places.")


def fit_summary(scores: pd.DataFrame) -> str:
    named = scores.dropna(subset=["score"])
    if named.empty:
        return "Rate a company on what matters to you and its fit score appears here."
    best = named.sort_values("score").iloc[-1]
    worst = named.sort_values("score").iloc[0]
    if len(named) == 1:
        return f"{best['company']}: fit {best['score']:.0f} of 100. Rate more companies to compare."
    return (f"Best fit: {best['company']} ({best['score']:.0f} of 100); weakest: "
            f"{worst['company']} ({worst['score']:.0f}), across {len(named)} rated companies.")


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
        return "Sort the possible reasons for a rejection and the share you own appears here."
    within, total = int(shares[CONTROL[0]].sum()), int(shares["total"].sum())
    n = len(shares)
    text = (f"Across {n} process{'es' if n != 1 else ''} you sorted {total} reasons: {within} "
            f"within your control ({round(100 * within / total)}%).")
    if n >= 2:
        first, last = shares["share_within"].iloc[0], shares["share_within"].iloc[-1]
        text += (f" The most recent: {round(100 * last)}% within your control, against "
                 f"{round(100 * first)}% in the earliest.")
    return text


# ----------------------------------------------------------------------------- target
def target_scores(processes: pd.DataFrame, context) -> pd.DataFrame:
    """Each process's match with the target role (`nextround.fit.target_match`)."""
    from nextround.fit import target_match

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
        return "Describe your target role and each process gets a match score."
    high = int((scored["score"] >= 75).sum())
    flagged = int(scored["flagged"].sum())
    text = (f"{high} of {len(scored)} processes match your target at 75% or more; "
            f"the average is {scored['score'].mean():.0f}%.")
    if flagged:
        text += f" {flagged} mention one of your deal-breakers."
    return text
