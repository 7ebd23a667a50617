"""Staying current in your niche: topics and trends to follow, and dated notes (step 4)."""

from __future__ import annotations

import datetime as dt

from nextround.errors import JournalError
from nextround.store.journal import Journal, Row
from nextround.words import say


def add_topic(journal: Journal, name: str, sources: str | None = None) -> Row:
    if not (name or "").strip():
        raise JournalError(say("learning.errors.needs_topic"))
    return journal.add("topics", name=name, sources=sources or None)


def all_topics(journal: Journal) -> list[Row]:
    return journal.rows("topics", order_by="id")


def add_note(journal: Journal, topic_id: int, text: str, noted_on: dt.date) -> Row:
    if not (text or "").strip():
        raise JournalError(say("learning.errors.needs_note"))
    if noted_on is None:
        raise JournalError(say("learning.errors.needs_note_day"))
    return journal.add("topic_notes", topic_id=topic_id, text=text, noted_on=noted_on)


def notes(journal: Journal, topic_id: int) -> list[Row]:
    """A topic's notes, newest first."""
    return journal.rows("topic_notes", {"topic_id": topic_id}, order_by="noted_on DESC, id DESC")


def remove_topic(journal: Journal, topic: Row) -> None:
    """Remove a topic and its notes."""
    journal.delete("topics", topic["id"], topic["rev"])


def remove_note(journal: Journal, note: Row) -> None:
    journal.delete("topic_notes", note["id"], note["rev"])
