"""Step 3's charts: what was in my control, fit by company, where I progress, fit against
stage reached, and how my processes match my target."""

from __future__ import annotations

from nextround.specs.registry import Context, Drawing, chart
from nextround.store import fit, frames
from nextround.words import say


@chart("fit", "control", tables={"reasons", "processes"}, section="reasons")
def control(context: Context) -> Drawing:
    from nextround.analysis import fit as analysis
    from nextround.charts.fit import control_chart

    data = frames.tables(context.journal, "reasons", "processes",
                         columns=analysis.control_columns())
    shares = analysis.control_shares(data["reasons"], data["processes"])
    if shares.empty:
        return Drawing()
    return Drawing(control_chart(shares), analysis.control_summary(shares))


@chart("fit", "by_company", tables={"work_values", "fit_ratings", "processes"},
       per_process=True, section="culture-fit", on_progress=False)
def fit_by_company(context: Context) -> Drawing:
    from nextround.analysis import fit as analysis
    from nextround.charts.fit import fit_chart

    data = frames.tables(context.journal, "work_values", "fit_ratings", "processes",
                         columns=analysis.fit_score_columns())
    scores = analysis.with_names(analysis.fit_scores(data["work_values"], data["fit_ratings"]),
                                 data["processes"])
    if scores["score"].dropna().empty:
        return Drawing()
    return Drawing(fit_chart(scores, context.process_id), analysis.fit_summary(scores))


def _progress_data(context: Context):
    from nextround.analysis.fit import progress_columns

    processes = frames.table(context.journal, "processes", progress_columns())
    return processes, frames.reached(context.journal)


@chart("fit", "progress", tables={"processes", "stages"}, section="right-roles")
def where_i_progress(context: Context) -> Drawing:
    from nextround.analysis import fit as analysis
    from nextround.charts.fit import progress_chart

    processes, reached = _progress_data(context)
    dimensions = analysis.dimensions()
    key = context.choice("dimension", next(iter(dimensions)))
    label = dimensions[key][0]
    progress = analysis.progress_by(processes, reached, key)
    if progress.empty:
        return Drawing(None, say("charts.fit.progress.nothing_recorded", dimension=label.lower()))
    summary = next((f.text for f in analysis.findings(processes, reached)
                    if f.dimension in (key, "all")), "")
    return Drawing(progress_chart(progress, label), summary)


@chart("fit", "fit_vs_stage", tables={"processes", "stages", "work_values", "fit_ratings"},
       section="right-roles")
def fit_vs_stage(context: Context) -> Drawing:
    from nextround.analysis import fit as analysis
    from nextround.charts.fit import fit_vs_stage_chart
    from nextround.charts.review import showing_latest

    processes, reached = _progress_data(context)
    data = frames.tables(context.journal, "work_values", "fit_ratings",
                         columns=analysis.fit_score_columns())
    scores = analysis.fit_scores(data["work_values"], data["fit_ratings"])
    points = analysis.fit_vs_stage(scores, reached, processes)
    if points.empty:
        return Drawing()
    return Drawing(fit_vs_stage_chart(points),
                   analysis.fit_vs_stage_summary(points) + showing_latest(points))


@chart("fit", "target", tables={"processes", "target_roles", "work_values", "fit_ratings"},
       section="target-role", on_progress=False)
def target_match(context: Context) -> Drawing:
    from nextround.analysis import fit as analysis
    from nextround.charts.fit import target_chart

    processes = frames.table(context.journal, "processes")
    scores = analysis.target_scores(processes, fit.target_context(context.journal))
    if scores["score"].dropna().empty:
        return Drawing()
    return Drawing(target_chart(scores), analysis.target_summary(scores))
