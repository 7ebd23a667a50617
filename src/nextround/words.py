"""The coaching words (coaching.toml): every sentence a person reads, and the lists, prompts
and templates a coach can edit.

Set NEXTROUND_COACHING to the path of another TOML file with the same keys to use your own.
The file is checked when it is first read, against the schema shipped beside it
(`words.schema.json`, made from the shipped words by `python -m nextround.words`) and against
the rules the code relies on (a funnel step that a stage kind names must exist, email
channels must be channels…). A problem is one `CoachingWordsError` naming the file and the
key, raised at start (`nextround serve`, `lab`, `report`, `demo`) or when a workbook opens:
never later, inside a widget.
"""

from __future__ import annotations

import functools
import json
import os
import string
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

from nextround import errors
from nextround.errors import CoachingWordsError

SCHEMA_FILE = "words.schema.json"
SHIPPED = "coaching.toml"

# Tables whose keys are the coach's own data (a theme, a tone, a stage kind), not names the
# code reads: any key may be added or left out, each holding the same kind of value.
OPEN_TABLES = {
    ("process", "stage_to_funnel"), ("feedback", "theme_questions"),
    ("feedback", "channel_notes"), ("feedback", "templates"),
    ("next_interview", "value_questions"),
}


# ------------------------------------------------------------------------------ reading
def _shipped_text() -> str:
    return files("nextround").joinpath(SHIPPED).read_text(encoding="utf-8")


@functools.cache
def shipped() -> dict[str, Any]:
    """The words that come with NextRound."""
    return tomllib.loads(_shipped_text())


@functools.cache
def words() -> dict[str, Any]:
    """The words in use: a coach's file (NEXTROUND_COACHING), checked, or the shipped ones."""
    custom = os.environ.get("NEXTROUND_COACHING")
    if not custom:
        return shipped()
    path = Path(custom).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CoachingWordsError(path, "", "there is no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachingWordsError(path, "", f"it cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CoachingWordsError(path, "", f"it is not valid TOML ({exc})") from None
    check(data, path)
    return data


def say(key: str, /, **values: Any) -> str:
    """The sentence at the dotted `key` of the words file, its {placeholders} filled."""
    found: Any = words()
    for part in key.split("."):
        found = found[part]
    return found.format(**values) if values else found


errors.use_words(say)  # error messages follow the words in use (errors imports nothing of ours)


def themes() -> list[str]:
    """The one shared vocabulary of feedback themes."""
    return list(words()["feedback"]["themes"])


def preparation_areas() -> list[tuple[str, str]]:
    return [(field, label) for field, label in words()["preparation"]["areas"]]


# ----------------------------------------------------------------------------- checking
def generate_schema(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON Schema of a words file: the shape of the shipped words, every key required."""

    def shape(value: Any, where: tuple[str, ...]) -> dict[str, Any]:
        if isinstance(value, bool):
            return {"type": "boolean"}
        if isinstance(value, int):
            return {"type": "integer"}
        if isinstance(value, float):
            return {"type": "number"}
        if isinstance(value, str):
            return {"type": "string"}
        if isinstance(value, list):
            items = [shape(item, where) for item in value]
            first = items[0] if items else {"type": "string"}
            return {"type": "array", "items": first}
        if isinstance(value, dict):
            if where in OPEN_TABLES:
                example = next(iter(value.values()))
                return {"type": "object", "additionalProperties": shape(example, where + ("*",))}
            return {"type": "object", "required": sorted(value),
                    "properties": {k: shape(v, where + (k,)) for k, v in value.items()}}
        raise TypeError(f"{'.'.join(where)}: {type(value).__name__} in the words")

    schema = shape(data if data is not None else shipped(), ())
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "NextRound coaching words", **schema}


@functools.cache
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(files("nextround").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _key(path) -> str:
    """A key as a coach finds it in the file: `[feedback] themes`, `[feedback.templates.Warm] body`."""
    parts = [str(p) for p in path]
    if not parts:
        return "(the whole file)"
    *tables, last = parts
    while tables and tables[-1].isdigit():  # an item of a list: name the list
        last = tables.pop()
    return f"[{'.'.join(tables)}] {last}" if tables else last


def _schema_problem(data: dict[str, Any]) -> tuple[str, str] | None:
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(data))
    if error is None:
        return None
    if error.validator == "required":
        missing = next(k for k in error.validator_value if k not in error.instance)
        return _key([*error.absolute_path, missing]), "is missing"
    kind = error.validator_value if error.validator == "type" else error.validator
    return _key(error.absolute_path), f"should be {_NAMES.get(kind, kind)}"


_NAMES = {"string": "text", "integer": "a whole number", "number": "a number",
          "boolean": "true or false", "array": "a list", "object": "a table"}


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:
        return {"\0unbalanced"}


def _walk_strings(value: Any, path: tuple[str, ...]):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_strings(item, path + (str(i),))
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _walk_strings(item, path + (k,))


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data


def _placeholder_problem(data: dict[str, Any]) -> tuple[str, str] | None:
    """A {placeholder} the code never fills: the sentence would fail when shown."""
    ship = shipped()
    for path, text in _walk_strings(data, ()):
        reference = _at(ship, path)
        if reference is None and len(path) >= 2:
            # An entry of an open table (a new tone, a new theme's question): compare it with
            # any entry of the same table in the shipped words.
            for depth in range(len(path) - 1, 0, -1):
                table = _at(ship, path[:depth])
                if isinstance(table, dict) and table and path[:depth] in OPEN_TABLES:
                    sample = next(iter(table.values()))
                    reference = _at(sample, path[depth + 1:]) if path[depth + 1:] else sample
                    break
        if not isinstance(reference, str):
            continue
        extra = _placeholders(text) - _placeholders(reference)
        if "\0unbalanced" in extra:
            return _key(path), "has a { or } that is not part of a {placeholder} (write {{ or }})"
        if extra:
            allowed = ", ".join(f"{{{p}}}" for p in sorted(_placeholders(reference))) or "none"
            return _key(path), (f"uses {{{sorted(extra)[0]}}}, which NextRound does not fill "
                                f"there (it fills: {allowed})")
    return None


# Lists the code reads by position (a rating's labels, the four FSRS ratings…): a coach
# changes their words, not how many there are.
FIXED_LENGTH = [("preparation", "levels"), ("reflection", "rating_labels"),
                ("fit", "weight_labels"), ("fit", "rating_labels"),
                ("learning", "practice_ratings"), ("learning", "practice_rating_buttons"),
                ("learning", "rating_confidence"), ("learning", "confidence_labels"),
                ("feedback", "weekday_names"), ("reasons", "words", "control_labels")]


def _rules_problem(w: dict[str, Any]) -> tuple[str, str] | None:
    """What the code relies on beyond the shape of the file."""
    funnel = w["process"]["funnel"]
    for kind, step in w["process"]["stage_to_funnel"].items():
        if step not in funnel:
            return (f"[process.stage_to_funnel] {kind}",
                    f"names the funnel step {step!r}, which [process] funnel does not have")
    if "Interview" not in funnel:
        return ("[process] funnel", "should keep the step 'Interview' (a kind of stage not "
                "listed counts as one); rename its neighbours instead")
    for i, (step, _said) in enumerate(w["fit"]["milestones"]):
        if step not in funnel:
            return ("[fit] milestones", f"entry {i + 1} names the funnel step {step!r}, which "
                    "[process] funnel does not have")
    for table in ("stage_words", "stage_for_step"):
        special = set(shipped()["history_import"][table]) - set(shipped()["process"]["funnel"])
        for step in w["history_import"][table]:
            if step not in funnel and step not in special:
                return (f"[history_import.{table}] {step}", "is not a step of [process] funnel")
    feedback = w["feedback"]
    for name in ("email_channels", "spoken_channels"):
        for channel in feedback[name]:
            if channel not in feedback["channels"]:
                return f"[feedback] {name}", f"names {channel!r}, which is not one of the channels"
    if feedback["default_tone"] not in feedback["tones"]:
        return "[feedback] default_tone", "is not one of the tones"
    for tone in feedback["tones"]:
        if tone not in feedback["templates"]:
            return f"[feedback.templates.{tone}]", "is missing: every tone needs its templates"
    for day in feedback["working_week"]:
        if day not in feedback["weekday_names"]:
            return "[feedback] working_week", f"names {day!r}, which is not one of weekday_names"
    for theme in feedback["perception"]["outside_control"]:
        if theme not in feedback["themes"]:
            return "[feedback.perception] outside_control", f"names {theme!r}, not a theme"
    prep_fields = [field for field, _label in w["preparation"]["areas"]]
    shipped_fields = [field for field, _label in shipped()["preparation"]["areas"]]
    if sorted(prep_fields) != sorted(shipped_fields):
        return ("[preparation] areas", "should name each of the journal's areas once: "
                + ", ".join(shipped_fields))
    star = [part[0] for part in w["learning"]["star_parts"]]
    if star != ["situation", "task", "action", "result"]:
        return "[learning] star_parts", "should keep the fields situation, task, action, result"
    for path in FIXED_LENGTH:
        found, expected = _at(w, path), _at(shipped(), path)
        if len(found) != len(expected):
            return (_key(path), f"should have {len(expected)} entries, not {len(found)}")
    return None


def check(data: dict[str, Any], source: Path | str = SHIPPED) -> None:
    """Raise CoachingWordsError, naming `source` and the key, if `data` cannot be used."""
    problem = (_schema_problem(data) or _placeholder_problem(data) or _rules_problem(data))
    if problem is not None:
        raise CoachingWordsError(Path(source), *problem)


def check_now() -> None:
    """Read and check the words in use now (at start, before anything is shown)."""
    words()


if __name__ == "__main__":  # python -m nextround.words: regenerate the shipped schema
    target = Path(__file__).with_name(SCHEMA_FILE)
    target.write_text(json.dumps(generate_schema(), indent=1, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(f"wrote {target}")
