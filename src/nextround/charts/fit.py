"""Step 3 charts: how much of it was mine, fit by company, where I progress, fit against stage
reached, and how my processes match my target role.

Company names and other user text reach Plotly only as escaped labels (`plotly_text`) or as
customdata, never inside a hovertemplate.
"""

from __future__ import annotations

import pandas as pd

from nextround.charts.review import latest_points, stage_scatter
from nextround.charts.style import ACCENT, MUTED, PALETTE, SECOND, count_axis, figure, trace
from nextround.rules.states import CONTROL
from nextround.safe_text import plotly_text
from nextround.words import words

LATEST = 30  # bar charts per process show the most recent ones; their summaries count them all


def _latest(data: pd.DataFrame) -> pd.DataFrame:
    if len(data) <= LATEST or "applied_on" not in data:
        return data
    return data.sort_values(["applied_on", "process_id"], na_position="first").tail(LATEST)


def _process_labels(data: pd.DataFrame) -> list[str]:
    labels = []
    for company, role in zip(data["company"].fillna(""), data["role"].fillna("")):
        labels.append(plotly_text(f"{company} — {role}" if role else company or "Unnamed", 40))
    return _unique(labels)


def _unique(labels: list[str]) -> list[str]:
    """Two processes at one company need two rows: repeat labels get a zero-width suffix."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label + "\u200b" * (seen[label] - 1))
    return out


def control_chart(shares: pd.DataFrame):
    """Stacked bars per process: reasons within my control, outside it, can't know."""
    shares = _latest(shares)
    labels = _process_labels(shares)
    names = words()["reasons"]["words"]["control_labels"]
    # The legend sits above the bars: below them it collides with the axis title.
    fig = figure(barmode="stack", height=max(240, 90 + 34 * len(shares)),
                 margin=dict(l=200, r=20, t=40, b=50),
                 xaxis=count_axis(shares[list(CONTROL)].sum(axis=1).max(), title="Reasons sorted"),
                 yaxis=dict(autorange="reversed"),
                 legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"))
    for control, name, colour in zip(CONTROL, names, (ACCENT, SECOND, MUTED)):
        fig["data"].append(trace("bar", y=labels, x=shares[control], name=name, orientation="h",
                                 marker=dict(color=colour), customdata=labels,
                                 hovertemplate="%{customdata}<br>%{x}"
                                               "<extra>%{fullData.name}</extra>"))
    return fig


def fit_chart(scores: pd.DataFrame, current: int | None = None):
    """Fit score by company, best first; the process being worked on stands out."""
    data = _latest(scores).sort_values("score", ascending=False).reset_index(drop=True)
    labels = _process_labels(data)
    colours = [SECOND if pid == current else ACCENT for pid in data["process_id"]]
    fig = figure(height=max(220, 60 + 30 * len(data)), margin=dict(l=200, r=30, t=10, b=40),
                 xaxis=dict(title="Fit score (0–100)", range=[0, 100]),
                 yaxis=dict(autorange="reversed"))
    fig["data"].append(trace("bar", y=labels, x=data["score"], orientation="h",
                             marker=dict(color=colours),
                         customdata=list(zip(labels, data["rated"].astype(int))),
                         hovertemplate="%{customdata[0]}<br>fit %{x:.0f} of 100 "
                                       "(%{customdata[1]} values rated)<extra></extra>"))
    return fig


def progress_chart(progress: pd.DataFrame, dimension_label: str):
    """For each group, the share of processes that reached each milestone (with counts)."""
    groups = list(dict.fromkeys(progress["group"]))
    sizes = progress.groupby("group", sort=False)[["finished", "open"]].first()
    labels = {g: plotly_text(f"{g} ({sizes.loc[g, 'finished'] + sizes.loc[g, 'open']})", 40)
              for g in groups}
    fig = figure(barmode="group", height=max(260, 80 + 70 * len(groups)),
                 margin=dict(l=200, r=20, t=10, b=70),
                 xaxis=dict(title="Share of processes that got there", range=[0, 100],
                            ticksuffix="%"),
                 yaxis=dict(title=plotly_text(dimension_label), autorange="reversed"),
                 legend=dict(orientation="h", y=-0.22), colorway=PALETTE)
    for step in dict.fromkeys(progress["step"]):
        rows = progress[progress["step"] == step].set_index("group").reindex(groups)
        milestone = rows["milestone"].dropna().iloc[0]
        fig["data"].append(trace(
            "bar", y=[labels[g] for g in groups], x=(rows["rate"] * 100).round(0), orientation="h",
            name=milestone.capitalize(),
            customdata=list(zip(rows["count"].fillna(0).astype(int),
                                rows["total"].fillna(0).astype(int))),
            text=[f"{c}/{t}" for c, t in zip(rows["count"].fillna(0).astype(int),
                                             rows["total"].fillna(0).astype(int))],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{customdata[0]} of %{customdata[1]}<extra>%{fullData.name}</extra>"))
    return fig


def fit_vs_stage_chart(data: pd.DataFrame):
    data = latest_points(data)
    return stage_scatter(data, _process_labels(data), "Fit score (0–100)", "fit")


def target_chart(scores: pd.DataFrame):
    """Each process's match with the target role, newest first; deal-breakers in orange."""
    data = _latest(scores.dropna(subset=["score"])).sort_values(
        ["applied_on", "process_id"], ascending=False, na_position="last").reset_index(drop=True)
    labels = _process_labels(data)
    colours = [SECOND if flagged else ACCENT for flagged in data["flagged"]]
    fig = figure(height=max(220, 60 + 30 * len(data)), margin=dict(l=200, r=30, t=10, b=40),
                 xaxis=dict(title="Match with my target role (%)", range=[0, 100]),
                 yaxis=dict(autorange="reversed"))
    fig["data"].append(trace("bar", y=labels, x=data["score"], orientation="h",
                             marker=dict(color=colours),
                         customdata=labels,
                         hovertemplate="%{customdata}<br>%{x}% match<extra></extra>"))
    return fig
