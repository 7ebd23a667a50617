"""Checking every row of a file against its mapping before anything is written, as a restore
checks a backup: the result is either processes ready to write, or the problems, each naming
the row and the column ("row 7, Date applied: '31/02/2026' is not a date").

The same company, role and date applied (ignoring case and spacing) is the same process: a
row that repeats an earlier row of the file is imported once, from its first row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from nextround.documents.backup import MAX_TEXT_CHARS
from nextround.documents.history_import.guessing import (
    DATE_FIELDS, IGNORE, MAX_DISTINCT, OUTCOME_KEYS, date_order_evidence, parse_date, stage_parts,
)
from nextround.documents.history_import.mapping import (
    Mapping, cell_text, distinct_stages, distinct_statuses, status_value,
)
from nextround.documents.history_import.reading import Table
from nextround.words import words

TEXT_FIELDS = ("company", "role", "applied_via", "category", "seniority", "company_type",
               "notes", "location", "contact")
SHOWN_ROWS = 3  # rows named for a value that is not understood ("rows 4, 9, 12 and 5 more")


def process_key(company: str, role: str, applied_on: dt.date | str | None) -> tuple[str, str, str]:
    """What makes two processes the same: company, role and date applied, ignoring case and
    spacing."""
    def fold(text: str | None) -> str:
        return " ".join((text or "").casefold().split())

    day = applied_on.isoformat() if isinstance(applied_on, dt.date) else (applied_on or "")
    return fold(company), fold(role), day


@dataclass
class Draft:
    """One process as it will be written."""

    row: int
    company: str
    role: str
    applied_on: dt.date | None
    ended_on: dt.date | None
    outcome: str
    reached: str | None  # the furthest funnel step the file says it reached
    status: str  # the status as the file says it
    # applied_via, category, seniority, company_type, notes, location, contact
    texts: dict[str, str]
    stage_text: str = ""  # the stage as the file says it, when it names one of step 1's kinds

    @property
    def key(self) -> tuple[str, str, str]:
        return process_key(self.company, self.role, self.applied_on)


@dataclass
class Plan:
    """What importing a file would do, or why it cannot."""

    table: Table
    mapping: Mapping
    drafts: list[Draft] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)  # rows repeating an earlier row
    left_out: list[int] = field(default_factory=list)  # rows that are not applications
    problems: list[str] = field(default_factory=list)
    needs_date_order: bool = False
    needs_mapping: bool = False  # a column, status or stage the person has to say

    @property
    def ok(self) -> bool:
        return not self.problems


def _errors() -> dict[str, str]:
    return words()["history_import"]["errors"]


def _listed(items: list[str], shown: int) -> str:
    text = ", ".join(items[:shown])
    more = len(items) - shown
    if more <= 0:
        return text
    return words()["history_import"]["and_more"].format(shown=text, count=more)


def _rows_text(rows: list[int]) -> str:
    w = words()["history_import"]
    key = "rows_named_one" if len(rows) == 1 else "rows_named_many"
    return w[key].format(rows=_listed([str(r) for r in rows], SHOWN_ROWS))


def _values_text(values: list[str]) -> str:
    w = words()["history_import"]
    key = "value_is" if len(values) == 1 else "values_are"
    return w[key].format(values=_listed([f"'{v}'" for v in values], 10))


def date_order(table: Table, mapping: Mapping) -> tuple[str | None, list[str], bool]:
    """The order numeric dates are read in, problems, and whether the person must say it."""
    if mapping.dates:
        return mapping.dates, [], False
    seen: dict[str, tuple[int, str, str]] = {}
    for name in DATE_FIELDS:
        header = mapping.columns.get(name)
        if header is None:
            continue
        index = table.headers.index(header)
        for row, number in zip(table.rows, table.row_numbers):
            kind = date_order_evidence(row[index])
            if kind and kind not in seen:
                seen[kind] = (number, str(row[index]).strip(), header)
    if "day-first" in seen and "month-first" in seen:
        day, month = seen["day-first"], seen["month-first"]
        return None, [_errors()["mixed_dates"].format(
            column=day[2], day_row=day[0], day_value=day[1], month_row=month[0],
            month_value=month[1])], False
    for kind in ("day-first", "month-first"):
        if kind in seen:
            return kind, [], False
    if "either" in seen:
        row, value, header = seen["either"]
        return None, [_errors()["ambiguous_dates"].format(column=header, row=row,
                                                          value=value)], True
    return None, [], False


def check(table: Table, mapping: Mapping) -> Plan:
    """Every row checked against `mapping`; nothing is written."""
    plan = Plan(table, mapping)
    errors = _errors()
    columns = mapping.columns
    if "company" not in columns:
        plan.problems.append(errors["no_company"].format(
            name=table.name, columns=", ".join(table.headers)))
        plan.needs_mapping = True
        return plan
    statuses = distinct_statuses(table, mapping)
    if len(statuses) > MAX_DISTINCT:
        plan.problems.append(errors["too_many_statuses"].format(
            column=columns["status"], count=len(statuses)))
        plan.needs_mapping = True
        return plan
    unknown = [v for v in statuses if mapping.statuses.get(v) not in OUTCOME_KEYS]
    if unknown:
        rows = sorted(r for v in unknown for r in statuses[v])
        plan.problems.append(errors["unknown_statuses"].format(
            column=columns["status"], values=_values_text(unknown), rows=_rows_text(rows)))
        plan.needs_mapping = True
    stages = distinct_stages(table, mapping)
    steps = list(words()["process"]["funnel"])
    unknown = [v for v in stages if mapping.stages.get(v) not in (*steps, IGNORE)]
    if unknown:
        rows = sorted({r for v in unknown for r in stages[v]})
        plan.problems.append(errors["unknown_stages"].format(
            column=columns["stage"], values=_values_text(unknown), rows=_rows_text(rows)))
        plan.needs_mapping = True
    order, problems, plan.needs_date_order = date_order(table, mapping)
    plan.problems.extend(problems)
    if plan.problems:
        return plan

    index = {name: table.headers.index(header) for name, header in columns.items()}
    kinds = {kind: step for kind, step in words()["process"]["stage_to_funnel"].items()}
    folded_kinds = {kind.casefold(): kind for kind in kinds}
    seen: set[tuple[str, str, str]] = set()
    for row, number in zip(table.rows, table.row_numbers):
        def text(name: str) -> str:
            return cell_text(row[index[name]], mapping.export) if name in index else ""

        status = status_value(row, table, mapping) if "status" in index else ""
        outcome_key = mapping.statuses.get(status) if status else "applied"
        outcome, step = OUTCOME_KEYS[outcome_key]
        if outcome is None:
            plan.left_out.append(number)
            continue
        row_errors: list[str] = []
        company = text("company")
        if not company:
            row_errors.append(errors["no_company_in_row"].format(row=number,
                                                                 column=columns["company"]))
        dates: dict[str, dt.date | None] = {}
        for name in DATE_FIELDS:
            if name not in index:
                dates[name] = None
                continue
            raw = row[index[name]]
            shown = cell_text(raw, mapping.export)
            if not shown:
                dates[name] = None
                continue
            parsed = parse_date(raw if not isinstance(raw, str) else shown, order)
            if parsed is None:
                row_errors.append(errors["not_a_date"].format(row=number, column=columns[name],
                                                              value=shown))
            dates[name] = parsed
        texts = {name: text(name) for name in TEXT_FIELDS if name in index}
        for name, value in texts.items():
            if len(value) > MAX_TEXT_CHARS:
                row_errors.append(errors["too_long"].format(
                    row=number, column=columns[name], length=f"{len(value):,}",
                    limit=f"{MAX_TEXT_CHARS:,}"))
        stage_text = ""
        reached = step
        for part in stage_parts(text("stage")):
            part_step = mapping.stages[part]
            if part_step == IGNORE:
                continue
            if reached is None or steps.index(part_step) > steps.index(reached):
                reached = part_step
            kind = folded_kinds.get(part.casefold())
            if kind is not None and kinds[kind] == part_step:
                stage_text = kind
        if row_errors:
            plan.problems.extend(row_errors)
            continue
        draft = Draft(number, company, texts.get("role", ""), dates["applied_on"],
                      dates["ended_on"], outcome, reached, status, texts, stage_text)
        notes = notes_text(draft) or ""
        if len(notes) > MAX_TEXT_CHARS:  # the notes with the location line
            plan.problems.append(errors["too_long"].format(
                row=number, column=columns.get("notes") or columns["location"],
                length=f"{len(notes):,}", limit=f"{MAX_TEXT_CHARS:,}"))
            continue
        if draft.key in seen:
            plan.repeated.append(number)
            continue
        seen.add(draft.key)
        plan.drafts.append(draft)
    return plan


def notes_text(draft: Draft) -> str | None:
    """The process's notes: the file's notes, then its location (the journal has no place of
    its own for it). The contact becomes one of the person's contacts (`writing`)."""
    w = words()["history_import"]
    lines = [draft.texts.get("notes", "")]
    if draft.texts.get("location"):
        lines.append(w["location_line"].format(value=draft.texts["location"]))
    text = "\n".join(line for line in lines if line)
    return text or None

