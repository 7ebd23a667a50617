"""Step 1 charts: preparation profile, stage-reached funnel, preparation against stage reached."""

from __future__ import annotations

import pandas as pd

from nextround.charts.style import ACCENT, MUTED, figure, trace
from nextround.rules.funnel import funnel_steps
from nextround.rules.preparation import LEVEL_MAX
from nextround.safe_text import plotly_text
from nextround.words import words


def preparation_radar(profile: pd.DataFrame, this_name: str = "This process",
                      average_name: str = "My average"):
    """`this` (a process, or a group's average) against `average` where there is one."""
    levels = words()["preparation"]["levels"]
    areas = profile["area"].tolist()
    closed = areas + areas[:1]
    fig = figure(
        polar=dict(radialaxis=dict(range=[0, LEVEL_MAX], tickvals=list(range(LEVEL_MAX + 1)),
                                   ticktext=levels, angle=90, tickfont=dict(size=10))),
        showlegend=True, legend=dict(orientation="h", y=-0.12), height=380,
        margin=dict(l=70, r=70, t=30, b=40),
    )
    if profile["average"].notna().any():
        avg = profile["average"].fillna(0).tolist()
        fig["data"].append(trace("scatterpolar", r=avg + avg[:1], theta=closed,
                                 name=average_name, line=dict(color=MUTED, dash="dot"),
                                 fill="none",
                                 hovertemplate="%{theta}: %{r:.1f}<extra>%{fullData.name}"
                                               "</extra>"))
    this = profile["this"].fillna(0).tolist()
    fig["data"].append(trace("scatterpolar", r=this + this[:1], theta=closed, name=this_name,
                             line=dict(color=ACCENT), fill="toself", opacity=0.8,
                             hovertemplate="%{theta}: %{r}<extra>%{fullData.name}</extra>"))
    return fig


def funnel_chart(counts: pd.DataFrame):
    fig = figure(height=320, margin=dict(l=110, r=20, t=20, b=30))
    fig["data"].append(trace("funnel", y=counts["step"], x=counts["processes"],
                             marker=dict(color=ACCENT), textinfo="value+percent initial",
                             hovertemplate="%{y}: %{x} processes<extra></extra>"))
    return fig


LATEST_POINTS = 300  # dots in a score-against-stage chart; its summary counts every process


def latest_points(data: pd.DataFrame) -> pd.DataFrame:
    """The processes a score-against-stage chart shows: the most recently logged ones.
    Thousands of dots told nothing more and took the browser seconds to draw."""
    if len(data) <= LATEST_POINTS:
        return data
    return data.loc[data["process_id"].nlargest(LATEST_POINTS).index].sort_index()


def showing_latest(data: pd.DataFrame) -> str:
    """The sentence a summary adds when its chart shows only the latest processes."""
    if len(data) <= LATEST_POINTS:
        return ""
    return f" The chart shows the {LATEST_POINTS} most recently logged processes."


def stage_scatter(data: pd.DataFrame, labels: list[str], x_title: str, hover_word: str):
    """Processes placed by a 0–100 score (x) against the funnel step they reached (y)."""
    steps = funnel_steps()
    fig = figure(
        xaxis=dict(title=x_title, range=[-5, 105]),
        yaxis=dict(title=None, tickvals=list(range(len(steps))), ticktext=steps,
                   range=[-0.5, len(steps) - 0.5]),
        height=340, margin=dict(l=100, r=20, t=20, b=50),
    )
    fig["data"].append(trace("scatter", x=data["score"], y=data["reached"], mode="markers",
                             marker=dict(size=13, color=ACCENT, opacity=0.8,
                                         line=dict(width=1, color="white")),
                             customdata=labels,
                             hovertemplate=f"%{{customdata}}<br>{hover_word} %{{x:.0f}}"
                                           "<extra></extra>"))
    return fig


def score_vs_stage_chart(data: pd.DataFrame):
    data = latest_points(data)
    labels = [plotly_text(f"{c} — {r}" if r else c) for c, r in
              zip(data["company"].fillna(""), data["role"].fillna(""))]
    return stage_scatter(data, labels, "Preparation score", "score")
