"""The group's report: one self-contained HTML file of the coach's view, to show in the room.

Built like the person's report (`documents.report`): plotly.js inlined from the installed
package, so it opens offline and asks the internet for nothing; every text escaped; chart
data as JSON that cannot end its script. The charts are the cohort's chart specs
(`specs.for_step("cohort")`) drawn for the cohort read, so the report holds what the coach's
page shows: the same minimum group, the same findings.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from nextround.documents.cohort.reading import Reading
from nextround.documents.report import CSS, DRAW, draw_specs, script_json
from nextround.rules.cohort import minimum_group, people_text
from nextround.safe_text import html_text
from nextround.specs import Context, for_step
from nextround.specs.registry import COHORT
from nextround.words import say


def chart_figures(reading: Reading, today: dt.date) -> list[tuple]:
    """(spec, Plotly JSON or None, summary) for every chart of the coach's view."""
    return draw_specs(for_step(COHORT), Context(None, today=today, cohort=reading.cohort))


def counted_text(reading: Reading, now: dt.datetime) -> str:
    return say("cohort.page.counted", people=people_text(reading.people),
               summaries=reading.summaries,
               withdrawn=reading.withdrawn, replaced=reading.replaced, time=f"{now:%H:%M}")


def build_report(reading: Reading, *, now: dt.datetime | None = None) -> str:
    """The group's report as one HTML document."""
    from plotly.offline import get_plotlyjs

    from nextround.store.next_steps import long_date

    now = now or dt.datetime.now().astimezone()
    made_on = long_date(now.date())
    figures: list[dict] = []
    charts = []
    for spec, figure, summary in chart_figures(reading, now.date()):
        caption = f"<figcaption>{html_text(spec.title)}</figcaption>"
        if figure is None:
            charts.append(f'<figure class="chart nr-cohort-chart">{caption}'
                          f'<p class="empty">{html_text(summary)}</p></figure>')
            continue
        charts.append(f'<figure class="chart nr-cohort-chart">{caption}'
                      f'<div class="plot" id="nr-chart-{len(figures)}"></div>'
                      f'<p class="finding">{html_text(summary)}</p></figure>')
        figures.append(figure)
    refused = ""
    if reading.refused:
        items = "".join(f"<li>{html_text(say('cohort.page.refused', name=r.name, reason=r.reason))}"
                        "</li>" for r in reading.refused)
        refused = (f'<section id="refused"><h2>{html_text(say("cohort.report.refused"))}</h2>'
                   f"<ul>{items}</ul></section>")
    title = html_text(say("cohort.report.title"))
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} · {html_text(made_on)}</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        f"<header><h1>{title}</h1>",
        f'<p class="intro">{html_text(say("cohort.report.intro", minimum=minimum_group()))}</p>',
        f'<p class="muted" id="nr-counted">{html_text(counted_text(reading, now))}</p>',
        f'<p class="muted">{html_text(say("cohort.report.made_on", date=made_on))}</p></header>',
        f'<section id="charts">{"".join(charts)}</section>',
        refused,
        f'<script type="application/json" id="nr-chart-data">{script_json(figures)}</script>',
        f"<script>{DRAW}</script>",
        "</body></html>\n",
    ])


def write_report(reading: Reading, path: str | os.PathLike) -> Path:
    """Write the group's report to `path` (replaced atomically, 0600)."""
    from nextround.documents.backup import atomic_write_bytes

    return atomic_write_bytes(path, build_report(reading).encode("utf-8"))
