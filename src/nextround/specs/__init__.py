"""Chart specs: every chart NextRound draws, declared once.

A spec says which step the chart belongs to, its name (its words live in coaching.toml under
`[charts.<step>.<name>]`: `title` and `too_little`), the journal tables it reads, and a
function from the journal to a `Drawing` — a Plotly figure and the one line under it, or no
figure when there is too little data yet. The steps' pages, My progress, the report and the
coach's view all read the same specs; adding a chart is adding one spec:

    from nextround.specs import Drawing, chart

    @chart("review", "interviews_per_month", tables={"stages"})
    def interviews_per_month(context):
        ...
        return Drawing(figure, "Two interviews a month since March.")

The built-in specs live in `review.py`, `feedback.py`, `fit.py` and `learning.py`, one module
per step, and `cohort.py`, the coach's view of a workshop (drawn from `Context.cohort`, the
summaries participants shared, never from a journal, and never on My progress); they are
registered when `nextround.specs.registry.every()` is first asked.
"""

from nextround.specs.registry import (STEPS, ChartSpec, Context, Drawing, chart, every, for_step,
                                      get, on_progress)

__all__ = ["STEPS", "ChartSpec", "Context", "Drawing", "chart", "every", "for_step", "get",
           "on_progress"]
