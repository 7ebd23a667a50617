"""Interview processes, their ordered stages and where each one ended (step 1).

History is never erased: every change of outcome is kept in `process_events`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nextround.rules.funnel import stage_ranks, top
from nextround.rules.states import OUTCOMES
from nextround.store.journal import Journal, Row
from nextround.words import say

CURRENT_PROCESS = "current_process_id"


def add_process(journal: Journal, company: str, role: str = "", **fields: Any) -> Row:
    with journal.transaction():
        process = journal.add("processes", company=company, role=role,
                              outcome=fields.pop("outcome", "in progress"), **fields)
        journal.add("process_events", process_id=process["id"], outcome=process["outcome"],
                    happened_on=fields.get("applied_on") or dt.date.today())
    return process


def set_outcome(journal: Journal, process: Row, outcome: str, on: dt.date | str | None = None,
                note: str = "") -> Row:
    """Record where a process stands now, keeping every earlier status in its history."""
    if outcome not in OUTCOMES:
        raise ValueError(f"Outcome must be one of {', '.join(OUTCOMES)}")
    on = on or dt.date.today()
    ended = on if outcome in ("rejected", "withdrew", "offer") else None
    with journal.transaction():
        updated = journal.update("processes", process["id"], process["rev"], outcome=outcome,
                                 ended_on=ended)
        journal.add("process_events", process_id=process["id"], outcome=outcome, happened_on=on,
                    note=note or None)
    return updated


def history(journal: Journal, process_id: int) -> list[Row]:
    return journal.rows("process_events", {"process_id": process_id}, order_by="happened_on, id")


def stages(journal: Journal, process_id: int) -> list[Row]:
    return journal.rows("stages", {"process_id": process_id}, order_by="position, id")


def add_stage(journal: Journal, process_id: int, **fields: Any) -> Row:
    with journal.transaction():
        position = len(stages(journal, process_id))
        return journal.add("stages", process_id=process_id, position=position, **fields)


def move_stage(journal: Journal, stage: Row, offset: int) -> None:
    """Move a stage up (-1) or down (+1) in its process's order."""
    with journal.transaction():
        ordered = stages(journal, stage["process_id"])
        ids = [s["id"] for s in ordered]
        index = ids.index(stage["id"])
        target = index + offset
        if not 0 <= target < len(ordered):
            return
        ordered.insert(target, ordered.pop(index))
        for position, row in enumerate(ordered):
            if row["position"] != position:
                journal.update("stages", row["id"], row["rev"], position=position)


def remove_stage(journal: Journal, stage: Row) -> None:
    """Remove a stage; the surprise questions logged against it stay, unlinked from it."""
    with journal.transaction():
        # The journal would unlink them by itself (ON DELETE SET NULL); doing it here bumps
        # each question's revision and tells the open pages that questions changed.
        for question in journal.rows("questions", {"stage_id": stage["id"]}):
            journal.update("questions", question["id"], question["rev"], stage_id=None)
        journal.delete("stages", stage["id"], stage["rev"])
        for position, row in enumerate(stages(journal, stage["process_id"])):
            if row["position"] != position:
                journal.update("stages", row["id"], row["rev"], position=position)


def describe(process: Row) -> str:
    """A one-line plain-text name for a process, e.g. for a list of choices."""
    parts = [process["company"] or say("process.unnamed_company")]
    if process.get("role"):
        parts.append(process["role"])
    label = " — ".join(parts)
    if process.get("applied_on"):
        label += f" ({process['applied_on']})"
    return label


def current_process_id(journal: Journal) -> int | None:
    """The process the person is working on, shared by every workbook."""
    chosen = journal.setting(CURRENT_PROCESS)
    if chosen is not None and journal.get("processes", chosen) is not None:
        return chosen
    latest = journal.query("SELECT id FROM processes ORDER BY id DESC LIMIT 1")
    return latest[0]["id"] if latest else None


def choose_process(journal: Journal, process_id: int | None) -> None:
    if journal.read_only:
        return
    journal.set_setting(CURRENT_PROCESS, process_id)


# ----------------------------------------------------------------- how far each one got
def _reached_sql() -> tuple[str, list]:
    """Each process's furthest funnel index by `rules.funnel`, as SQL and its parameters:
    the furthest step of any stage (a kind not listed, or none, counts as an interview),
    an offer at the top, no stage at all the first step."""
    mapping, interview = stage_ranks()
    kinds = " ".join("WHEN ? THEN ?" for _ in mapping)
    sql = ("SELECT p.id AS id, CASE WHEN p.outcome = 'offer' THEN ? ELSE coalesce(max("
           f"CASE WHEN s.id IS NULL THEN 0 ELSE CASE s.kind {kinds} ELSE ? END END), 0) END "
           "AS reached FROM processes p LEFT JOIN stages s ON s.process_id = p.id GROUP BY p.id")
    return sql, [top(), *(v for pair in mapping.items() for v in pair), interview]


def reached(journal: Journal) -> list[tuple[int, int]]:
    """(process id, funnel index reached) for every process, by id."""
    sql, params = _reached_sql()
    return journal.records(sql + " ORDER BY p.id", params)


def count_reached_at_least(journal: Journal, index: int) -> int:
    """How many processes got to funnel step `index` or further."""
    sql, params = _reached_sql()
    return journal.query(f"SELECT count(*) FROM ({sql}) WHERE reached >= ?",
                         [*params, index])[0][0]


def labels(journal: Journal) -> list[tuple[int, str]]:
    """(id, how it reads in a list) of every process, the most recently logged first. Only
    what a label shows is read: a long history's notes stay in the journal."""
    names = ("id", "company", "role", "applied_on")
    rows = [dict(zip(names, record)) for record in journal.records(
        f"SELECT {', '.join(names)} FROM processes ORDER BY id DESC")]
    return [(row["id"], describe(row)) for row in rows]
