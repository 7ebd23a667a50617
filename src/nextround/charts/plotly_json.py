"""A figure as the Plotly JSON a page or the report draws: one conversion for every place."""

from __future__ import annotations

import json
from typing import Any

HEIGHT = 360

# Passed to Plotly.react by the renderer. "responsive" makes the chart follow its container's
# width when the window is resized.
CONFIG = {"responsive": True, "displaylogo": False}


def title_text(layout: dict) -> str:
    title = layout.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return str(title) if title else ""


def figure_json(fig: Any, height: int = HEIGHT) -> dict:
    """The Plotly JSON (data, layout, config) that draws `fig`: the costly part of showing it."""
    import plotly.io as pio

    # to_json (not to_plotly_json) turns numpy/pandas/datetime values into plain JSON the same
    # way fig.show() would; widget state must be JSON.
    spec = json.loads(pio.to_json(fig, validate=False))
    layout = spec.setdefault("layout", {})
    layout.setdefault("height", height)
    layout.setdefault("autosize", True)  # width follows the container
    # Plotly's default margins (100px on top, 80px below) would leave little of a short chart
    # for the plot itself.
    layout.setdefault("margin", {"t": 56 if title_text(layout) else 24, "b": 40, "l": 56, "r": 24})
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    return spec
