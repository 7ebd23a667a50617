"""Step 2 charts: request outcomes, time to answer, feedback themes, and the perception gap."""

from __future__ import annotations

import pandas as pd

from nextround.charts.style import ACCENT, MUTED, SECOND, count_axis, figure, trace
from nextround.safe_text import plotly_text

STATUS_COLOURS = {
    "draft": MUTED, "sent": "#5b6bd5", "followed up": "#b75fa8", "answered": "#3aa17e",
    "declined": "#c9a227", "no reply": "#d0574f",
}


def outcomes_chart(outcomes: pd.DataFrame):
    """One bar per request status."""
    fig = figure(height=300, margin=dict(l=100, r=30, t=20, b=40),
                 xaxis=count_axis(outcomes["requests"].max(), title="Requests"),
                 yaxis=dict(autorange="reversed"))
    labels = [s.capitalize() for s in outcomes["status"]]
    fig["data"].append(trace(
        "bar", y=labels, x=outcomes["requests"], orientation="h",
        marker=dict(color=[STATUS_COLOURS.get(s, ACCENT) for s in outcomes["status"]]),
        text=outcomes["requests"], textposition="auto",
        hovertemplate="%{y}: %{x}<extra></extra>"))
    return fig


LATEST_REPLIES = 30  # rows in the reply-time chart; its summary counts every reply


def latest_replies(times: pd.DataFrame) -> pd.DataFrame:
    """The replies the chart shows: the most recently asked, in the order of `times`."""
    if len(times) <= LATEST_REPLIES:
        return times
    recent = times.sort_values(["sent_on", "request_id"]).tail(LATEST_REPLIES).index
    return times.loc[times.index.isin(recent)]


def answer_time_chart(times: pd.DataFrame):
    """One dot per reply: days from asking to hearing back (the most recent replies)."""
    times = latest_replies(times)

    fig = figure(height=max(220, 60 + 34 * len(times)), margin=dict(l=170, r=30, t=20, b=50),
                 xaxis=dict(title="Days until they replied", rangemode="tozero"),
                 yaxis=dict(autorange="reversed"), showlegend=True,
                 legend=dict(orientation="h", y=-0.25))
    labels = [plotly_text(f"{c} — {p}" if p else c, 40) for c, p in
              zip(times["company"], times["person"])]
    # Two replies from one company must stay two rows: the row key is the request.
    keys = [f"#{i}" for i in times["request_id"]]
    for status, colour in (("answered", STATUS_COLOURS["answered"]),
                           ("declined", STATUS_COLOURS["declined"])):
        mask = (times["status"] == status).to_numpy()
        if not mask.any():
            continue
        fig["data"].append(trace(
            "scatter", x=times["days"][mask], y=[k for k, m in zip(keys, mask) if m],
            mode="markers",
            name="With feedback" if status == "answered" else "Declined",
            marker=dict(size=13, color=colour, line=dict(width=1, color="white")),
            customdata=[l for l, m in zip(labels, mask) if m],
            hovertemplate="%{customdata}<br>%{x} days<extra></extra>"))
    fig["layout"]["yaxis"].update(tickvals=keys, ticktext=labels)
    return fig


def themes_chart(counts: pd.DataFrame):
    """Feedback themes, most named first, split into expected and surprising points."""
    fig = figure(height=max(240, 70 + 30 * len(counts)), barmode="stack",
                 margin=dict(l=190, r=30, t=20, b=50),
                 xaxis=count_axis(counts[["expected", "surprise", "unmarked"]].sum(axis=1).max(),
                                   title="Feedback points"),
                 yaxis=dict(autorange="reversed"),
                 legend=dict(orientation="h", y=-0.2))
    labels = [plotly_text(t, 40) for t in counts["theme"]]
    for column, name, colour in (("expected", "Expected", ACCENT),
                                 ("surprise", "A surprise", SECOND),
                                 ("unmarked", "Not marked", MUTED)):
        if counts[column].sum() == 0:
            continue
        fig["data"].append(trace("bar", y=labels, x=counts[column], orientation="h", name=name,
                                 marker=dict(color=colour),
                                 hovertemplate="%{y}: %{x}<extra>" + name + "</extra>"))
    return fig


def perception_gap_chart(gap: pd.DataFrame, mine_name: str = "I named it",
                         theirs_name: str = "Interviewers named it"):
    """Each theme's share of what I (or a group) named about myself beside its share of what
    they named."""
    fig = figure(height=max(260, 80 + 40 * len(gap)), barmode="group",
                 margin=dict(l=190, r=30, t=20, b=60),
                 xaxis=dict(title="Share of mentions (%)", range=[0, 105]),
                 yaxis=dict(autorange="reversed"),
                 legend=dict(orientation="h", y=-0.22))
    labels = [plotly_text(t, 40) for t in gap["theme"]]
    fig["data"].append(trace("bar", y=labels, x=gap["mine_share"], orientation="h",
                             name=mine_name, marker=dict(color=MUTED), customdata=gap["mine"],
                         hovertemplate="%{y}: %{x:.0f}% (%{customdata} times)"
                                       "<extra>%{fullData.name}</extra>"))
    fig["data"].append(trace("bar", y=labels, x=gap["theirs_share"], orientation="h",
                             name=theirs_name, marker=dict(color=ACCENT),
                         customdata=gap["theirs"],
                         hovertemplate="%{y}: %{x:.0f}% (%{customdata} times)"
                                       "<extra>%{fullData.name}</extra>"))
    return fig
