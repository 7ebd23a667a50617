"""The summary a participant shares with the coach: its format, its JSON Schema, and reading it.

A summary is counts and categories only (`summary.build` makes one from a journal):

    {"format": "nextround-cohort-summary", "format_version": 1,
     "participant": "9f2c…", "sequence": 2, "week": "2026-W14", "withdrawn": false,
     "counts": {"processes": [{"step": "Screening", "outcome": "rejected", "processes": 2}, …],
                "preparation": {"audited": 2, "areas": {"company_research": 1.5, …}},
                "themes": [{"theme": "Communication", "expected": 1, "surprise": 0,
                            "unmarked": 0, "mine": 2}, …],
                "other_themes": {…}, "feedback_points": 3,
                "reasons": {"within my control": 2, …},
                "practice": {…}, "goals": {…}}}

`participant` is a random number kept in the person's journal (nothing about them goes into
it), so the coach counts a person once however often they share; `sequence` orders one
person's summaries, and the latest counts. A summary that says `withdrawn` (with no counts)
takes back everything that person shared before it.

Every word in a summary is a category of the words file (a funnel step, a feedback theme) or
a fixed state; the schema names every key a summary may hold, and nothing in it is free text.
Reading a summary never trusts it: size, encoding, JSON syntax, duplicate keys, depth, every
field, and that each step and theme is one this NextRound knows, before anything is counted.
An error names the field.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

from nextround.documents.json_objects import pairs_hook
from nextround.errors import JournalError
from nextround.rules.funnel import funnel_steps
from nextround.rules.states import CONTROL, GOAL_STATUSES, OUTCOMES
from nextround.store.schema import TABLES
from nextround.words import say, words

FORMAT = "nextround-cohort-summary"
FORMAT_VERSION = 1
SCHEMA_FILE = "summary.schema.json"
MAX_BYTES = 64 * 1024  # a summary is a few hundred bytes; anything this big is not one
MAX_DEPTH = 6
MAX_COUNT = 1_000_000
MAX_WORD = 120  # the longest category word a summary may hold

NOT_RECORDED = "not recorded"  # a process whose outcome is none of OUTCOMES
OUTCOME_VALUES = (*OUTCOMES, NOT_RECORDED)
ENDED_THERE = ("rejected", "withdrew")  # a process that stopped at the step it reached
PRACTICE_COUNTS = ("questions", "better_answers", "reviews")
THEME_COUNTS = ("expected", "surprise", "unmarked", "mine")

PARTICIPANT_PATTERN = "^[0-9a-f]{32}$"
WEEK_PATTERN = "^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$"


def preparation_fields() -> list[str]:
    """The areas of the preparation audit: the journal's own rating columns."""
    return [field for field, kind in TABLES["preparations"].items()
            if kind == "int" and field != "process_id"]


class SummaryError(JournalError):
    """A file that is not a summary NextRound can count; `field` names the offending part."""

    def __init__(self, message: str, field: str = ""):
        self.field = field
        super().__init__(say("cohort.errors.in_field", field=field, problem=message)
                         if field else message)


# ------------------------------------------------------------------ the schema
def _count(description: str) -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": MAX_COUNT, "description": description}


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "additionalProperties": False,
            "required": list(properties), "properties": properties}


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of a summary (shipped as summary.schema.json)."""
    levels = {"type": ["number", "null"], "minimum": 0, "maximum": 3, "multipleOf": 0.5,
              "description": "the average rating, 0 (none) to 3 (thorough), to the nearest "
                             "half, or null when never rated"}
    counts = _object({
        "processes": {
            "type": "array", "maxItems": 200,
            "description": "how many processes reached each funnel step and how each stands",
            "items": _object({
                "step": {"type": "string", "minLength": 1, "maxLength": MAX_WORD,
                         "description": "a step of the funnel (coaching.toml [process] funnel)"},
                "outcome": {"enum": list(OUTCOME_VALUES), "description": "where they stand"},
                "processes": {**_count("how many processes"), "minimum": 1},
            }, "processes that got as far as one step and stand the same"),
        },
        "preparation": _object({
            "audited": _count("how many processes had their preparation audited"),
            "areas": _object({field: dict(levels) for field in preparation_fields()},
                             "each area of the preparation audit"),
        }, "the preparation audit, area by area"),
        "themes": {
            "type": "array", "maxItems": 200,
            "description": "feedback themes from the shared vocabulary, each once",
            "items": _object({
                "theme": {"type": "string", "minLength": 1, "maxLength": MAX_WORD,
                          "description": "a theme of the shared vocabulary "
                                         "(coaching.toml [feedback] themes)"},
                "expected": _count("feedback points with this theme the person expected"),
                "surprise": _count("feedback points with this theme that surprised them"),
                "unmarked": _count("feedback points with this theme, not marked either way"),
                "mine": _count("how often the person named this theme about themselves"),
            }, "one theme: how often interviewers and the person named it"),
        },
        "other_themes": _object({name: _count(f"{name}, for themes outside the vocabulary")
                                 for name in THEME_COUNTS},
                                "themes outside the shared vocabulary, counted together"),
        "feedback_points": _count("how many feedback points carry a theme"),
        "reasons": _object({control: _count(f"reasons sorted as {control!r}")
                            for control in CONTROL}, "the reasons sorted, by control"),
        "practice": _object({
            "questions": _count("surprise questions logged"),
            "better_answers": _count("questions with a better answer"),
            "reviews": _count("practice rounds"),
        }, "practice counts"),
        "goals": _object({status: _count(f"goals {status}") for status in GOAL_STATUSES},
                         "learning goals by status"),
    }, "the counts shared")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:nextround:cohort-summary:{FORMAT_VERSION}",
        "title": "NextRound cohort summary",
        "description": ("What one participant shares with the coach: counts and categories "
                        "only. Generated by nextround.documents.cohort.document."
                        "generate_schema(); do not edit by hand."),
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "participant", "sequence", "week",
                     "withdrawn", "counts"],
        "properties": {
            "format": {"const": FORMAT, "description": f"always {FORMAT!r}"},
            "format_version": {"const": FORMAT_VERSION,
                               "description": f"summary format {FORMAT_VERSION}"},
            "participant": {"type": "string", "pattern": PARTICIPANT_PATTERN,
                            "description": "a random number of 32 hexadecimal digits"},
            "sequence": {"type": "integer", "minimum": 1, "maximum": MAX_COUNT,
                         "description": "1 for a person's first summary, then 2, 3…"},
            "week": {"type": "string", "pattern": WEEK_PATTERN,
                     "description": "the ISO week it was made in, like 2026-W14"},
            "withdrawn": {"type": "boolean",
                          "description": "true: everything this person shared is taken back"},
            "counts": {"anyOf": [counts, {"type": "null"}],
                       "description": "the counts, or null in a summary that takes back"},
        },
        # A summary that takes back carries no counts; any other carries them.
        "if": {"properties": {"withdrawn": {"const": True}}, "required": ["withdrawn"]},
        "then": {"properties": {"counts": {
            "type": "null", "description": "a summary that takes back carries no counts"}}},
        "else": {"properties": {"counts": {
            "type": "object", "description": "a summary that shares carries its counts"}}},
    }


def schema_text() -> str:
    return json.dumps(generate_schema(), ensure_ascii=False, indent=2) + "\n"


@functools.lru_cache(maxsize=1)
def shipped_schema() -> dict[str, Any]:
    from importlib.resources import files

    return json.loads(files("nextround.documents.cohort").joinpath(SCHEMA_FILE)
                      .read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(shipped_schema())


def summary_text(doc: dict[str, Any]) -> str:
    """A summary as the file holds it (checked first: only a readable summary is written)."""
    check(doc)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ reading
def _error(key: str, field: str = "", **values: Any) -> SummaryError:
    return SummaryError(say(f"cohort.errors.{key}", **values), field)


class _NotANumber:
    pass


def _path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _plain(value: Any, where: tuple = ()) -> Any:
    """Plain dicts and lists, refusing repeated keys, NaN and Infinity, and deep nesting."""
    if len(where) > MAX_DEPTH:
        raise _error("too_deep", _path(where[:MAX_DEPTH]), depth=MAX_DEPTH)
    if isinstance(value, _NotANumber):
        raise _error("not_a_number", _path(where))
    if isinstance(value, dict):
        if getattr(value, "duplicate", None) is not None:
            raise _error("twice", _path((*where, value.duplicate)))
        return {k: _plain(v, (*where, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, (*where, i)) for i, v in enumerate(value)]
    return value


def _finite(text: str) -> Any:
    value = float(text)
    return value if math.isfinite(value) else _NotANumber()


def parse(data: bytes) -> dict[str, Any]:
    """Read a summary file's bytes and check them completely. Raises SummaryError."""
    if len(data) > MAX_BYTES:
        raise _error("too_big", size=len(data), limit=MAX_BYTES // 1024)
    if not data.strip():
        raise _error("empty")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error("not_utf8") from None
    try:
        doc = json.loads(text, object_pairs_hook=pairs_hook, parse_float=_finite,
                         parse_constant=lambda _name: _NotANumber())
    except json.JSONDecodeError as exc:
        raise _error("not_json", line=exc.lineno, column=exc.colno) from None
    except (RecursionError, ValueError):
        raise _error("not_json", line=1, column=1) from None
    return check(_plain(doc))


def _schema_error(error) -> SummaryError:
    """A plain-words message, naming the field, for a jsonschema error."""
    where = _path(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties":
        extra = sorted(k for k in value if k not in schema.get("properties", {}))
        return _error("unknown_field", _path([*error.absolute_path, extra[0]]))
    if kind == "required":
        missing = [k for k in schema.get("required", []) if k not in value]
        return _error("missing_field", _path([*error.absolute_path, missing[0]]))
    about = f" ({schema['description']})" if schema.get("description") else ""
    if kind == "type":
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        names = words()["cohort"]["errors"]["kinds"]
        return _error("wrong_type", where, kinds=say("cohort.errors.either").join(
            names[t] for t in types), about=about)
    if kind in ("minimum", "maximum"):
        return _error("out_of_range", where, minimum=schema.get("minimum", 0),
                      maximum=schema.get("maximum", MAX_COUNT), about=about)
    if kind in ("minLength", "maxLength"):
        return _error("wrong_length", where, minimum=schema.get("minLength", 0),
                      maximum=schema.get("maxLength", MAX_WORD), about=about)
    if kind == "enum":
        return _error("not_one_of", where, about=about,
                      values=", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"]))
    if kind == "const":
        return _error("not_the_value", where, about=about,
                      value=json.dumps(schema["const"], ensure_ascii=False))
    if kind == "multipleOf":
        return _error("not_a_multiple", where, step=schema["multipleOf"], about=about)
    if kind == "maxItems":
        return _error("too_many", where, most=schema["maxItems"])
    return _error("wrong_form", where, about=about)


def check(doc: Any) -> dict[str, Any]:
    """Every check a count relies on; raises SummaryError naming the offending field."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _error("not_a_summary", "format" if isinstance(doc, dict) else "")
    found = doc.get("format_version")
    if isinstance(found, int) and not isinstance(found, bool) and found > FORMAT_VERSION:
        raise _error("newer", "format_version", found=found, known=FORMAT_VERSION)
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(doc))
    if error is not None:
        raise _schema_error(error)
    counts = doc["counts"]
    if counts is not None:
        steps = funnel_steps()
        seen: set[tuple[str, str]] = set()
        for i, entry in enumerate(counts["processes"]):
            if entry["step"] not in steps:
                raise _error("unknown_step", f"counts.processes[{i}].step",
                             steps=", ".join(steps))
            if (entry["step"], entry["outcome"]) in seen:
                raise _error("repeated_entry", f"counts.processes[{i}]")
            seen.add((entry["step"], entry["outcome"]))
        themes: set[str] = set()
        for i, entry in enumerate(counts["themes"]):
            if entry["theme"] in themes:
                raise _error("repeated_entry", f"counts.themes[{i}]")
            themes.add(entry["theme"])
    return doc


def read(path: str | Path) -> dict[str, Any]:
    """Read and check the summary file at `path` (a regular file; links are not followed)."""
    import os
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    import errno

    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a symbolic link, refused by O_NOFOLLOW
            raise _error("not_a_file") from None
        raise _error("cannot_read", reason=exc.strerror or str(exc)) from None
    try:
        # A drop box holds whatever participants put there: a link, a pipe or a device is
        # never opened for reading (a pipe would wait for ever).
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _error("not_a_file")
        if info.st_size > MAX_BYTES:
            raise _error("too_big", size=info.st_size, limit=MAX_BYTES // 1024)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    return parse(data)


if __name__ == "__main__":  # python -m nextround.documents.cohort.document: regenerate the schema
    target = Path(__file__).with_name(SCHEMA_FILE)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
