"""One look for every chart: readable on JupyterLab's light and dark themes and in Voila."""

from __future__ import annotations

import functools

ACCENT = "#2a7ab0"
SECOND = "#e07b39"
MUTED = "#8a8f98"
PALETTE = [ACCENT, SECOND, "#3aa17e", "#b75fa8", "#c9a227", "#5b6bd5", "#d0574f", MUTED]


@functools.cache
def _base_layout() -> dict:
    """NextRound's layout, validated once. Validating it (plotly_white's template above all)
    cost ~30 ms per figure, more than most charts' own data."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.update_layout(
        template="plotly_white",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font=dict(family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size=13,
                  color="#7a7f87"),
        colorway=PALETTE,
        margin=dict(l=40, r=20, t=40, b=40),
        height=340,
        hoverlabel=dict(font_size=13),
    )
    return fig.to_dict()


def figure(**layout):
    """An empty figure with NextRound's layout; transparent so it sits on any theme."""
    import plotly.graph_objects as go

    # The base was validated when it was built (and is copied, never shared); everything the
    # chart adds from here on is validated as usual.
    fig = go.Figure(_base_layout(), _validate=False)
    fig._validate = True
    fig.update_layout(**layout)
    return fig


def count_axis(most, **axis) -> dict:
    """An axis of counts: whole-number ticks. One tick per count only up to ten: a tick
    for each of hundreds of requests took the browser seconds to lay out, so larger counts
    get Plotly's own round steps (2, 5, 10, 50…)."""
    axis.setdefault("rangemode", "tozero")
    try:
        most = int(most)
    except (TypeError, ValueError):  # no data (None, NaN): a short axis
        most = 0
    if most <= 10:
        axis.update(tick0=0, dtick=1)
    return axis
