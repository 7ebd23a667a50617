"""Shared pieces of the reliability suite: journals filled from the schema, and state snapshots.

Everything here is generated from `schema.TABLES`, so a table or field added later is covered
by every test that uses it without anyone remembering to add it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Callable


# The browser-test harness (Chromium, server processes, the Voila page opener), shared with
# tests/browser: its fixtures are made available here by importing them.
from browser.conftest import browser, harness, server_process  # noqa: F401

from nextround.store.journal import Journal
from nextround.store.schema import TABLE_ORDER, TABLES

# Fields the code owns, not the person: state vocabularies the logic branches on, the
# settings store, and the practice card's own serialised scheduler state.
MACHINE_FIELDS = {
    ("settings", "key"), ("settings", "value"),
    ("processes", "outcome"), ("process_events", "outcome"),
    ("feedback_requests", "status"), ("reasons", "control"), ("goals", "status"),
    ("practice_cards", "card"),
}

SAMPLE = {"int": 2, "real": 1.5, "bool": True, "date": "2026-03-02",
          "datetime": "2026-03-02T09:30:00Z"}
VOCABULARY = {("processes", "outcome"): "rejected", ("process_events", "outcome"): "rejected",
              ("feedback_requests", "status"): "sent", ("reasons", "control"): "can't know",
              ("goals", "status"): "active"}


def person_text_fields() -> list[tuple[str, str]]:
    """Every (table, field) that holds text a person typed: text fields and lists of texts."""
    return [(t, f) for t in TABLE_ORDER for f, k in TABLES[t].items()
            if k in ("text", "json") and (t, f) not in MACHINE_FIELDS]


def fill_every_table(journal: Journal, text: Callable[[str, str], str] = lambda t, f: f"{t}.{f}",
                     rows: int = 1) -> dict[str, list[int]]:
    """Add `rows` entries to every table (but settings) with every field set; return their ids.

    `text(table, field)` gives the value of each person's text field (lists get it as their one
    item); references point at the first entry of their table.
    """
    made: dict[str, list[int]] = {}
    with journal.transaction():
        for table in TABLE_ORDER:
            if table == "settings":
                continue
            made[table] = []
            for n in range(rows):
                values: dict[str, Any] = {}
                for field, kind in TABLES[table].items():
                    if kind.startswith("ref:"):
                        target = made.get(kind[4:])
                        values[field] = target[n if table in _ONE_PER_OWNER else 0] if target else None
                    elif (table, field) in VOCABULARY:
                        values[field] = VOCABULARY[(table, field)]
                    elif (table, field) == ("practice_cards", "card"):
                        values[field] = None  # the deck makes a fresh card from nothing
                    elif kind == "text":
                        values[field] = text(table, field)
                    elif kind == "json":
                        values[field] = [text(table, field)]
                    else:
                        values[field] = SAMPLE[kind] + n if kind == "int" else SAMPLE[kind]
                made[table].append(journal.add(table, **values)["id"])
    return made


# Tables whose reference is unique (one entry per owner): each row points at its own owner.
_ONE_PER_OWNER = {"preparations", "reflections", "fit_ratings", "practice_cards"}


def journal_state(path: Path) -> dict[str, list[dict]]:
    """What the journal at `path` holds, timestamps aside (they differ between two runs)."""
    with Journal.open(path) as j:
        assert j.integrity_ok(), f"{path} fails PRAGMA integrity_check"
        assert j.query("PRAGMA foreign_key_check") == []
        return {t: [{k: v for k, v in row.items() if k not in ("created_at", "updated_at")}
                    for row in j.rows(t)] for t in TABLE_ORDER}


def raw_integrity(path: Path) -> str:
    """PRAGMA integrity_check through a plain connection (recovers a crashed writer's WAL)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
