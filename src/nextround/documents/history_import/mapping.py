"""What a file's columns, statuses, stages and dates mean, proposed for a file and kept as a
JSON file to reuse (`nextround import FILE --mapping MAPPING.json`).

A mapping file is plain JSON a person can edit:

    {"format": "nextround-import-mapping", "format_version": 1,
     "columns": {"company": "Employer", "role": "Job title", "applied_on": "Date applied",
                 "status": "Status"},
     "statuses": {"Rejected": "rejected", "Ghosted": "no_reply", "Pending HR": null},
     "stages": {"Phone screen": "Screening", "Closed": "ignore"},
     "dates": "day-first",
     "choices": {...every value each part may take, for the person editing it...}}

Reading one is checked like a backup: size, JSON syntax, repeated keys, unknown fields and
every value's type, each error naming the field at fault.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from nextround.documents.history_import.guessing import (
    DETAIL_JOIN, FIELDS, IGNORE, OUTCOME_KEYS, guess_columns, guess_stage, guess_status,
    stage_parts,
)
from nextround.documents.history_import.known_exports import KnownExport, recognise
from nextround.documents.history_import.reading import ImportFileError, Table
from nextround.words import words

FORMAT = "nextround-import-mapping"
FORMAT_VERSION = 1
MAX_MAPPING_BYTES = 1024 * 1024
DATE_ORDERS = ("day-first", "month-first")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # field → header
    statuses: dict[str, str | None] = field(default_factory=dict)  # value → outcome key
    stages: dict[str, str | None] = field(default_factory=dict)  # value → funnel step
    dates: str | None = None  # "day-first" or "month-first", when the file needs it said
    export: KnownExport | None = None  # the tracker export it was recognised as

    def copy(self) -> "Mapping":
        return Mapping(dict(self.columns), dict(self.statuses), dict(self.stages), self.dates,
                       self.export)


# ---------------------------------------------------------------------------- cell values
def cell_text(value: Any, export: KnownExport | None = None) -> str:
    """A cell as text, trimmed: what a text field keeps. A formula-like text stays exactly as
    it is; only the guard a known export added ("'=SUM(…)") is taken off again."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    if export is not None:
        if text in export.empty:
            return ""
        if export.formula_guard and text.startswith("'") and text[1:].lstrip().startswith(
                FORMULA_STARTS):
            return text[1:]
    return text


def status_value(row: tuple, table: Table, mapping: Mapping) -> str:
    """A row's status as the mapping names it: the status, and why it closed when a column
    says so ("closed · not-selected")."""
    status = _cell(row, table, mapping, "status")
    detail = _cell(row, table, mapping, "status_detail")
    return f"{status}{DETAIL_JOIN}{detail}" if status and detail else status


def _cell(row: tuple, table: Table, mapping: Mapping, field_name: str) -> str:
    header = mapping.columns.get(field_name)
    if header is None or header not in table.headers:
        return ""
    return cell_text(row[table.headers.index(header)], mapping.export)


def distinct_statuses(table: Table, mapping: Mapping) -> dict[str, list[int]]:
    """Each status value and the rows that have it, in the order they first appear."""
    found: dict[str, list[int]] = {}
    if "status" not in mapping.columns:
        return found
    for row, number in zip(table.rows, table.row_numbers):
        value = status_value(row, table, mapping)
        if value:
            found.setdefault(value, []).append(number)
    return found


def distinct_stages(table: Table, mapping: Mapping) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    if "stage" not in mapping.columns:
        return found
    for row, number in zip(table.rows, table.row_numbers):
        for part in stage_parts(_cell(row, table, mapping, "stage")):
            found.setdefault(part, []).append(number)
    return found


# ------------------------------------------------------------------------------ proposing
def propose(table: Table) -> Mapping:
    """What NextRound understands of `table` by itself."""
    export = recognise(table.headers)
    if export is not None:
        columns = {f: h for f, h in export.columns.items() if h in table.headers}
    else:
        columns = guess_columns(table.headers)
    mapping = Mapping(columns=columns, export=export)
    fill_values(table, mapping)
    return mapping


def fill_values(table: Table, mapping: Mapping) -> None:
    """Guess every status and stage value of the file the mapping does not say yet, and
    forget the values the file does not have."""
    statuses = {}
    for value in distinct_statuses(table, mapping):
        if value in mapping.statuses and mapping.statuses[value] is not None:
            statuses[value] = mapping.statuses[value]
        else:
            known = mapping.export.statuses.get(value) if mapping.export else None
            statuses[value] = known or guess_status(value)
    mapping.statuses = statuses
    stages = {}
    for value in distinct_stages(table, mapping):
        given = mapping.stages.get(value)
        known = mapping.export.stages.get(value) if mapping.export else None
        stages[value] = given if given is not None else known or guess_stage(value)
    mapping.stages = stages


# ------------------------------------------------------------------------------ the file
def stage_choices() -> list[str]:
    """What a stage value may mean: a funnel step, or nothing about how far it got."""
    return [*words()["process"]["funnel"], IGNORE]


def _schema() -> dict[str, Any]:
    steps = stage_choices()
    nullable = lambda choices: {"enum": [*choices, None]}  # noqa: E731
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "columns"],
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "columns": {"type": "object", "propertyNames": {"enum": list(FIELDS)},
                        "additionalProperties": {"type": "string", "minLength": 1,
                                                 "maxLength": 1000}},
            "statuses": {"type": "object", "maxProperties": 1000,
                         "additionalProperties": nullable(list(OUTCOME_KEYS))},
            "stages": {"type": "object", "maxProperties": 1000,
                       "additionalProperties": nullable(steps)},
            "dates": nullable(DATE_ORDERS),
            "choices": {"type": "object"},
        },
    }


def to_document(mapping: Mapping) -> dict[str, Any]:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "columns": {f: mapping.columns[f] for f in FIELDS if f in mapping.columns},
        "statuses": dict(mapping.statuses), "stages": dict(mapping.stages),
        "dates": mapping.dates,
        "choices": {"columns": list(FIELDS), "statuses": list(OUTCOME_KEYS),
                    "stages": stage_choices(), "dates": list(DATE_ORDERS)},
    }


def mapping_text(mapping: Mapping) -> str:
    return json.dumps(to_document(mapping), ensure_ascii=False, indent=2) + "\n"


class _Repeated(ValueError):
    def __init__(self, field_name: str):
        super().__init__(field_name)
        self.field = field_name


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Repeated(key)
        out[key] = value
    return out


def _where(path) -> str:
    return ".".join(str(p) for p in path) or FORMAT


def parse_mapping(name: str, data: bytes) -> Mapping:
    """Read and check a mapping file's content. Raises ImportFileError naming what is wrong."""
    said = words()["history_import"]["mapping_errors"]

    def refuse(key: str, **values: Any) -> ImportFileError:
        return ImportFileError(words()["history_import"]["errors"]["bad_mapping"].format(
            name=name, detail=said[key].format(**values)))

    def shown(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    if len(data) > MAX_MAPPING_BYTES:
        raise refuse("too_big", size=f"{MAX_MAPPING_BYTES // 1024} KiB")
    try:
        doc = json.loads(data.decode("utf-8-sig"), object_pairs_hook=_no_repeats)
    except UnicodeDecodeError as exc:
        raise refuse("not_utf8") from exc
    except json.JSONDecodeError as exc:
        raise refuse("not_json", line=exc.lineno, column=exc.colno, detail=exc.msg) from exc
    except _Repeated as exc:
        raise refuse("repeated", field=exc.field) from exc
    except (ValueError, RecursionError) as exc:
        raise refuse("other", where=name, detail=exc) from exc
    if isinstance(doc, dict) and doc.get("format") == FORMAT:
        version = doc.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise refuse("newer", found=version, known=FORMAT_VERSION)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(_schema()).iter_errors(doc))
    if error is not None:
        where = _where(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            extra = sorted(k for k in error.instance if k not in allowed)
            raise refuse("unknown_field", where=_where([*error.absolute_path, *extra[:1]]))
        if "propertyNames" in error.relative_schema_path:
            raise refuse("unknown_column_field", value=shown(error.instance),
                         fields=", ".join(FIELDS))
        if error.validator == "enum":
            choices = ", ".join(str(c) for c in error.validator_value if c is not None)
            raise refuse("not_a_choice", where=where, choices=choices,
                         value=shown(error.instance))
        raise refuse("other", where=where, detail=error.message)
    return Mapping(columns=dict(doc["columns"]), statuses=dict(doc.get("statuses") or {}),
                   stages=dict(doc.get("stages") or {}), dates=doc.get("dates"))


def apply_mapping(table: Table, given: Mapping) -> Mapping:
    """The mapping a person gave, for `table`: its columns must be in the file; statuses and
    stages it does not mention are guessed as usual."""
    for header in given.columns.values():
        if header not in table.headers:
            raise ImportFileError(words()["history_import"]["errors"]["missing_column"].format(
                column=header))
    mapping = given.copy()
    mapping.export = recognise(table.headers)
    fill_values(table, mapping)
    return mapping
