"""The progress report: one self-contained HTML file to keep, print or share with a coach.

It holds what My progress shows — what to do next, the headline figures and every step's
charts — and the person's own words: each process with its stages, reflections, takeaways,
feedback and reasons, then goals, better answers and notes. Everything is inside the file:
plotly.js is inlined from the installed plotly package, so it opens offline and asks the
internet for nothing. Every piece of the person's text is escaped; chart data travels as JSON
with `<`, `>` and `&` escaped, so no text can end the script it sits in.

The charts are the steps' chart specs that My progress shows (`nextround.specs.on_progress`),
drawn without any widget: a chart added to a step appears in the report without any change
here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nextround.documents.report_entries import learning_html, process_html
from nextround.rules.funnel import funnel_steps
from nextround.safe_text import html_text
from nextround.specs import Context, on_progress
from nextround.specs.registry import STEPS
from nextround.store import next_steps as next_step_store
from nextround.store import processes as process_store
from nextround.store.headlines import Headline, headline_figures
from nextround.store.journal import Journal
from nextround.words import say, words

log = logging.getLogger(__name__)

CHART_HEIGHT = 340
PRINT_WIDTH = 680  # px: an A4 or Letter page less its margins


def headlines_html(figures: Iterable[Headline]) -> str:
    cards = "".join(
        f'<div class="nr-figure-card"><div class="nr-figure">{html_text(f.value)}</div>'
        f'<div>{html_text(f.label)}</div><div class="nr-figure-label">{html_text(f.note)}</div>'
        "</div>" for f in figures)
    return f'<div class="nr-figures">{cards}</div>'



# ------------------------------------------------------------------------------ charts
def script_json(value: Any) -> str:
    """JSON safe inside <script>: nothing in it can close the tag or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def draw_specs(specs, context: Context) -> list[tuple]:
    """[(spec, Plotly JSON or None, summary)] for these chart specs, drawn in `context`."""
    from nextround.charts.plotly_json import figure_json

    drawn = []
    for spec in specs:
        try:
            drawing = spec.drawing(context)
            figure = None if drawing.figure is None else figure_json(drawing.figure)
            drawn.append((spec, figure, drawing.summary))
        except Exception:  # one chart that cannot be drawn must not lose the report
            log.exception("chart %s failed", spec.key)
            drawn.append((spec, None, say("kit.chart_failed")))
    return drawn


def chart_figures(journal: Journal, today: dt.date) -> list[tuple[str, list[tuple]]]:
    """(step title, [(spec, Plotly JSON or None, summary)]) for every chart My progress shows,
    drawn from the journal as it is now, by the same specs the pages draw."""
    context = Context(journal, process_store.current_process_id(journal), today)
    steps = []
    for step in STEPS:
        drawn = draw_specs([spec for spec in on_progress() if spec.step == step], context)
        if drawn:
            steps.append((words()["steps"][step]["title"], drawn))
    return steps


# ------------------------------------------------------------------------------ the page
CSS = f"""
:root {{ color-scheme: light; }}
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2127;
  max-width: 60rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }}
h1 {{ margin-bottom: 0.2rem; }} h2 {{ border-bottom: 2px solid #2a7ab0; padding-bottom: 4px;
  margin-top: 2rem; }}
.muted, .meta {{ color: #5f6670; }}
.intro {{ font-size: 1.05em; }}
.nr-figures {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
  gap: 10px; }}
.nr-figure-card {{ border: 1px solid #d0d4da; border-radius: 6px; padding: 8px 10px;
  break-inside: avoid; }}
.nr-figure {{ font-size: 1.6em; font-weight: 600; }}
.nr-figure-label {{ color: #5f6670; font-size: 0.9em; }}
.chart {{ margin: 1rem 0 1.5rem; break-inside: avoid; }}
.chart figcaption {{ font-weight: 600; }}
.plot {{ width: 100%; height: {CHART_HEIGHT}px; }}
.empty {{ color: #5f6670; font-style: italic; }}
.process, .question {{ border: 1px solid #d0d4da; border-radius: 6px; padding: 4px 14px 8px;
  margin: 10px 0; }}
.label {{ font-weight: 600; }}
.tag {{ display: inline-block; border: 1px solid #b0b6be; border-radius: 10px; padding: 0 7px;
  margin: 0 3px 2px 0; font-size: 0.85em; color: #3d434b; }}
.overdue {{ color: #a05a00; font-weight: 600; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; border-bottom: 1px solid #e2e5e9;
  padding: 4px 6px; }}
td p {{ margin: 2px 0; font-size: 0.92em; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 11pt; }}
  h2 {{ break-after: avoid; }}
  .process, .question, tr, .chart {{ break-inside: avoid; }}
  .plot {{ width: {PRINT_WIDTH}px; }}
  a {{ color: inherit; text-decoration: none; }}
}}
@page {{ margin: 15mm; }}
"""

# Draw every chart; fit them to the paper before printing and back to the window after.
DRAW = f"""
(function () {{
  var specs = JSON.parse(document.getElementById('nr-chart-data').textContent);
  var config = {{responsive: true, displaylogo: false, displayModeBar: false}};
  var plots = [];
  specs.forEach(function (spec, i) {{
    var el = document.getElementById('nr-chart-' + i);
    var layout = spec.layout || {{}};
    layout.height = layout.height || {CHART_HEIGHT};
    layout.autosize = true;
    el.style.height = layout.height + 'px';
    Plotly.newPlot(el, spec.data || [], layout, config);
    plots.push(el);
  }});
  window.addEventListener('beforeprint', function () {{
    plots.forEach(function (el) {{ Plotly.relayout(el, {{width: {PRINT_WIDTH}}}); }});
  }});
  window.addEventListener('afterprint', function () {{
    plots.forEach(function (el) {{ Plotly.relayout(el, {{width: null, autosize: true}}); }});
  }});
  document.body.setAttribute('data-charts-drawn', String(plots.length));
}})();
"""


def build_report(journal: Journal, *, today: dt.date | None = None,
                 now: dt.datetime | None = None) -> str:
    """The whole report as one HTML document, drawn from the journal as it is now."""
    from plotly.offline import get_plotlyjs

    now = now or dt.datetime.now(dt.timezone.utc)
    today = today or now.astimezone().date()

    # As on My progress: the oldest few, then how many more wait in which step.
    due, left_out = next_step_store.shortened(next_step_store.next_steps(journal, now))
    if due:
        items = "".join(
            f'<li><span class="{"overdue" if s.overdue else ""}">{html_text(s.title)}</span><br>'
            f'<span class="muted">{html_text(s.detail)}</span></li>' for s in due)
        more = f"<p>{html_text(left_out.sentence())}</p>" if left_out else ""
        next_html = f"<ol>{items}</ol>{more}"
    else:
        next_html = f'<p class="muted">{html_text(next_step_store.nothing_due_text())}</p>'

    figures: list[dict] = []
    chart_html = []
    for title, drawn in chart_figures(journal, today):
        chart_html.append(f"<h3>{html_text(title)}</h3>")
        for spec, figure, summary in drawn:
            caption = f"<figcaption>{html_text(spec.title)}</figcaption>"
            if figure is None:
                chart_html.append(f'<figure class="chart">{caption}'
                                  f'<p class="empty">{html_text(summary)}</p></figure>')
                continue
            chart_html.append(
                f'<figure class="chart">{caption}<div class="plot" id="nr-chart-{len(figures)}">'
                f'</div><p class="muted">{html_text(summary)}</p></figure>')
            figures.append(figure)

    reached = dict(process_store.reached(journal))
    steps = funnel_steps()
    process_rows = journal.rows("processes", order_by="applied_on DESC, id DESC")
    processes = "".join(process_html(journal, p, steps[reached.get(p["id"], 0)])
                        for p in process_rows)
    if not processes:
        processes = f'<p class="muted">{html_text(say("report.no_process"))}</p>'
    learning = learning_html(journal) or f'<p class="muted">{html_text(say("report.no_learning"))}</p>'
    made_on = next_step_store.long_date(today)
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(say('report.title'))} · {html_text(made_on)}</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        f"<header><h1>{html_text(say('report.title'))}</h1>",
        f'<p class="intro">{html_text(say("progress.report_intro"))}</p>',
        f'<p class="muted">{html_text(say("report.made_on", date=made_on))}</p></header>',
        f'<section id="next"><h2>{html_text(say("report.next"))}</h2>{next_html}</section>',
        f'<section id="figures"><h2>{html_text(say("report.figures"))}</h2>',
        headlines_html(headline_figures(journal)), "</section>",
        f'<section id="charts"><h2>{html_text(say("report.charts"))}</h2>{"".join(chart_html)}'
        "</section>",
        f'<section id="processes"><h2>{html_text(say("report.processes"))}</h2>{processes}'
        "</section>",
        f'<section id="learning"><h2>{html_text(say("report.learning"))}</h2>{learning}</section>',
        f'<script type="application/json" id="nr-chart-data">{script_json(figures)}</script>',
        f"<script>{DRAW}</script>",
        "</body></html>\n",
    ])


def write_report(journal: Journal, path: str | os.PathLike) -> Path:
    """Write the report to `path` (replaced atomically, private to the user: 0600)."""
    from nextround.documents.backup import atomic_write_bytes

    return atomic_write_bytes(path, build_report(journal).encode("utf-8"))
