"""Step 4 analysis: goals against their deadlines, practice confidence, activity by week.

Pure functions on journal frames (see `nextround.store.frames`); dates are always passed in.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nextround.words import say

ON_TRACK_MARGIN = 10  # percentage points a goal may trail the calendar and still be on track
CHART_GOALS = 12  # bars in the goals chart: more than a screenful helps no one


# ------------------------------------------------------------------- what is read
# The columns each analysis reads, for `frames.tables(..., columns=...)`: answer texts and
# notes stay in the journal.
def goals_columns() -> dict[str, list[str]]:
    """What `goals_progress` reads."""
    return {"goals": ["title", "status", "deadline", "progress", "created_at", "updated_at"]}


def confidence_columns() -> dict[str, list[str]]:
    """What `confidence_by_day` reads."""
    return {"practice_reviews": ["reviewed_at", "confidence"]}


def activity_columns() -> dict[str, list[str]]:
    """What `weekly_activity` reads."""
    return {"learning_sessions": ["held_on", "minutes"], "practice_reviews": ["reviewed_at"],
            "topic_notes": ["noted_on"], "answer_versions": ["created_at"]}


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce", utc=True).dt.tz_localize(None).dt.normalize()


def goals_progress(goals: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """One row per goal that is not dropped: progress, and where the calendar says it should be.

    `expected` is the share of the time from the goal's creation to its deadline that has
    passed (0–100); a goal is `behind` when its progress trails that by more than the margin,
    and `overdue` when its deadline has passed and it is not done. `updated` is when the goal
    was last changed (for a done goal, about when it was done).
    """
    kept = goals[goals["status"].fillna("active") != "dropped"].copy()
    today_ts = pd.Timestamp(today)
    created = _dates(kept["created_at"])
    deadline = pd.to_datetime(kept["deadline"], errors="coerce")
    progress = pd.to_numeric(kept["progress"], errors="coerce").fillna(0).clip(0, 100)
    done = (kept["status"] == "done") | (progress >= 100)
    span = (deadline - created).dt.days.clip(lower=1)
    elapsed = (today_ts - created).dt.days.clip(lower=0)
    expected = (elapsed / span * 100).clip(0, 100).where(deadline.notna())
    updated = (pd.to_datetime(kept["updated_at"], errors="coerce", utc=True)
               if "updated_at" in kept else pd.Series(pd.NaT, index=kept.index))
    out = pd.DataFrame({
        "goal_id": kept["id"].astype("int64"),
        "title": kept["title"].fillna(""),
        "progress": progress.where(~done, 100).astype("int64"),
        "expected": expected.round(0),
        "deadline": deadline,
        "days_left": (deadline - today_ts).dt.days,
        "done": done,
        "updated": updated,
    })
    out["overdue"] = ~out["done"] & (out["days_left"] < 0)
    out["behind"] = ~out["done"] & (out["progress"] < out["expected"] - ON_TRACK_MARGIN)
    return out.sort_values(["done", "deadline", "goal_id"], na_position="last").reset_index(drop=True)


def goals_to_chart(progress: pd.DataFrame, limit: int = CHART_GOALS) -> pd.DataFrame:
    """The goals that get a bar, at most `limit`: open goals, nearest deadline first (the
    overdue ones lead), then the most recently done."""
    open_goals = progress[~progress["done"]]
    done = progress[progress["done"]].sort_values(["updated", "goal_id"], ascending=False,
                                                  na_position="last")
    return pd.concat([open_goals, done]).head(limit).reset_index(drop=True)


def goals_shown_note(shown: pd.DataFrame, progress: pd.DataFrame) -> str:
    """Which goals the chart shows, when it cannot show them all; "" when it does."""
    total = len(progress)
    if len(shown) >= total:
        return ""
    open_count = int((~shown["done"]).sum())
    done_count = len(shown) - open_count
    if not done_count:
        return (say("learning.summaries.shown_active_one", active=open_count, total=total)
                if open_count == 1 else
                say("learning.summaries.shown_active_many", active=open_count, total=total))
    if not open_count:
        return (say("learning.summaries.shown_done_one", done=done_count, total=total)
                if done_count == 1 else
                say("learning.summaries.shown_done_many", done=done_count, total=total))
    values = {"active": open_count, "done": done_count, "total": total}
    return (say("learning.summaries.shown_both_one", **values) if open_count == 1 else
            say("learning.summaries.shown_both_many", **values))


def goals_summary(progress: pd.DataFrame) -> str:
    if progress.empty:
        return say("learning.summaries.goals_none")
    open_goals = progress[~progress["done"]]
    done = int(progress["done"].sum())
    if open_goals.empty:
        return (say("learning.summaries.all_done_one", done=done) if done == 1 else
                say("learning.summaries.all_done_many", done=done))
    overdue = open_goals[open_goals["overdue"]]
    behind = open_goals[open_goals["behind"] & ~open_goals["overdue"]]
    on_track = len(open_goals) - len(overdue) - len(behind)
    values = {"on_track": on_track, "open": len(open_goals), "done": done}
    if done:
        text = (say("learning.summaries.on_track_done_one", **values) if len(open_goals) == 1
                else say("learning.summaries.on_track_done_many", **values))
    else:
        text = (say("learning.summaries.on_track_one", **values) if len(open_goals) == 1
                else say("learning.summaries.on_track_many", **values))
    if len(overdue):
        first = overdue.iloc[0]
        text += " " + say("learning.summaries.overdue", title=first["title"])
    elif len(behind):
        first = behind.iloc[0]
        left = int(first["days_left"])
        values = {"title": first["title"], "progress": first["progress"], "days": left}
        text += " " + (say("learning.summaries.behind_one", **values) if left == 1 else
                       say("learning.summaries.behind_many", **values))
    return text


def confidence_by_day(reviews: pd.DataFrame) -> pd.DataFrame:
    """Each practice review's confidence, and the mean of every review up to that day."""
    if reviews.empty:
        return pd.DataFrame(columns=["day", "confidence", "reviews", "running"])
    frame = pd.DataFrame({
        "day": _dates(reviews["reviewed_at"]),
        "confidence": pd.to_numeric(reviews["confidence"], errors="coerce"),
    }).dropna()
    daily = frame.groupby("day").agg(confidence=("confidence", "mean"),
                                     reviews=("confidence", "size")).reset_index()
    totals = (daily["confidence"] * daily["reviews"]).cumsum() / daily["reviews"].cumsum()
    daily["running"] = totals.round(2)
    daily["confidence"] = daily["confidence"].round(2)
    return daily


def confidence_summary(daily: pd.DataFrame) -> str:
    count = int(daily["reviews"].sum()) if len(daily) else 0
    if count < 2:
        return say("learning.summaries.confidence_too_few")
    first, last = daily.iloc[0], daily.iloc[-1]
    if len(daily) == 1:
        return say("learning.summaries.confidence_one_day", count=count,
                   confidence=f"{first['confidence']:.1f}")
    change = last["confidence"] - first["confidence"]
    trend = ("up" if change > 0.25 else "down" if change < -0.25 else "level")
    trend_words = {"up": say("learning.summaries.trend_up"),
                   "down": say("learning.summaries.trend_down"),
                   "level": say("learning.summaries.trend_level")}
    text = say("learning.summaries.confidence", count=count, days=len(daily),
               trend=trend_words[trend], first=f"{first['confidence']:.1f}",
               latest=f"{last['confidence']:.1f}")
    if trend == "down":
        text += " " + say("learning.summaries.confidence_down")
    return text


def weekly_activity(sessions: pd.DataFrame, reviews: pd.DataFrame, notes: pd.DataFrame,
                    versions: pd.DataFrame, today: dt.date, weeks: int = 12) -> pd.DataFrame:
    """Per week (Monday start), the last `weeks` weeks up to `today`: minutes spent learning,
    practice reviews, notes on your niche, and better answers written."""
    today_ts = pd.Timestamp(today)
    this_monday = today_ts - pd.Timedelta(days=today_ts.weekday())
    mondays = pd.date_range(end=this_monday, periods=weeks, freq="7D")

    def week_of(days: pd.Series) -> pd.Series:
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")

    def counts(days: pd.Series, values: pd.Series | None = None) -> pd.Series:
        days = days.dropna()
        if days.empty:
            return pd.Series(0, index=mondays)
        weights = values.loc[days.index] if values is not None else pd.Series(1, index=days.index)
        return weights.groupby(week_of(days)).sum().reindex(mondays, fill_value=0)

    minutes = pd.to_numeric(sessions["minutes"], errors="coerce").fillna(0)
    out = pd.DataFrame({
        "week": mondays,
        "minutes": counts(pd.to_datetime(sessions["held_on"], errors="coerce"), minutes).to_numpy(),
        "reviews": counts(_dates(reviews["reviewed_at"])).to_numpy(),
        "notes": counts(pd.to_datetime(notes["noted_on"], errors="coerce")).to_numpy(),
        "answers": counts(_dates(versions["created_at"])).to_numpy(),
    })
    for column in ("minutes", "reviews", "notes", "answers"):
        out[column] = out[column].astype("int64")
    return out


def activity_summary(activity: pd.DataFrame) -> str:
    active = activity[(activity[["minutes", "reviews", "notes", "answers"]] > 0).any(axis=1)]
    if active.empty:
        return say("learning.summaries.activity_none")
    latest = activity.iloc[-1]
    recent = activity.tail(4)
    active_recent = int((recent[["minutes", "reviews", "notes", "answers"]] > 0).any(axis=1).sum())
    week = {"minutes": int(latest["minutes"]), "practices": int(latest["reviews"])}
    text = (say("learning.summaries.this_week_one", **week) if latest["reviews"] == 1 else
            say("learning.summaries.this_week_many", **week))
    total = int(activity["minutes"].sum())
    if total:
        return text + " " + say("learning.summaries.active_hours", active=active_recent,
                                weeks=len(recent), hours=f"{total / 60:.1f}")
    return text + " " + say("learning.summaries.active", active=active_recent, weeks=len(recent))
