"""Writing a checked plan into the journal: all of it in one transaction, or nothing.

Each new process is written as step 1 would hold it, so it is edited like any other: the
process (with `imported_from`, the file's name), its history (applied, then where it ended,
with the file's own status word in the note), and, when the file says how far it got, one
stage of the kind step 1 uses for that funnel step, so the funnel and step 3's findings count
it. A process already in the journal (the same company, role and date applied) is left as it
is: importing the same file again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from nextround.documents.history_import.checking import Draft, Plan, notes_text, process_key
from nextround.documents.history_import.reading import ImportFileError
from nextround.store import contacts as contact_store
from nextround.store.journal import Journal, check_value, utc_now
from nextround.words import words

CLOSED = ("rejected", "withdrew", "offer")
STAGE_STEPS = ("Screening", "Assessment", "Interview", "Final")


@dataclass
class Result:
    added: int = 0
    already: int = 0  # in the journal before this import
    repeated: int = 0  # rows repeating an earlier row of the file
    left_out: int = 0  # rows that were not applications
    process_ids: list[int] = field(default_factory=list)


def existing_keys(journal: Journal) -> set[tuple[str, str, str]]:
    return {process_key(c, r, d) for c, r, d in journal.records(
        "SELECT company, role, applied_on FROM processes")}


def preview(journal: Journal, plan: Plan) -> tuple[int, int]:
    """(new, already in the journal) if the plan were written now."""
    keys = existing_keys(journal)
    already = sum(1 for d in plan.drafts if d.key in keys)
    return len(plan.drafts) - already, already


def _insert(conn, table: str, values: dict[str, Any]) -> int:
    stored = {k: check_value(table, k, v) for k, v in values.items()}
    now = utc_now()
    stored.update(created_at=now, updated_at=now)
    cols = ", ".join(stored)
    marks = ", ".join("?" for _ in stored)
    return conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                        list(stored.values())).lastrowid


def _stage_outcome(outcome: str) -> str:
    # step 1's stage outcomes, in coaching.toml's order: passed, rejected, withdrew, waiting
    passed, rejected, withdrew, waiting = words()["process"]["stage_outcomes"][:4]
    return {"offer": passed, "rejected": rejected, "withdrew": withdrew}.get(outcome, waiting)


def _write_process(journal: Journal, conn, draft: Draft, source: str) -> int:
    w = words()["history_import"]
    closed = draft.outcome in CLOSED
    process_id = _insert(conn, "processes", {
        "company": draft.company, "role": draft.role,
        **{k: draft.texts.get(k) or None
           for k in ("applied_via", "category", "seniority", "company_type")},
        "applied_on": draft.applied_on, "outcome": draft.outcome,
        "ended_on": draft.ended_on if closed else None,
        "notes": notes_text(draft), "imported_from": source,
    })
    said = w["status_note"].format(file=source, status=draft.status) if draft.status else None
    first_note = said if draft.outcome == "in progress" and said else w["event_note"].format(
        file=source)
    _insert(conn, "process_events", {"process_id": process_id, "outcome": "in progress",
                                     "happened_on": draft.applied_on, "note": first_note})
    if draft.outcome != "in progress":
        # When the file does not say when it ended, the day it was imported: the history
        # reads in order, and the process's own ended_on stays empty (not known).
        ended = draft.ended_on if closed and draft.ended_on else dt.date.today()
        _insert(conn, "process_events", {
            "process_id": process_id, "outcome": draft.outcome, "happened_on": ended,
            "note": said or w["event_note"].format(file=source)})
    for name in contact_store.split_names(draft.texts.get("contact")):
        # The same person in several rows (or already met in step 1) is one contact.
        contact = contact_store.find_or_add(journal, name, company=draft.company)
        contact_store.link(journal, contact["id"], process_id=process_id)
    if draft.reached in STAGE_STEPS:
        kind = draft.stage_text or w["stage_for_step"][draft.reached]
        _insert(conn, "stages", {"process_id": process_id, "position": 0, "kind": kind,
                                 "outcome": _stage_outcome(draft.outcome)})
    return process_id


def write(journal: Journal, plan: Plan) -> Result:
    """Write every new process of `plan` in one transaction. Raises ImportFileError if the
    journal cannot be written; then nothing was."""
    if not plan.ok:
        raise ValueError("a plan with problems cannot be written")
    errors = words()["history_import"]["errors"]
    if journal.read_only:
        raise ImportFileError(errors["read_only"].format(reason=journal.read_only_reason))
    result = Result(repeated=len(plan.repeated), left_out=len(plan.left_out))
    source = plan.table.name
    with journal.transaction() as conn:
        # Read inside the write lock: another tab may have imported the same file meanwhile.
        keys = existing_keys(journal)
        for draft in plan.drafts:
            if draft.key in keys:
                result.already += 1
                continue
            result.process_ids.append(_write_process(journal, conn, draft, source))
            keys.add(draft.key)
        result.added = len(result.process_ids)
        if result.added:
            journal._changed.update({"processes", "process_events", "stages", "contacts",
                                     "contact_links"})
    return result


def result_text(result: Result) -> str:
    """"Imported 487 processes; 13 were already in your journal."""
    w = words()["history_import"]

    def counted(key: str, count: int) -> str:
        return w[f"{key}_one"] if count == 1 else w[f"{key}_many"].format(count=f"{count:,}")

    parts = [counted("imported", result.added)]
    for key, count in (("already", result.already), ("repeated", result.repeated),
                       ("left_out", result.left_out)):
        if count:
            parts.append(counted(key, count))
    return "; ".join(parts) + "."

