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
from nextround.store import topics as topic_store
from nextround.store.journal import Journal
from nextround.words import words


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


def learning_html(journal: Journal) -> str:
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


