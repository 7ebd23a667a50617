"""One look for every chart: readable on JupyterLab's light and dark themes and in Voila.

A chart is plain Plotly JSON, `{"data": [trace, …], "layout": {…}}`, built here without
plotly's Python objects: validating a figure through them cost a page's kernel about 0.4 s
and 27 MB before its first chart (`tests/test_plotly_json.py` validates every chart the specs
draw against plotly's schema instead).
"""

from __future__ import annotations

import copy
from typing import Any

from nextround.charts.plotly_json import plain

ACCENT = "#2a7ab0"
SECOND = "#e07b39"
MUTED = "#8a8f98"
PALETTE = [ACCENT, SECOND, "#3aa17e", "#b75fa8", "#c9a227", "#5b6bd5", "#d0574f", MUTED]

GRID = "#ebf0f8"
_AXIS = {"gridcolor": GRID, "linecolor": GRID, "zerolinecolor": GRID, "zerolinewidth": 2,
         "ticks": "", "automargin": True, "title": {"standoff": 15}}

# Defaults every chart starts from; a chart's own layout goes on top (`figure`). The
# template holds what Plotly applies to every axis and trace of its kind.
BASE_LAYOUT: dict[str, Any] = {
    "template": {
        "layout": {
            "xaxis": _AXIS, "yaxis": _AXIS, "hovermode": "closest",
            "hoverlabel": {"align": "left"}, "autotypenumbers": "strict",
            "polar": {"bgcolor": "rgba(0,0,0,0)",
                      "angularaxis": {"gridcolor": GRID, "linecolor": GRID, "ticks": ""},
                      "radialaxis": {"gridcolor": GRID, "linecolor": GRID, "ticks": ""}},
        },
        "data": {"bar": [{"marker": {"line": {"color": "white", "width": 0.5}}}]},
    },
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13,
             "color": "#7a7f87"},
    "colorway": PALETTE,
    "margin": {"l": 40, "r": 20, "t": 40, "b": 40},
    "height": 340,
    "hoverlabel": {"font": {"size": 13}},
}


def merged(base: dict, update: dict) -> dict:
    """`base` with `update` on top, nested dictionaries merged key by key (as Plotly's
    update_layout does); neither is changed, though the result shares their parts."""
    out = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def _titled(part: dict) -> dict:
    """Titles as Plotly.js 3 and later read them: `{"text": …}`, never a bare string (no
    longer drawn) nor null; for the figure and each of its axes and legends."""
    title = part.get("title", {})
    if title is None:
        del part["title"]
    elif isinstance(title, str):
        part["title"] = {"text": title}
    return part


def figure(**layout: Any) -> dict:
    """An empty figure with NextRound's layout and this chart's own on top; transparent so
    it sits on any theme. Values may be pandas or numpy: they are made plain JSON here, and
    a title may be given as its text (`xaxis=dict(title="Days")`)."""
    own = _titled(plain(layout))
    for value in own.values():
        if isinstance(value, dict):
            _titled(value)
    return {"data": [], "layout": merged(copy.deepcopy(BASE_LAYOUT), own)}


def trace(kind: str, **props: Any) -> dict:
    """One Plotly trace of type `kind` ("bar", "scatter"…), its values made plain JSON."""
    return {"type": kind, **plain(props)}


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
