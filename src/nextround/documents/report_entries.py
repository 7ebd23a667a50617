"""The person's own words in the report: each process with its stages, reflections, takeaways,
feedback and reasons, then goals, better answers and notes. Every piece is escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from nextround.rules.preparation import preparation_score
from nextround.rules.states import CONTROL
from nextround.safe_text import html_text
from nextround.store import goals as goal_store
from nextround.store import next_steps as next_step_store
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store import reasons as reason_store
from nextround.store import topics as topic_store
from nextround.store.journal import Journal
from nextround.words import say, words


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


def process_html(journal: Journal, process: dict, reached_name: str) -> str:

    pid = process["id"]
    meta = []
    if process.get("applied_on"):
        meta.append(html_text(say("report.labels.applied", date=_date(process["applied_on"]))))
    if process.get("applied_via"):
        meta.append(html_text(process["applied_via"].lower()))
    meta.append(html_text(say("report.labels.furthest_step", step=reached_name.lower())))
    meta.append(html_text(say("report.labels.outcome",
                              outcome=process.get("outcome") or "in progress")))
    parts = [f'<article class="process"><h3>{html_text(process_store.describe(process))}</h3>',
             f'<p class="meta">{" · ".join(meta)}</p>']
    prep = journal.find_one("preparations", process_id=pid)
    score = preparation_score(prep)
    if score is not None:
        enough = (" · " + html_text(say("report.labels.prepared_enough", answer=prep["enough"]))
                  if prep.get("enough") else "")
        # The score is bold: the words around it are escaped, then the figure goes in.
        line = html_text(words()["report"]["labels"]["preparation_score"])
        parts.append(f"<p>{line.format(score=f'<b>{score:.0f}</b>')}{enough}</p>")
        parts.append(_field(say("report.labels.why"), prep.get("why")))
    stages = process_store.stages(journal, pid)
    if stages:
        items = []
        for stage in stages:
            head = html_text(stage.get("kind") or say("report.labels.stage"))
            if stage.get("held_on"):
                head += f" ({html_text(_date(stage['held_on']))})"
            if stage.get("outcome"):
                head += f" — {html_text(stage['outcome'])}"
            body = ""
            reflection = journal.find_one("reflections", stage_id=stage["id"])
            if reflection:
                body = (_field(say("report.labels.went_well"), reflection.get("went_well"))
                        + _field(say("report.labels.do_differently"),
                                 reflection.get("do_differently")))
                if reflection.get("soft_skills"):
                    body += (f'<p><span class="label">{html_text(say("report.labels.showed"))}:'
                             f'</span> {_tags(reflection["soft_skills"])}</p>')
            items.append(f"<li>{head}{body}</li>")
        parts.append(f'<h4>{html_text(say("report.labels.stages"))}</h4><ol>{"".join(items)}</ol>')
    takeaways = [t for t in journal.rows("takeaways", {"process_id": pid}, order_by="position, id")
                 if (t["text"] or "").strip()]
    if takeaways:
        items = "".join(f"<li>{html_text(t['text'])} {_tags([t.get('theme')])}</li>"
                        for t in takeaways)
        parts.append(f'<h4>{html_text(say("report.labels.takeaways"))}</h4><ul>{items}</ul>')
    points = journal.rows("feedback_points", {"process_id": pid})
    if points:
        items = []
        for point in points:
            surprise = (f' <span class="tag">{html_text(say("report.labels.surprise"))}</span>'
                        if point.get("surprise") else "")
            action = (f'<br><span class="label">{html_text(say("report.labels.action"))}:</span> '
                      f'{html_text(point["action"])}'
                      if (point.get("action") or "").strip() else "")
            items.append(f"<li>{html_text(point['text'], multiline=True)} "
                         f"{_tags(point.get('themes') or [])}{surprise}{action}</li>")
        parts.append(f'<h4>{html_text(say("report.labels.feedback"))}</h4>'
                     f'<ul>{"".join(items)}</ul>')
    reasons = journal.rows("reasons", {"process_id": pid})
    if reasons:
        groups = []
        for control in (*CONTROL, None):
            texts = [r["text"] for r in reasons if r.get("control") == control]
            if texts:
                label = (reason_store.control_label(control) if control
                         else say("report.labels.not_sorted"))
                groups.append(f'<p><span class="label">{html_text(label)}:</span> '
                              + "; ".join(html_text(t) for t in texts) + "</p>")
        parts.append(f'<h4>{html_text(say("report.labels.reasons"))}</h4>' + "".join(groups))
    parts.append(_field(say("report.labels.good_fit"), process.get("fit_note")))
    parts.append(_field(say("report.labels.notes"), process.get("notes")))
    parts.append("</article>")
    return "".join(parts)


def learning_html(journal: Journal) -> str:
    parts = []
    goals = [g for g in goal_store.all_goals(journal) if g.get("status") != "dropped"]
    if goals:
        rows = []
        specific, measure = say("report.labels.specific"), say("report.labels.measure")
        for goal in goals:
            spent = say("report.labels.minutes",
                        minutes=goal_store.minutes_spent(journal, goal["id"]))
            rows.append(
                f"<tr><td>{html_text(goal['title'])}"
                f"{_field(specific, goal.get('specific'))}{_field(measure, goal.get('measure'))}"
                f"</td><td>{html_text(_date(goal.get('deadline')))}</td>"
                f"<td>{int(goal.get('progress') or 0)}%</td>"
                f"<td>{html_text(goal.get('status') or 'active')}</td>"
                f"<td>{html_text(spent)}</td></tr>")
        head = "".join(f"<th>{html_text(label)}</th>" for label in (
            say("report.labels.goal"), say("report.labels.deadline"),
            say("report.labels.progress"), say("report.labels.status"),
            say("report.labels.time_spent")))
        parts.append(f'<h3>{html_text(say("report.labels.plan"))}</h3>'
                     f"<table><thead><tr>{head}</tr></thead><tbody>"
                     + "".join(rows) + "</tbody></table>")
    answers = []
    for question in question_store.all_questions(journal):
        latest = question_store.latest_answer(journal, question["id"])
        body = _field(say("report.labels.answered_then"), question.get("answered_then"))
        if latest and not question_store.is_blank(latest):
            for field, label, _hint in words()["learning"]["star_parts"]:
                body += _field(label, latest.get(field))
            body += _field(say("report.labels.learned"), latest.get("learned"))
        answers.append(f'<article class="question"><h4>{html_text(question["text"])}</h4>'
                       f"{body}</article>")
    if answers:
        parts.append(f'<h3>{html_text(say("report.labels.questions"))}</h3>' + "".join(answers))
    topics = []
    sources = say("report.labels.sources")
    for topic in topic_store.all_topics(journal):
        notes = "".join(f"<li>{html_text(_date(n.get('noted_on')))}: "
                        f"{html_text(n['text'], multiline=True)}</li>"
                        for n in topic_store.notes(journal, topic["id"]) if n.get("text"))
        topics.append(f"<h4>{html_text(topic['name'])}</h4>"
                      f"{_field(sources, topic.get('sources'))}"
                      + (f"<ul>{notes}</ul>" if notes else ""))
    if topics:
        parts.append(f'<h3>{html_text(say("report.labels.staying_current"))}</h3>'
                     + "".join(topics))
    return "".join(parts)
