"""The coach's view: the two charts no step draws (where processes stop, practice and goals).

The group's funnel, preparation profile, feedback themes, perception gap and reasons are
drawn by the steps' own figures (`charts.review`, `charts.feedback`, `charts.fit`). Every
label here is a category word or one of the words file's own, escaped all the same.
"""

from __future__ import annotations

import html

import pandas as pd

from nextround.charts.style import ACCENT, SECOND, count_axis, figure, trace
from nextround.safe_text import plotly_text


def _hover(people_word: str) -> str:
    # Our own word, but a template all the same: escaped, and kept from opening a field.
    word = html.escape(people_word).replace("%{", "%\u200b{")
    return "%{y}: %{x} (%{customdata} " + word + ")<extra></extra>"


def stops_chart(stops: pd.DataFrame, axis_title: str, people_word: str):
    """Processes that ended, by the step where they stopped."""
    labels = [plotly_text(step, 40) for step in stops["step"]]
    fig = figure(height=max(220, 70 + 36 * len(stops)), margin=dict(l=130, r=30, t=20, b=50),
                 xaxis=count_axis(stops["processes"].max(), title=axis_title),
                 yaxis=dict(autorange="reversed"))
    fig["data"].append(trace("bar", y=labels, x=stops["processes"], orientation="h",
                             marker=dict(color=SECOND),
                         customdata=stops["people"], text=stops["processes"],
                         textposition="auto",
                         hovertemplate=_hover(people_word)))
    return fig


def learning_chart(counts: pd.DataFrame, axis_title: str, people_word: str):
    """The group's practice and goal counts, one bar each."""
    labels = [plotly_text(what, 40) for what in counts["what"]]
    colours = [ACCENT if part == "practice" else SECOND for part in counts["part"]]
    fig = figure(height=max(220, 70 + 36 * len(counts)), margin=dict(l=190, r=30, t=20, b=50),
                 xaxis=count_axis(counts["count"].max(), title=axis_title),
                 yaxis=dict(autorange="reversed"))
    fig["data"].append(trace("bar", y=labels, x=counts["count"], orientation="h",
                             marker=dict(color=colours),
                         customdata=counts["people"], text=counts["count"], textposition="auto",
                         hovertemplate=_hover(people_word)))
    return fig
