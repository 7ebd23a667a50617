"""Step 1's charts: preparation profile, how far processes get, preparation against stage."""

from __future__ import annotations

from nextround.specs.registry import Context, Drawing, chart
from nextround.store import frames
from nextround.words import say


@chart("review", "profile", tables={"preparations"}, per_process=True)
def preparation_profile(context: Context) -> Drawing:
    from nextround.analysis import review as analysis
    from nextround.charts.review import preparation_radar

    preps = frames.table(context.journal, "preparations", analysis.preparation_columns())
    if context.process_id is None:
        return Drawing(None, say("charts.review.profile.choose_process"))
    profile = analysis.preparation_profile(preps, context.process_id)
    if profile["this"].isna().all():
        return Drawing()
    others = int((preps["process_id"] != context.process_id).sum())
    return Drawing(preparation_radar(profile), analysis.profile_summary(profile, others))


@chart("review", "funnel", tables={"processes", "stages"})
def funnel(context: Context) -> Drawing:
    from nextround.analysis import review as analysis
    from nextround.charts.review import funnel_chart

    reached = frames.reached(context.journal)
    if reached.empty:
        return Drawing()
    counts = analysis.funnel_counts(reached)
    return Drawing(funnel_chart(counts), analysis.funnel_summary(counts))


@chart("review", "preparation_vs_stage", tables={"processes", "stages", "preparations"})
def preparation_vs_stage(context: Context) -> Drawing:
    from nextround.analysis import review as analysis
    from nextround.charts.review import score_vs_stage_chart, showing_latest

    data = frames.tables(context.journal, "processes", "preparations",
                         columns=analysis.score_vs_stage_columns())
    scores = analysis.preparation_scores(data["preparations"])
    points = analysis.score_vs_stage(scores, frames.reached(context.journal), data["processes"])
    if points.empty:
        return Drawing()
    return Drawing(score_vs_stage_chart(points),
                   analysis.score_vs_stage_summary(points) + showing_latest(points))
