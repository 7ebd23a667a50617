"""Step 4 charts: goals against deadlines, practice confidence over time, activity by week."""

from __future__ import annotations

import pandas as pd

from nextround.charts.style import ACCENT, MUTED, PALETTE, SECOND, figure, trace
from nextround.safe_text import plotly_text


def goals_chart(progress: pd.DataFrame):
    """One bar per goal (progress %), with a tick where the calendar says it should be.

    Every goal given gets a bar 44 px high: pass a screenful (`analysis.learning.goals_to_chart`).
    """
    positions = list(range(len(progress)))[::-1]  # first goal on top
    labels = [plotly_text(title, 40) for title in progress["title"]]
    colours = ["#3aa17e" if done else ("#d0574f" if overdue else (SECOND if behind else ACCENT))
               for done, overdue, behind in zip(progress["done"], progress["overdue"],
                                                 progress["behind"])]
    deadlines = [d.strftime("%d %b %Y") if pd.notna(d) else "no deadline"
                 for d in progress["deadline"]]
    fig = figure(
        xaxis=dict(title="Progress (%)", range=[0, 105]),
        yaxis=dict(tickvals=positions, ticktext=labels, automargin=True),
        height=max(220, 70 + 44 * len(progress)), margin=dict(l=20, r=20, t=20, b=50),
        showlegend=True, legend=dict(orientation="h", y=-0.25), bargap=0.35,
    )
    fig["data"].append(trace(
        "bar",
        x=progress["progress"], y=positions, orientation="h", marker=dict(color=colours),
        name="Progress", customdata=list(zip(labels, deadlines)),
        hovertemplate="%{customdata[0]}<br>%{x}% done · deadline %{customdata[1]}<extra></extra>"))
    expected = progress["expected"]
    fig["data"].append(trace(
        "scatter",
        x=expected, y=positions, mode="markers", name="Where the calendar says",
        marker=dict(symbol="line-ns-open", size=22, line=dict(width=3, color=MUTED)),
        hovertemplate="By the calendar: %{x:.0f}%<extra></extra>"))
    return fig


def confidence_chart(daily: pd.DataFrame):
    fig = figure(
        yaxis=dict(title="Confidence (1–5)", range=[0.5, 5.5], tickvals=[1, 2, 3, 4, 5]),
        xaxis=dict(title=None), height=320, showlegend=True,
        legend=dict(orientation="h", y=-0.2), margin=dict(l=50, r=20, t=20, b=40),
    )
    fig["data"].append(trace(
        "scatter",
        x=daily["day"], y=daily["confidence"], mode="markers", name="That day",
        marker=dict(size=6 + 3 * daily["reviews"].clip(upper=5), color=ACCENT, opacity=0.7),
        customdata=daily["reviews"],
        hovertemplate="%{x|%d %b}: %{y:.1f} over %{customdata} practice(s)<extra></extra>"))
    fig["data"].append(trace(
        "scatter",
        x=daily["day"], y=daily["running"], mode="lines", name="Running average",
        line=dict(color=SECOND, width=3, shape="spline"),
        hovertemplate="%{x|%d %b}: average %{y:.1f}<extra></extra>"))
    return fig


def activity_chart(activity: pd.DataFrame):
    import math

    most = int(activity[["reviews", "notes", "answers"]].to_numpy().max(initial=0))
    fig = figure(
        barmode="group", height=320, showlegend=True, legend=dict(orientation="h", y=-0.2),
        xaxis=dict(title=None, tickformat="%d %b"),
        yaxis=dict(title="Minutes learning", rangemode="tozero"),
        # Counts are whole numbers: whole-number ticks, about five of them.
        yaxis2=dict(title="Count", overlaying="y", side="right", rangemode="tozero",
                    showgrid=False, tick0=0, dtick=max(1, math.ceil(most / 5))),
        margin=dict(l=50, r=50, t=20, b=40),
    )
    fig["data"].append(trace("bar", x=activity["week"], y=activity["minutes"],
                             name="Minutes learning", marker=dict(color=ACCENT), opacity=0.85,
                             hovertemplate="Week of %{x|%d %b}: %{y} minutes<extra></extra>"))
    for column, name, colour in (("reviews", "Practices", SECOND), ("notes", "Notes", PALETTE[2]),
                                 ("answers", "Answers written", PALETTE[3])):
        fig["data"].append(trace("scatter", x=activity["week"], y=activity[column], name=name,
                                 yaxis="y2", mode="lines+markers", line=dict(color=colour),
                                 hovertemplate=f"Week of %{{x|%d %b}}: %{{y}} {name.lower()}"
                                               "<extra></extra>"))
    return fig
