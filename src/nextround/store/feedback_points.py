"""Feedback points (step 2): what interviewers said, one point at a time.

Pasted feedback is split into points; each point is tagged with themes from the shared
vocabulary, marked as expected or a surprise, and may carry an action.

For step 4: `open_actions(journal)` lists the points whose action has not yet become a
learning goal. A goal made from one is stored with `source = "Feedback"` and
`source_id` = the point's id (`GOAL_SOURCE`), which is how it stops being open.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from nextround.store import feedback_requests
from nextround.store.journal import Journal, Row
from nextround.words import say

GOAL_SOURCE = "Feedback"

_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪–—]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)])\s+")
# A sentence ends at . ! ? (or the CJK forms) followed by space, unless the word before the
# stop is a common abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|(?<=[。！？])\s*")
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "approx.", "no.",
                  "e.g.,", "i.e.,"}


def _sentences(paragraph: str) -> list[str]:
    text = " ".join(line.strip() for line in paragraph.splitlines() if line.strip())
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        words = text[start:end].split()
        if words and words[-1].lower() in _ABBREVIATIONS:
            continue
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def split_points(text: str) -> list[str]:
    """Feedback as separate points.

    A list (bullets or numbers) gives one point per item; several paragraphs give one point
    per paragraph; a single paragraph is split into sentences. Nothing is dropped: greetings
    and sign-offs become points the person can remove.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if sum(1 for line in lines if _BULLET.match(line)) >= 2:
        points: list[str] = []
        current: list[str] | None = None
        for line in lines:
            if _BULLET.match(line):
                if current:
                    points.append(" ".join(current))
                current = [_BULLET.sub("", line, count=1).strip()]
            elif not line.strip():
                if current:
                    points.append(" ".join(current))
                current = None
            elif current is not None:
                current.append(line.strip())
            else:
                points.append(line.strip())
        if current:
            points.append(" ".join(current))
        return [p for p in points if p]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) > 1:
        return [" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs]
    if paragraphs:
        return _sentences(paragraphs[0])
    return []


def points_for(journal: Journal, process_id: int) -> list[Row]:
    return journal.rows("feedback_points", {"process_id": process_id}, order_by="id")


def add_point(journal: Journal, process_id: int, text: str = "", *, request_id: int | None = None,
              received_on: dt.date | str | None = None, themes: list[str] | None = None,
              surprise: bool | None = None, action: str | None = None) -> Row:
    return journal.add("feedback_points", process_id=process_id, request_id=request_id,
                       received_on=received_on or dt.date.today(), text=text or None,
                       themes=list(themes or []), surprise=surprise, action=action)


def record_feedback(journal: Journal, process_id: int, text: str, *, request_id: int | None = None,
                    received_on: dt.date | str | None = None) -> list[Row]:
    """Save pasted feedback as points, in one step. If it answers a request still waiting for a
    reply, that request is marked answered on the day the feedback came."""
    received_on = received_on or dt.date.today()
    pieces = split_points(text)
    if not pieces:
        raise ValueError(say("feedback.errors.needs_text"))
    with journal.transaction():
        if request_id is not None:
            request = journal.get("feedback_requests", request_id)
            if request is None or request["process_id"] != process_id:
                raise ValueError(say("feedback.errors.other_process"))
            if request["status"] not in ("answered", "declined"):
                feedback_requests.mark_answered(journal, request, received_on)
        return [add_point(journal, process_id, piece, request_id=request_id,
                          received_on=received_on) for piece in pieces]


def open_actions(journal: Journal, *, include_taken: bool = False) -> list[dict[str, Any]]:
    """Feedback points with an action, for step 4 to offer as learning goals.

    Oldest first. Each is a dict with the point's fields (`id`, `process_id`, `request_id`,
    `received_on`, `text`, `themes`, `surprise`, `action`) plus `company` and `role` of its
    process and `goal_id`: the goal already made from it (a goal with source "Feedback" and
    source_id = the point's id), or None. Points already made into a goal are left out unless
    `include_taken`.
    """
    taken = {g["source_id"]: g["id"] for g in journal.rows("goals", {"source": GOAL_SOURCE})
             if g.get("source_id") is not None}
    processes = {p["id"]: p for p in journal.rows("processes")}
    result = []
    for point in journal.rows("feedback_points", order_by="received_on, id"):
        if not (point.get("action") or "").strip():
            continue
        process = processes.get(point["process_id"]) or {}
        entry = {key: point[key] for key in ("id", "process_id", "request_id", "received_on",
                                             "text", "themes", "surprise", "action")}
        entry.update(company=process.get("company"), role=process.get("role"),
                     goal_id=taken.get(point["id"]))
        if include_taken or entry["goal_id"] is None:
            result.append(entry)
    return result
