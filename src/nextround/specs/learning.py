"""Step 4's charts: goals against their deadlines, practice confidence, activity by week."""

from __future__ import annotations

from nextround.specs.registry import Context, Drawing, chart
from nextround.store import frames


@chart("learning", "goals", tables={"goals"})
def goals(context: Context) -> Drawing:
    from nextround.analysis import learning as analysis
    from nextround.charts.learning import goals_chart

    progress = analysis.goals_progress(
        frames.table(context.journal, "goals", analysis.goals_columns()), context.today)
    if progress.empty:
        return Drawing()
    shown = analysis.goals_to_chart(progress)
    summary = analysis.goals_summary(progress)
    note = analysis.goals_shown_note(shown, progress)
    return Drawing(goals_chart(shown), f"{summary} {note}" if note else summary)


@chart("learning", "confidence", tables={"practice_reviews"})
def confidence(context: Context) -> Drawing:
    from nextround.analysis import learning as analysis
    from nextround.charts.learning import confidence_chart

    daily = analysis.confidence_by_day(
        frames.table(context.journal, "practice_reviews", analysis.confidence_columns()))
    if daily.empty:
        return Drawing()
    return Drawing(confidence_chart(daily), analysis.confidence_summary(daily))


@chart("learning", "activity",
       tables={"learning_sessions", "practice_reviews", "topic_notes", "answer_versions"})
def activity(context: Context) -> Drawing:
    from nextround.analysis import learning as analysis
    from nextround.charts.learning import activity_chart

    data = frames.tables(context.journal, "learning_sessions", "practice_reviews",
                         "topic_notes", "answer_versions", columns=analysis.activity_columns())
    weekly = analysis.weekly_activity(data["learning_sessions"], data["practice_reviews"],
                                      data["topic_notes"], data["answer_versions"],
                                      context.today)
    summary = analysis.activity_summary(weekly)
    if (weekly[["minutes", "reviews", "notes", "answers"]] == 0).all().all():
        return Drawing()
    return Drawing(activity_chart(weekly), summary)
