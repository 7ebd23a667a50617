"""Possible reasons for a rejection, and which pile each one goes in (step 3).

Candidate reasons are gathered from what the person already wrote: their stage reflections and
the themes they named (step 1), their takeaways, the feedback themes they recorded (step 2), and
a list of common causes that have nothing to do with them. Each one they sort is kept as a
`reasons` entry with its pile (`rules.states.CONTROL`); they can add their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from nextround.errors import JournalError
from nextround.rules.states import CONTROL
from nextround.store.journal import Journal, Row
from nextround.words import say, words

WITHIN, OUTSIDE, UNKNOWN = CONTROL
SOURCES = ("reflection", "theme", "takeaway", "feedback", "common", "own")


@dataclass(frozen=True)
class Candidate:
    """A possible reason not sorted yet."""

    text: str
    source: str

    @property
    def source_label(self) -> str:
        return source_label(self.source)


def source_label(source: str | None) -> str:
    return words()["reasons"]["sources"].get(source or "own", source or "")


def control_label(control: str | None) -> str:
    if control not in CONTROL:
        return ""
    return words()["reasons"]["words"]["control_labels"][CONTROL.index(control)]


def _stage_reflections(journal: Journal, process_id: int) -> list[Row]:
    return [dict(r) for r in journal.query(
        "SELECT r.do_differently, r.themes FROM reflections r JOIN stages s ON s.id = r.stage_id "
        "WHERE s.process_id = ? ORDER BY s.position, s.id", (process_id,))]


def candidates(journal: Journal, process_id: int) -> list[Candidate]:
    """Possible reasons for this process that are not sorted yet, each once, in a stable order."""
    import json

    found: list[Candidate] = []
    for reflection in _stage_reflections(journal, process_id):
        if reflection["do_differently"] and reflection["do_differently"].strip():
            found.append(Candidate(reflection["do_differently"], "reflection"))
        for theme in json.loads(reflection["themes"] or "[]"):
            found.append(Candidate(theme, "theme"))
    for takeaway in journal.rows("takeaways", {"process_id": process_id}, order_by="position, id"):
        if takeaway["text"] and takeaway["text"].strip():
            found.append(Candidate(takeaway["text"], "takeaway"))
    for point in journal.rows("feedback_points", {"process_id": process_id}):
        for theme in point["themes"]:
            found.append(Candidate(theme, "feedback"))
    for text in words()["reasons"]["common_outside"]:
        found.append(Candidate(text, "common"))

    taken = {row["text"].casefold() for row in sorted_reasons(journal, process_id)}
    out, seen = [], set()
    for candidate in found:
        key = candidate.text.casefold()
        if key in taken or key in seen:
            continue
        seen.add(key)
        out.append(candidate)
    return out


def sorted_reasons(journal: Journal, process_id: int) -> list[Row]:
    return journal.rows("reasons", {"process_id": process_id})


def sort_reason(journal: Journal, process_id: int, text: str, source: str,
                control: str | None) -> Row:
    """Keep a candidate (or the person's own reason) for this process, in the pile chosen."""
    if control is not None and control not in CONTROL:
        raise JournalError(f"A reason is sorted into one of: {', '.join(CONTROL)}")
    if source not in SOURCES:
        raise JournalError(f"Unknown source of a reason: {source!r}")
    return journal.add("reasons", process_id=process_id, text=text, source=source, control=control)


def add_own_reason(journal: Journal, process_id: int, text: str,
                   control: str | None = None) -> Row:
    if not text or not text.strip():
        raise JournalError(say("reasons.errors.needs_text"))
    with journal.transaction():
        existing = {r["text"].casefold() for r in sorted_reasons(journal, process_id)}
        if text.casefold() in existing:
            raise JournalError(say("reasons.errors.already"))
        return sort_reason(journal, process_id, text, "own", control)


def resort(journal: Journal, reason: Row, control: str | None) -> Row:
    """Move a sorted reason to another pile (the revision read guards against another tab)."""
    if control is not None and control not in CONTROL:
        raise JournalError(f"A reason is sorted into one of: {', '.join(CONTROL)}")
    return journal.update("reasons", reason["id"], reason["rev"], control=control)


def remove_reason(journal: Journal, reason: Row) -> None:
    """Take a reason off the list; one that came from the journal becomes a candidate again."""
    journal.delete("reasons", reason["id"], reason["rev"])


def share_within(rows: list[Row]) -> tuple[int, int] | None:
    """(within my control, sorted in total) for one process, or None when nothing is sorted."""
    sorted_rows = [r for r in rows if r["control"] in CONTROL]
    if not sorted_rows:
        return None
    return sum(r["control"] == WITHIN for r in sorted_rows), len(sorted_rows)


def share_sentence(rows: list[Row]) -> str:
    """One line on how the sorted reasons of one process split, in the person's words."""
    counts = {c: sum(r["control"] == c for r in rows) for c in CONTROL}
    total = sum(counts.values())
    if total == 0:
        return ""
    return words()["reasons"]["words"]["share"].format(
        total=total, within=counts[WITHIN], share=round(100 * counts[WITHIN] / total),
        outside=counts[OUTSIDE], unknown=counts[UNKNOWN])
