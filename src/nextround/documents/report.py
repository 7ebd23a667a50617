"""The progress report: one self-contained HTML file to keep, print or share with a coach.

It holds what My progress shows — what to do next, the headline figures and every step's
charts — and the person's own words: each process with its stages, reflections, takeaways,
feedback and reasons, then goals, better answers and notes. Everything is inside the file:
plotly.js is inlined from the installed plotly package, so it opens offline and asks the
internet for nothing. Every piece of the person's text is escaped; chart data travels as JSON
with `<`, `>` and `&` escaped, so no text can end the script it sits in.

The charts are read from the steps' own chart sections (the same widgets My progress shows),
so a chart added to a step appears in the report without any change here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nextround.store import next_steps as next_step_store
from nextround.store import feedback_requests as request_store
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store.journal import Journal
from nextround.safe_text import html_text
from nextround.words import words

CHART_HEIGHT = 340
PRINT_WIDTH = 680  # px: an A4 or Letter page less its margins


# ------------------------------------------------------------------------ headline figures
@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    note: str


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# Everything the headlines count, in one statement: SQLite counts, nothing is read whole.
_HEADLINE_COUNTS = """
SELECT * FROM
  (SELECT count(*),
          count(CASE WHEN outcome IS NULL OR outcome IN ('in progress', 'waiting') THEN 1 END),
          count(CASE WHEN outcome = 'offer' THEN 1 END) FROM processes),
  (SELECT count(*) FROM feedback_points),
  (SELECT count(*) FROM practice_reviews),
  (SELECT count(CASE WHEN status IS NULL OR status = 'active' THEN 1 END),
          count(CASE WHEN status = 'done' THEN 1 END) FROM goals),
  (SELECT coalesce(sum(minutes), 0), count(*) FROM learning_sessions)
"""


def _reached_at_least(journal: Journal, index: int) -> int:
    """How many processes got to funnel step `index` or further: `stage_reached`'s rule
    (the furthest step of any stage, a kind not listed counts as an interview, an offer
    reaches the top), counted by SQLite."""
    mapping, unlisted = process_store.stage_ranks()
    rank = ("CASE s.kind " + " ".join("WHEN ? THEN ?" for _ in mapping) + " ELSE ? END"
            if mapping else "?")
    sql = ("SELECT count(*) FROM processes p WHERE CASE WHEN p.outcome = 'offer' THEN ? ELSE "
           f"coalesce((SELECT max({rank}) FROM stages s WHERE s.process_id = p.id), 0) END >= ?")
    params = [len(process_store.funnel_steps()) - 1, *(v for pair in mapping.items() for v in pair),
              unlisted, index]
    return journal.query(sql, params)[0][0]


def _theme_count(journal: Journal) -> int:
    """How many themes feedback points were tagged with (each distinct list decoded once)."""
    texts = [row[0] for row in journal.query("SELECT DISTINCT themes FROM feedback_points")]
    return len({theme for text in texts if text for theme in json.loads(text)})


def headline_figures(journal: Journal, now: dt.datetime | None = None) -> list[Headline]:
    """The figures that sum up the search so far, in plain words. (None of them depends on
    the time any more: `now` stays for the callers that pass it.)"""
    from nextround.store import practice

    (processes, open_count, offers, points, rounds, active, done, minutes,
     sessions) = journal.query(_HEADLINE_COUNTS)[0]
    steps = process_store.funnel_steps()
    interview = steps.index("Interview") if "Interview" in steps else len(steps) - 2
    got_far = _reached_at_least(journal, interview)
    rate = request_store.rate_of(dict(journal.query(
        "SELECT status, count(*) FROM feedback_requests GROUP BY status")))
    themes = _theme_count(journal)
    deck = practice.deck_size(journal)
    return [
        Headline("Processes logged", str(processes),
                 f"{open_count} still open, {_plural(offers, 'offer')}"),
        Headline(f"Reached {steps[interview].lower()} or further", str(got_far),
                 f"of {_plural(processes, 'process', 'processes')}"),
        Headline("Feedback requests sent", str(rate["asked"]),
                 "none sent yet" if not rate["asked"] else
                 f"{rate['replied']} replied ({rate['rate']:.0%})"),
        Headline("Feedback points recorded", str(points), f"on {_plural(themes, 'theme')}"),
        Headline("Questions in my practice deck", str(deck),
                 f"{_plural(rounds, 'practice round')} so far"),
        Headline("Active goals", str(active), f"{done} done"),
        Headline("Time spent learning", f"{minutes / 60:.1f} h",
                 f"in {_plural(sessions, 'session')}"),
    ]


def headlines_html(figures: Iterable[Headline]) -> str:
    cards = "".join(
        f'<div class="nr-figure-card"><div class="nr-figure">{html_text(f.value)}</div>'
        f'<div>{html_text(f.label)}</div><div class="nr-figure-label">{html_text(f.note)}</div>'
        "</div>" for f in figures)
    return f'<div class="nr-figures">{cards}</div>'


# ------------------------------------------------------------------------------ charts
@dataclass(frozen=True)
class ReportChart:
    title_html: str  # already escaped
    spec: dict | None  # Plotly JSON as drawn, or None when there is too little data yet
    summary_html: str  # already escaped


def _chart_panels(widget) -> list:
    from nextround.ui.kit import ChartPanel

    found = []
    stack = [widget]
    while stack:
        current = stack.pop(0)
        if isinstance(current, ChartPanel):
            found.append(current)
            continue
        stack[:0] = list(getattr(current, "children", ()) or ())
    return found


def _panel_chart(panel) -> ReportChart:
    """What the panel shows right now. Panels redraw on every journal change, so this is
    current, and reading the drawn figure spares building every figure a second time."""
    panel.draw_if_pending()  # made while the notebook ran, not drawn yet
    title = panel.children[0].value
    spec = panel.view.figure_spec
    if spec is not None:
        return ReportChart(title, spec, panel.summary.value)
    return ReportChart(title, None, panel.view.message)


def collect_charts(sections: Iterable[tuple[str, Any]]) -> list[tuple[str, list[ReportChart]]]:
    return [(title, [_panel_chart(p) for p in _chart_panels(section)])
            for title, section in sections]


def _default_sections(journal: Journal, today: dt.date):
    from nextround.ui import kit
    from nextround.ui.progress import step_chart_sections

    picker = kit.ProcessPicker(journal, allow_new=False)
    return step_chart_sections(journal, picker, lambda: today)


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: nothing in it can close the tag or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --------------------------------------------------------------------------- own words
def _date(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value[:10])
    return next_step_store.long_date(day)


def _field(label: str, value: str | None, multiline: bool = True) -> str:
    if not (value or "").strip():
        return ""
    colon = "" if label.endswith("?") else ":"
    return (f'<p><span class="label">{html_text(label)}{colon}</span> '
            f"{html_text(value, multiline=multiline)}</p>")


def _tags(items: Iterable[str]) -> str:
    return "".join(f'<span class="tag">{html_text(t)}</span>' for t in items if t)


def _process_html(journal: Journal, process: dict, reached_name: str) -> str:
    from nextround.analysis.review import preparation_score

    pid = process["id"]
    meta = []
    if process.get("applied_on"):
        meta.append(f"applied {html_text(_date(process['applied_on']))}")
    if process.get("applied_via"):
        meta.append(html_text(process["applied_via"].lower()))
    meta.append(f"furthest step: {html_text(reached_name.lower())}")
    meta.append(f"outcome: {html_text(process.get('outcome') or 'in progress')}")
    parts = [f'<article class="process"><h3>{html_text(process_store.describe(process))}</h3>',
             f'<p class="meta">{" · ".join(meta)}</p>']
    prep = journal.find_one("preparations", process_id=pid)
    score = preparation_score(prep)
    if score is not None:
        enough = f" · prepared enough? {html_text(prep['enough'])}" if prep.get("enough") else ""
        parts.append(f"<p>Preparation score <b>{score:.0f}</b>/100{enough}</p>")
        parts.append(_field("Why", prep.get("why")))
    stages = process_store.stages(journal, pid)
    if stages:
        items = []
        for stage in stages:
            head = html_text(stage.get("kind") or "Stage")
            if stage.get("held_on"):
                head += f" ({html_text(_date(stage['held_on']))})"
            if stage.get("outcome"):
                head += f" — {html_text(stage['outcome'])}"
            body = ""
            reflection = journal.find_one("reflections", stage_id=stage["id"])
            if reflection:
                body = (_field("Went well", reflection.get("went_well"))
                        + _field("Would do differently", reflection.get("do_differently")))
                if reflection.get("soft_skills"):
                    body += f'<p><span class="label">Showed:</span> {_tags(reflection["soft_skills"])}</p>'
            items.append(f"<li>{head}{body}</li>")
        parts.append(f'<h4>Stages</h4><ol>{"".join(items)}</ol>')
    takeaways = [t for t in journal.rows("takeaways", {"process_id": pid}, order_by="position, id")
                 if (t["text"] or "").strip()]
    if takeaways:
        items = "".join(f"<li>{html_text(t['text'])} {_tags([t.get('theme')])}</li>"
                        for t in takeaways)
        parts.append(f"<h4>Takeaways</h4><ul>{items}</ul>")
    points = journal.rows("feedback_points", {"process_id": pid})
    if points:
        items = []
        for point in points:
            surprise = ' <span class="tag">a surprise</span>' if point.get("surprise") else ""
            action = (f'<br><span class="label">Action:</span> {html_text(point["action"])}'
                      if (point.get("action") or "").strip() else "")
            items.append(f"<li>{html_text(point['text'], multiline=True)} "
                         f"{_tags(point.get('themes') or [])}{surprise}{action}</li>")
        parts.append(f'<h4>Feedback received</h4><ul>{"".join(items)}</ul>')
    reasons = journal.rows("reasons", {"process_id": pid})
    if reasons:
        from nextround.store.schema import CONTROL

        groups = []
        for control in (*CONTROL, None):
            texts = [r["text"] for r in reasons if r.get("control") == control]
            if texts:
                label = control.capitalize() if control else "Not sorted yet"
                groups.append(f'<p><span class="label">{html_text(label)}:</span> '
                              + "; ".join(html_text(t) for t in texts) + "</p>")
        parts.append("<h4>Possible reasons</h4>" + "".join(groups))
    parts.append(_field("Would I have been a good fit?", process.get("fit_note")))
    parts.append(_field("Notes", process.get("notes")))
    parts.append("</article>")
    return "".join(parts)


def _learning_html(journal: Journal) -> str:
    from nextround.store import goals as goal_store
    from nextround.store import topics as topic_store

    parts = []
    goals = [g for g in goal_store.all_goals(journal) if g.get("status") != "dropped"]
    if goals:
        rows = []
        for goal in goals:
            minutes = goal_store.minutes_spent(journal, goal["id"])
            rows.append(
                f"<tr><td>{html_text(goal['title'])}"
                f"{_field('Specific', goal.get('specific'))}{_field('Measure', goal.get('measure'))}"
                f"</td><td>{html_text(_date(goal.get('deadline')))}</td>"
                f"<td>{int(goal.get('progress') or 0)}%</td>"
                f"<td>{html_text(goal.get('status') or 'active')}</td><td>{minutes} min</td></tr>")
        parts.append("<h3>My learning plan</h3><table><thead><tr><th>Goal</th><th>Deadline</th>"
                     "<th>Progress</th><th>Status</th><th>Time spent</th></tr></thead><tbody>"
                     + "".join(rows) + "</tbody></table>")
    answers = []
    for question in question_store.all_questions(journal):
        latest = question_store.latest_answer(journal, question["id"])
        body = _field("What I answered then", question.get("answered_then"))
        if latest and not question_store.is_blank(latest):
            for field, label, _hint in words()["learning"]["star_parts"]:
                body += _field(label, latest.get(field))
            body += _field("What I learned", latest.get("learned"))
        answers.append(f'<article class="question"><h4>{html_text(question["text"])}</h4>'
                       f"{body}</article>")
    if answers:
        parts.append("<h3>Questions that surprised me, and better answers</h3>" + "".join(answers))
    topics = []
    for topic in topic_store.all_topics(journal):
        notes = "".join(f"<li>{html_text(_date(n.get('noted_on')))}: "
                        f"{html_text(n['text'], multiline=True)}</li>"
                        for n in topic_store.notes(journal, topic["id"]) if n.get("text"))
        topics.append(f"<h4>{html_text(topic['name'])}</h4>"
                      f"{_field('Sources', topic.get('sources'))}"
                      + (f"<ul>{notes}</ul>" if notes else ""))
    if topics:
        parts.append("<h3>Staying current</h3>" + "".join(topics))
    return "".join(parts)


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
                 now: dt.datetime | None = None,
                 sections: Iterable[tuple[str, Any]] | None = None) -> str:
    """The whole report as one HTML document.

    `sections` are the step chart sections to read the charts from, as (title, widget) pairs
    (My progress passes the ones on screen); by default they are built here.
    """
    from plotly.offline import get_plotlyjs

    from nextround.store import frames
    from nextround.analysis.review import reached_columns, stage_reached

    now = now or dt.datetime.now(dt.timezone.utc)
    today = today or now.astimezone().date()
    if sections is None:
        sections = _default_sections(journal, today)
    charts = collect_charts(sections)

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

    specs: list[dict] = []
    chart_html = []
    for title, entries in charts:
        chart_html.append(f"<h3>{html_text(title)}</h3>")
        for entry in entries:
            if entry.spec is None:
                chart_html.append(f'<figure class="chart"><figcaption>{entry.title_html}'
                                  f'</figcaption><p class="empty">{entry.summary_html}</p>'
                                  "</figure>")
                continue
            chart_html.append(
                f'<figure class="chart"><figcaption>{entry.title_html}</figcaption>'
                f'<div class="plot" id="nr-chart-{len(specs)}"></div>'
                f'<p class="muted">{entry.summary_html}</p></figure>')
            specs.append(entry.spec)

    data = frames.tables(journal, "processes", "stages", columns=reached_columns())
    furthest = stage_reached(data["processes"], data["stages"])
    reached = dict(zip(furthest["process_id"].tolist(), furthest["reached_name"].tolist()))
    process_rows = journal.rows("processes", order_by="applied_on DESC, id DESC")
    processes_html = "".join(_process_html(journal, p, reached.get(p["id"], ""))
                             for p in process_rows)
    if not processes_html:
        processes_html = '<p class="muted">No interview process logged yet.</p>'
    learning_html = _learning_html(journal)

    intro = words()["progress"]["report_intro"]
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>My NextRound report · {next_step_store.long_date(today)}</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        "<header><h1>My NextRound report</h1>",
        f'<p class="intro">{html_text(intro)}</p>',
        f'<p class="muted">Made on {html_text(next_step_store.long_date(today))}.</p></header>',
        f'<section id="next"><h2>What to do next</h2>{next_html}</section>',
        '<section id="figures"><h2>Where I stand</h2>',
        headlines_html(headline_figures(journal, now)), "</section>",
        f'<section id="charts"><h2>Charts</h2>{"".join(chart_html)}</section>',
        f'<section id="processes"><h2>My interview processes, in my own words</h2>'
        f"{processes_html}</section>",
        f'<section id="learning"><h2>Learning and progressing</h2>'
        f'{learning_html or "<p class=muted>No goals, questions or topics yet.</p>"}</section>',
        f'<script type="application/json" id="nr-chart-data">{_script_json(specs)}</script>',
        f"<script>{DRAW}</script>",
        "</body></html>\n",
    ])


def write_report(journal: Journal, path: str | os.PathLike) -> Path:
    """Write the report to `path` (replaced atomically, private to the user: 0600)."""
    from nextround.documents.backup import atomic_write_bytes

    return atomic_write_bytes(path, build_report(journal).encode("utf-8"))
