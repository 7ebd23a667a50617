"""Step 2's charts: what happened to my requests, how long replies took, what the feedback is
about, and the perception gap."""

from __future__ import annotations

from nextround.specs.registry import Context, Drawing, chart
from nextround.store import frames
from nextround.words import say

# Building a Plotly figure costs more than the numbers behind it, and every save of a message
# asks these charts again: a figure is rebuilt only when its numbers changed.
_figures: dict[str, tuple] = {}


def _figure(name: str, data, summary: str, make) -> Drawing:
    key = (data.to_json(), summary)
    cached = _figures.get(name)
    if cached is None or cached[0] != key:
        cached = (key, make())
        _figures[name] = cached
    return Drawing(cached[1], summary)


@chart("feedback", "outcomes", tables={"feedback_requests"})
def request_outcomes(context: Context) -> Drawing:
    from nextround.analysis import feedback as analysis
    from nextround.charts.feedback import outcomes_chart

    data = frames.table(context.journal, "feedback_requests", analysis.request_columns())
    if data.empty:
        return Drawing()
    outcomes = analysis.request_outcomes(data)
    summary = analysis.response_summary(analysis.response_rate(data))
    return _figure("outcomes", outcomes, summary, lambda: outcomes_chart(outcomes))


@chart("feedback", "reply_times", tables={"feedback_requests", "processes"})
def reply_times(context: Context) -> Drawing:
    from nextround.analysis import feedback as analysis
    from nextround.charts.feedback import LATEST_REPLIES, answer_time_chart

    data = frames.tables(context.journal, "feedback_requests", "processes",
                         columns=analysis.answer_time_columns())
    times = analysis.answer_times(data["feedback_requests"], data["processes"])
    summary = analysis.answer_time_summary(times)
    if times.empty:
        return Drawing()
    if len(times) > LATEST_REPLIES:
        summary += " " + say("charts.feedback.reply_times.latest", count=LATEST_REPLIES)
    return _figure("reply_times", times, summary, lambda: answer_time_chart(times))


@chart("feedback", "themes", tables={"feedback_points"})
def feedback_themes(context: Context) -> Drawing:
    from nextround.analysis import feedback as analysis
    from nextround.charts.feedback import themes_chart

    counts = analysis.theme_counts(frames.table(context.journal, "feedback_points",
                                                analysis.theme_columns()))
    summary = analysis.themes_summary(counts)
    if counts.empty:
        return Drawing()
    return _figure("themes", counts, summary, lambda: themes_chart(counts))


@chart("feedback", "perception_gap", tables={"feedback_points", "reflections", "takeaways"})
def perception_gap(context: Context) -> Drawing:
    from nextround.analysis import feedback as analysis
    from nextround.charts.feedback import perception_gap_chart

    journal = context.journal
    # Reflections outnumber everything else: SQLite counts their themes.
    data = frames.tables(journal, "takeaways", "feedback_points",
                         columns=analysis.perception_columns())
    mine = analysis.self_named_counts(frames.tag_counts(journal, "reflections", "themes"),
                                      data["takeaways"])
    gap = analysis.gap_between(mine, analysis.tag_counts(data["feedback_points"]["themes"]))
    tagged = int(data["feedback_points"]["themes"].map(lambda t: bool(t)).sum())
    reading = analysis.perception_reading(gap, tagged)
    if gap.empty or gap["mine"].sum() == 0 or gap["theirs"].sum() == 0:
        return Drawing(None, reading)
    return _figure("perception_gap", gap, reading, lambda: perception_gap_chart(gap))
