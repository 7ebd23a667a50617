"""Surprise questions and their better answers (step 4).

A better answer is told as STAR (situation, task, action, result) plus what was learned. Every
version is kept: `save_answer` without a version id starts a new version, and with one it
updates that version (the one being typed in right now). The newest version is the answer.
"""

from __future__ import annotations

from typing import Any

from nextround.errors import JournalError
from nextround.store.journal import Journal, Row
from nextround.words import say

ANSWER_FIELDS = ("situation", "task", "action", "result", "learned")


def add_question(journal: Journal, text: str, *, category: str | None = None,
                 process_id: int | None = None, stage_id: int | None = None,
                 answered_then: str | None = None) -> Row:
    if not (text or "").strip():
        raise JournalError(say("learning.errors.needs_question"))
    return journal.add("questions", text=text, category=category, process_id=process_id,
                       stage_id=stage_id, answered_then=answered_then)


def all_questions(journal: Journal) -> list[Row]:
    """Every surprise question, newest first."""
    return journal.rows("questions", order_by="id DESC")


def remove_question(journal: Journal, question: Row) -> None:
    """Remove a question with its answer versions and practice history."""
    journal.delete("questions", question["id"], question["rev"])


def versions(journal: Journal, question_id: int) -> list[Row]:
    """Every version of the better answer, newest first."""
    return journal.rows("answer_versions", {"question_id": question_id}, order_by="id DESC")


def latest_answer(journal: Journal, question_id: int) -> Row | None:
    found = versions(journal, question_id)
    return found[0] if found else None


def is_blank(answer: dict | None) -> bool:
    return not answer or not any((answer.get(f) or "").strip() for f in ANSWER_FIELDS)


def save_answer(journal: Journal, question_id: int, fields: dict[str, Any], *,
                version: Row | None = None) -> Row:
    """Save the better answer. Without `version`, keep every earlier version and add a new one;
    with it, update that version (the revision read, so an edit in another tab is refused)."""
    values = {field: (fields.get(field) or None) for field in ANSWER_FIELDS}
    if version is None:
        return journal.add("answer_versions", question_id=question_id, **values)
    return journal.update("answer_versions", version["id"], version["rev"], **values)


def describe(question: Row, limit: int = 80) -> str:
    """A one-line plain-text name for a question, for a list of choices."""
    text = " ".join((question.get("text") or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if question.get("category"):
        text = f"{text} ({question['category']})"
    return text
