"""Step 2 analysis: how feedback requests fare, what the feedback says, and the perception gap
between the themes a person names about themselves and the themes interviewers name."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from nextround.rules.feedback_requests import rate_of  # noqa: F401 (re-exported)
from nextround.rules.states import REQUEST_STATUSES
from nextround.words import say, themes, words

REPLIED = ("answered", "declined")
THIN_FEEDBACK = 5  # fewer feedback points than this: the gap is a hint, not a verdict


# ------------------------------------------------------------------- what is read
# The columns each analysis reads, for `frames.tables(..., columns=...)`.
def request_columns() -> dict[str, list[str]]:
    """What `request_outcomes` and `response_rate` read."""
    return {"feedback_requests": ["status"]}


def answer_time_columns() -> dict[str, list[str]]:
    """What `answer_times` reads."""
    return {"feedback_requests": ["process_id", "person_name", "status", "sent_on",
                                  "answered_on"],
            "processes": ["company", "role"]}


def theme_columns() -> dict[str, list[str]]:
    """What `theme_counts` reads."""
    return {"feedback_points": ["themes", "surprise"]}


def perception_columns() -> dict[str, list[str]]:
    """What `perception_gap` reads."""
    return {"reflections": ["themes"], "takeaways": ["theme"], "feedback_points": ["themes"]}


# ------------------------------------------------------------------------------ requests
def request_outcomes(requests: pd.DataFrame) -> pd.DataFrame:
    """How many requests are in each status, in the order of the statuses."""
    counts = requests["status"].fillna("draft").value_counts()
    return pd.DataFrame({"status": list(REQUEST_STATUSES),
                         "requests": [int(counts.get(s, 0)) for s in REQUEST_STATUSES]})


def response_rate(requests: pd.DataFrame) -> dict:
    """Of the requests actually sent, how many got a reply (with feedback or a polite no)."""
    return rate_of(requests["status"].fillna("draft").value_counts().to_dict())


def response_summary(rate: dict) -> str:
    if not rate["asked"]:
        return say("feedback.summaries.requests_none")
    values = {"asked": rate["asked"], "replied": rate["replied"],
              "share": round(rate["rate"] * 100), "answered": rate["answered"]}
    text = (say("feedback.summaries.requests_one", **values) if rate["asked"] == 1 else
            say("feedback.summaries.requests_many", **values))
    if rate["waiting"]:
        text += " " + say("feedback.summaries.requests_waiting", waiting=rate["waiting"])
    if rate["asked"] >= 3 and rate["rate"] < 0.3:
        text += " " + say("feedback.summaries.requests_rarely_answered")
    return text


def answer_times(requests: pd.DataFrame, processes: pd.DataFrame) -> pd.DataFrame:
    """Days from sending a request to its reply, for every request that got one."""
    replied = requests[requests["status"].isin(REPLIED)
                       & requests["sent_on"].notna() & requests["answered_on"].notna()]
    names = processes.assign(process_id=processes["id"])[["process_id", "company", "role"]]
    out = replied.merge(names, on="process_id", how="left")
    days = (pd.to_datetime(out["answered_on"]) - pd.to_datetime(out["sent_on"])).dt.days
    return pd.DataFrame({
        "request_id": out["id"].astype("int64"), "company": out["company"].fillna(""),
        "role": out["role"].fillna(""), "person": out["person_name"].fillna(""),
        "status": out["status"], "sent_on": out["sent_on"],
        "days": days.astype("int64"),
    }).sort_values(["days", "request_id"]).reset_index(drop=True)


def answer_time_summary(times: pd.DataFrame) -> str:
    if times.empty:
        return say("feedback.summaries.replies_none")
    n = len(times)
    median = float(times["days"].median())
    if n == 1:
        return say("feedback.summaries.replies_one", count=n, days=f"{median:.0f}")
    return say("feedback.summaries.replies_many", count=n, days=f"{median:.0f}",
               slowest=int(times["days"].max()))


# -------------------------------------------------------------------------------- themes
def _ordered(names) -> list[str]:
    vocabulary = themes()
    names = set(names)
    return [t for t in vocabulary if t in names] + sorted(names - set(vocabulary))


def theme_counts(points: pd.DataFrame) -> pd.DataFrame:
    """How often each theme was tagged in feedback, split by expected / surprise / not marked."""
    rows: dict[str, dict[str, int]] = {}
    for tags, surprise in zip(points["themes"], points["surprise"]):
        kind = "unmarked" if surprise is None or pd.isna(surprise) else (
            "surprise" if surprise else "expected")
        for theme in set(tags or []):
            counts = rows.setdefault(theme, {"expected": 0, "surprise": 0, "unmarked": 0})
            counts[kind] += 1
    order = _ordered(rows)
    frame = pd.DataFrame({"theme": order,
                          "expected": [rows[t]["expected"] for t in order],
                          "surprise": [rows[t]["surprise"] for t in order],
                          "unmarked": [rows[t]["unmarked"] for t in order]},
                         columns=["theme", "expected", "surprise", "unmarked"])
    frame["total"] = frame[["expected", "surprise", "unmarked"]].sum(axis=1).astype("int64")
    return frame.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


def themes_summary(counts: pd.DataFrame) -> str:
    if counts.empty:
        return say("feedback.summaries.themes_none")
    top = counts.iloc[0]
    text = say("feedback.summaries.themes_most", theme=top["theme"].lower(),
               count=int(top["total"]))
    surprises = counts[counts["surprise"] > 0].sort_values("surprise", ascending=False, kind="stable")
    if not surprises.empty:
        text += " " + say("feedback.summaries.themes_surprise",
                          theme=surprises.iloc[0]["theme"].lower())
    return text


def tag_counts(tag_lists: Iterable) -> pd.Series:
    """How many entries name each tag; a tag named twice in one entry counts once.
    (`frames.tag_counts` answers the same straight from the journal.)"""
    named: list[str] = []
    for tags in tag_lists:
        named.extend(set(tags or []))
    return pd.Series(named, dtype="object").value_counts()


def self_named_counts(reflection_counts: pd.Series, takeaways: pd.DataFrame) -> pd.Series:
    """Step 1's themes: those ticked in reflections (counted) and each takeaway's theme."""
    own = pd.Series([t for t in takeaways["theme"] if isinstance(t, str) and t],
                    dtype="object").value_counts()
    return reflection_counts.add(own, fill_value=0).astype("int64")


def self_named_themes(reflections: pd.DataFrame, takeaways: pd.DataFrame) -> pd.Series:
    """How often the person named each theme about themselves in step 1."""
    return self_named_counts(tag_counts(reflections["themes"]), takeaways)


def perception_gap(reflections: pd.DataFrame, takeaways: pd.DataFrame,
                   points: pd.DataFrame) -> pd.DataFrame:
    """Each theme named by the person (step 1) or by interviewers (feedback), with counts and
    each side's share of its own mentions in percent, so the two sides compare fairly."""
    return gap_between(self_named_themes(reflections, takeaways), tag_counts(points["themes"]))


def gap_between(mine: pd.Series, theirs: pd.Series) -> pd.DataFrame:
    """`perception_gap` from the two sides' theme counts."""
    order = _ordered(set(mine.index) | set(theirs.index))
    frame = pd.DataFrame({"theme": order,
                          "mine": [int(mine.get(t, 0)) for t in order],
                          "theirs": [int(theirs.get(t, 0)) for t in order]},
                         columns=["theme", "mine", "theirs"])
    mine_total, theirs_total = int(frame["mine"].sum()), int(frame["theirs"].sum())
    frame["mine_share"] = frame["mine"] / mine_total * 100 if mine_total else 0.0
    frame["theirs_share"] = frame["theirs"] / theirs_total * 100 if theirs_total else 0.0
    frame["gap"] = frame["theirs_share"] - frame["mine_share"]
    return frame


def perception_reading(gap: pd.DataFrame, feedback_points: int) -> str:
    """The gap in plain words: where each side puts its weight, a possible blind spot, where
    the person is harder on themselves, and what was outside their control."""
    w = words()["feedback"]["perception"]
    if gap.empty or gap["mine"].sum() == 0 or gap["theirs"].sum() == 0:
        return w["too_little"]
    outside = set(w.get("outside_control", []))

    def how_often(count: int) -> str:
        key = {1: "times_one", 2: "times_two"}.get(count, "times_many")
        return w[key].format(count=count)

    def sentence(key: str, row) -> str:
        mine, theirs = int(row["mine"]), int(row["theirs"])
        return w[key].format(theme=row["theme"].lower(), mine=mine, theirs=theirs,
                             mine_times=how_often(mine), theirs_times=how_often(theirs),
                             points=feedback_points)

    def most(frame: pd.DataFrame, column: str):
        return frame.sort_values(column, ascending=False, kind="stable").iloc[0]

    sentences = []
    mine_top, theirs_top = most(gap, "mine"), most(gap, "theirs")
    if mine_top["theme"] == theirs_top["theme"]:
        sentences.append(sentence("same_focus", mine_top))
    else:
        sentences.append(w["different_focus"].format(
            mine_top=mine_top["theme"].lower(), mine_pct=round(mine_top["mine_share"]),
            theirs_top=theirs_top["theme"].lower(), theirs_pct=round(theirs_top["theirs_share"])))
    if ((gap["mine"] > 0) & (gap["theirs"] > 0)).sum() == 0:
        sentences.append(w["no_overlap"])
    only_theirs = gap[(gap["mine"] == 0) & (gap["theirs"] > 0)]
    blind = only_theirs[~only_theirs["theme"].isin(outside)]
    if not blind.empty:
        sentences.append(sentence("blind_spot", most(blind, "theirs")))
    only_mine = gap[(gap["mine"] > 0) & (gap["theirs"] == 0)]
    if not only_mine.empty:
        sentences.append(sentence("harder_on_yourself", most(only_mine, "mine")))
    external = gap[gap["theme"].isin(outside) & (gap["theirs"] > 0)]
    if not external.empty:
        sentences.append(sentence("outside", most(external, "theirs")))
    if feedback_points < THIN_FEEDBACK:
        counted = (w["points_one"] if feedback_points == 1 else
                   w["points_many"].format(count=feedback_points))
        sentences.append(w["thin"].format(points=feedback_points, points_counted=counted))
    return " ".join(s[0].upper() + s[1:] for s in sentences)
