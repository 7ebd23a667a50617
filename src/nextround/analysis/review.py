"""Step 1 analysis: how far processes get, and how preparation relates to it."""

from __future__ import annotations

import pandas as pd

from nextround.analysis.columns import merge_columns
from nextround.rules.funnel import funnel_steps
from nextround.rules.preparation import LEVEL_MAX
from nextround.words import preparation_areas, say


# ------------------------------------------------------------------- what is read
# The columns each analysis reads, for `frames.tables(..., columns=...)`: a chart fetches
# these and not the person's notes beside them.
def preparation_columns() -> dict[str, list[str]]:
    """What `preparation_scores` and `preparation_profile` read."""
    return {"preparations": ["process_id", *(field for field, _ in preparation_areas())]}


def score_vs_stage_columns() -> dict[str, list[str]]:
    """What the preparation-against-stage chart reads beside how far each process got: scores and names."""
    return merge_columns(preparation_columns(), {"processes": ["company", "role"]})


# --------------------------------------------------------------------- the funnel
def funnel_counts(reached: pd.DataFrame) -> pd.DataFrame:
    """How many processes got at least as far as each step."""
    steps = funnel_steps()
    counts = [int((reached["reached"] >= i).sum()) for i in range(len(steps))]
    return pd.DataFrame({"step": steps, "processes": counts})


def funnel_summary(counts: pd.DataFrame) -> str:
    total = int(counts["processes"].iloc[0])
    if total == 0:
        return say("review.summaries.funnel_none")
    steps = counts["step"].tolist()
    values = counts["processes"].tolist()
    furthest = max(i for i, v in enumerate(values) if v > 0)
    if total < 3:
        return (say("review.summaries.funnel_few_one", total=total) if total == 1 else
                say("review.summaries.funnel_few_many", total=total))
    # The biggest drop between two consecutive steps is where to look first.
    drops = [(values[i] - values[i + 1], i) for i in range(furthest)]
    if not drops:
        return say("review.summaries.funnel_all_at_first", total=total, step=steps[0].lower())
    drop, at = max(drops, key=lambda d: (d[0], -d[1]))  # on a tie, the earliest drop
    return say("review.summaries.funnel_drop", total=total, reached=values[furthest],
               furthest=steps[furthest].lower(), drop_from=steps[at].lower(),
               drop_to=steps[at + 1].lower(), from_count=values[at], to_count=values[at + 1])


def preparation_scores(preparations: pd.DataFrame) -> pd.DataFrame:
    """A 0–100 preparation score per process: the mean of the rated areas."""
    fields = [field for field, _ in preparation_areas()]
    ratings = preparations[fields].apply(pd.to_numeric, errors="coerce")
    score = ratings.mean(axis=1, skipna=True) / LEVEL_MAX * 100
    return pd.DataFrame({
        "process_id": preparations["process_id"].astype("int64"),
        "score": score.round(0),
        "rated": ratings.notna().sum(axis=1),
    })


def preparation_profile(preparations: pd.DataFrame, process_id: int) -> pd.DataFrame:
    """This process's rating per area beside the person's own average across other processes."""
    areas = preparation_areas()
    fields = [field for field, _ in areas]
    ratings = preparations.set_index(preparations["process_id"].astype("int64"))[fields]
    ratings = ratings.apply(pd.to_numeric, errors="coerce")
    this = ratings.loc[process_id] if process_id in ratings.index else pd.Series(index=fields,
                                                                                 dtype=float)
    if isinstance(this, pd.DataFrame):
        this = this.iloc[0]
    others = ratings.drop(index=process_id, errors="ignore")
    return pd.DataFrame({
        "field": fields,
        "area": [label.split(" (")[0] for _, label in areas],
        "this": [this.get(f) for f in fields],
        "average": [others[f].mean() if len(others) else float("nan") for f in fields],
    })


def profile_summary(profile: pd.DataFrame, others: int) -> str:
    rated = profile.dropna(subset=["this"])
    if rated.empty:
        return say("review.summaries.profile_none")
    weakest = rated.sort_values("this").iloc[0]["area"]
    strongest = rated.sort_values("this").iloc[-1]["area"]
    text = say("review.summaries.profile", strongest=strongest.lower(), weakest=weakest.lower())
    if others == 0:
        return text + " " + say("review.summaries.profile_no_average")
    gaps = (rated["this"] - rated["average"]).dropna()
    if not gaps.empty and gaps.min() < 0:
        below = rated.loc[gaps.idxmin(), "area"]
        text += " " + say("review.summaries.profile_lighter", area=below.lower())
    return text


def score_vs_stage(scores: pd.DataFrame, reached: pd.DataFrame,
                   processes: pd.DataFrame) -> pd.DataFrame:
    merged = reached.merge(scores, on="process_id", how="inner")
    names = processes.assign(process_id=processes["id"].astype("int64"))[
        ["process_id", "company", "role"]]
    merged = merged.merge(names, on="process_id", how="left")
    return merged.dropna(subset=["score"])


def score_vs_stage_summary(data: pd.DataFrame) -> str:
    if len(data) < 3:
        return say("review.summaries.preparation_too_few")
    corr = data["score"].corr(data["reached"])
    n = len(data)
    if pd.isna(corr) or abs(corr) < 0.3:
        return say("review.summaries.preparation_no_link", count=n)
    if corr > 0:
        return say("review.summaries.preparation_pays", count=n)
    return say("review.summaries.preparation_not_further", count=n)
