"""A figure as the Plotly JSON a page or the report draws: one conversion for every place."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

HEIGHT = 360

# Passed to Plotly.react by the renderer. "responsive" makes the chart follow its container's
# width when the window is resized.
CONFIG = {"responsive": True, "displaylogo": False}


def plain(value: Any) -> Any:
    """`value` as plain JSON values: pandas and numpy values (Series, arrays, scalars) as
    lists and numbers, dates as ISO text, missing values (NaN, NaT, NA) as null, tuples as
    lists. Neither pandas nor numpy is imported to do it."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if isinstance(value, (dt.datetime, dt.date)):  # pandas' Timestamp is a datetime
        return value.isoformat()
    dtype = getattr(value, "dtype", None)
    if getattr(dtype, "kind", "") == "M" and not hasattr(value, "index"):
        value = value.astype("datetime64[us]")  # numpy datetimes: tolist() gives datetimes
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars, pandas Series, Index
    if tolist is not None:
        return plain(tolist())
    raise TypeError(f"a chart value Plotly cannot draw: {type(value).__name__}")


def title_text(layout: dict) -> str:
    title = layout.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return str(title) if title else ""


def figure_json(fig: Any, height: int = HEIGHT) -> dict:
    """The Plotly JSON (data, layout, config) that draws `fig`: a figure of `charts.style`
    (plain JSON already), or any plotly figure object a chart of one's own returns."""
    if isinstance(fig, dict):
        spec = plain(fig)  # a copy: the chart's own dictionaries are left as they were
    else:
        import plotly.io as pio

        # to_json (not to_plotly_json) turns numpy/pandas/datetime values into plain JSON
        # the same way fig.show() would; widget state must be JSON.
        spec = json.loads(pio.to_json(fig, validate=False))
    spec.setdefault("data", [])
    layout = spec.setdefault("layout", {})
    layout.setdefault("height", height)
    layout.setdefault("autosize", True)  # width follows the container
    # Plotly's default margins (100px on top, 80px below) would leave little of a short chart
    # for the plot itself.
    layout.setdefault("margin", {"t": 56 if title_text(layout) else 24, "b": 40, "l": 56, "r": 24})
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    return spec
