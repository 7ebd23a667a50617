"""Backups: the whole journal as one JSON document, and restoring it all-or-nothing.

A backup is plain JSON a person can read, keep anywhere and restore on another computer:

    {"format": "nextround-backup", "format_version": 1, "schema_version": 2,
     "exported_at": "2026-03-31T09:30:00Z",
     "tables": {"settings": [...], "processes": [{"id": 1, "rev": 1, ...}, ...], ...}}

Rules this module keeps (each has a test):
- a backup is deterministic: tables in schema order, rows by id, keys in column order;
- every backup written can be restored: it is checked with the same rules a restore uses;
- a backup file is replaced atomically, so a failed write leaves the previous one intact;
- reading a backup never trusts it: size, encoding, JSON syntax, nesting, duplicate keys,
  every field's type and length, ids and the references between entries are all checked
  before anything is written, and an error names the offending field by its path;
- a restore is one transaction: it either restores everything or changes nothing, and
  replacing a journal first keeps a copy of it next to it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import json
import math
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nextround.documents.json_objects import pairs_hook
from nextround.errors import BackupError, BadValue, JournalError
from nextround.store.schema import (  # noqa: F401 (MAX_*: the backup's limits, named here too)
    ADDED_FIELDS,
    ADDED_TABLES,
    COMMON,
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    SCHEMA_VERSION,
    TABLE_ORDER,
    TABLES,
)
from nextround.words import say, shipped, words

FORMAT = "nextround-backup"
FORMAT_VERSION = 1
MAX_BACKUP_BYTES = 20 * 1024 * 1024  # 20 MiB
MAX_DEPTH = 32
SCHEMA_FILE = "backup.schema.json"

_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATETIME_PATTERN = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    "([T ][0-9]{2}(:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,6})?)?)?"
    "(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$"
)


def columns(table: str) -> list[str]:
    """The table's columns in the order the journal stores them."""
    return [*COMMON, *TABLES[table]]


def _kind(table: str, field: str) -> str:
    return COMMON.get(field) or TABLES[table][field]


# ------------------------------------------------------------------ the schema
def _description(field: str, kind: str, w: dict[str, str]) -> str:
    """What a field holds, in the words `w` ([backup.kinds]): the shipped ones describe the
    schema file, the words in use say what a refused backup's field must be."""
    if field in COMMON:
        return w["whole_from_one"] if kind == "int" else w[kind]
    if kind == "json":
        return w[kind]
    if kind.startswith("ref:"):
        return w["ref"].format(table=kind[4:])
    return w["or_null"].format(kind=w[kind])


def _field_schema(field: str, kind: str) -> dict[str, Any]:
    w = shipped()["backup"]["kinds"]
    description = _description(field, kind, w)
    if field in COMMON:
        if kind == "int":
            return {"type": "integer", "minimum": 1, "maximum": _INT_MAX,
                    "description": description}
        return {"type": "string", "pattern": _DATETIME_PATTERN, "description": description}
    if kind == "json":
        return {"type": "array", "maxItems": MAX_LIST_ITEMS,
                "items": {"type": "string", "maxLength": MAX_TEXT_CHARS, "description": w["text"]},
                "description": description}
    if kind.startswith("ref:"):
        return {"type": ["integer", "null"], "minimum": 1, "maximum": _INT_MAX,
                "description": description}
    schema: dict[str, Any] = {
        "text": {"type": ["string", "null"], "maxLength": MAX_TEXT_CHARS},
        "int": {"type": ["integer", "null"], "minimum": _INT_MIN, "maximum": _INT_MAX},
        "real": {"type": ["number", "null"]},
        "bool": {"type": ["boolean", "null"]},
        "date": {"type": ["string", "null"], "pattern": _DATE_PATTERN},
        "datetime": {"type": ["string", "null"], "pattern": _DATETIME_PATTERN},
    }[kind]
    schema["description"] = description
    return schema


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of a backup, derived from `schema.TABLES` (shipped as backup.schema.json)."""
    w = shipped()["backup"]["kinds"]
    defs = {}
    for table in TABLE_ORDER:
        cols = columns(table)
        defs[table] = {
            "type": "object",
            "description": w["entry"].format(table=table),
            "additionalProperties": False,
            "required": cols,
            "properties": {c: _field_schema(c, _kind(table, c)) for c in cols},
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:nextround:backup:{FORMAT_VERSION}",
        "title": "NextRound backup",
        "description": ("A whole NextRound journal. Generated from nextround.store.schema.TABLES by "
                        "nextround.documents.backup.generate_schema(); do not edit by hand."),
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "schema_version", "exported_at", "tables"],
        "properties": {
            "format": {"const": FORMAT, "description": w["always"].format(value=repr(FORMAT))},
            "format_version": {"const": FORMAT_VERSION, "description": w["format"].format(
                what=w["backup_format"], version=FORMAT_VERSION)},
            "schema_version": {"const": SCHEMA_VERSION, "description": w["format"].format(
                what=w["journal_format"], version=SCHEMA_VERSION)},
            "exported_at": {"type": "string", "pattern": _DATETIME_PATTERN,
                            "description": w["datetime"]},
            "tables": {
                "type": "object",
                "description": w["tables"],
                "additionalProperties": False,
                "required": list(TABLE_ORDER),
                "properties": {
                    t: {"type": "array", "items": {"$ref": f"#/$defs/{t}"},
                        "description": w["list"].format(table=t)}
                    for t in TABLE_ORDER
                },
            },
        },
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(generate_schema(), ensure_ascii=False, indent=2) + "\n"


@functools.lru_cache(maxsize=1)
def shipped_schema() -> dict[str, Any]:
    from importlib.resources import files

    return json.loads(files("nextround.documents").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(shipped_schema())


# ------------------------------------------------------------------ export
@contextlib.contextmanager
def consistent_read(journal) -> Iterator[None]:
    """Read every table from one consistent state, even while another kernel writes."""
    # A deferred read transaction on the journal's own connection (WAL readers never block).
    with journal._lock:
        if journal._depth:
            yield
            return
        conn = journal._conn
        conn.execute("BEGIN")
        try:
            yield
        finally:
            conn.execute("COMMIT")


def export_backup(journal) -> dict[str, Any]:
    """The journal as a backup document. Raises BackupError if it could not be restored."""
    version = journal.schema_version
    if version > SCHEMA_VERSION:
        raise BackupError(say("backup.errors.newer_journal", path=journal.path, version=version,
                              known=SCHEMA_VERSION))
    tables: dict[str, list[dict[str, Any]]] = {}
    with consistent_read(journal):
        for table in TABLE_ORDER:
            cols = columns(table)
            tables[table] = [{c: row[c] for c in cols} for row in journal.rows(table)]
    from nextround.store.journal import utc_now

    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": version,
        "exported_at": utc_now(),
        "tables": tables,
    }
    try:
        _check_document(doc)
    except BackupError as exc:
        raise BackupError(say("backup.errors.cannot_back_up", reason=exc)) from exc
    return doc


def backup_text(journal) -> str:
    text = json.dumps(export_backup(journal), ensure_ascii=False, indent=2) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BACKUP_BYTES:
        raise BackupError(say("backup.errors.would_be_too_large", size=f"{size / 2**20:.1f}",
                              limit=MAX_BACKUP_BYTES // 2**20))
    return text


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` to `path` (mode 0600) so that a reader sees the old file or the new one."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():  # refused before any temporary file is made, and named as given
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        # The error names the file the person asked for, not the temporary one beside it.
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return path


def write_backup(journal, path: str | os.PathLike) -> Path:
    """Write a backup of `journal` to `path` atomically (0600). Returns the path."""
    data = backup_text(journal).encode("utf-8")
    try:
        return atomic_write_bytes(path, data)
    except OSError as exc:
        raise BackupError(say("backup.errors.cannot_write", path=path,
                              reason=exc.strerror or exc)) from exc


# ------------------------------------------------------------------ parsing
class _NotANumber:
    """NaN, Infinity or a number too large, kept in place so that _walk can name its field."""

    def __init__(self, message: str):
        self.message = message


def _reject_constant(name: str) -> Any:
    return _NotANumber(say("backup.errors.not_a_json_number", name=name))


def _parse_float(text: str) -> Any:
    value = float(text)
    if not math.isfinite(value):
        return _NotANumber(say("backup.errors.number_too_large", number=text[:40]))
    return value


def _path(parts) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _walk(doc: Any) -> None:
    """Refuse objects with a repeated key and structures nested deeper than MAX_DEPTH."""
    stack: list[tuple[Any, tuple]] = [(doc, ())]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            raise BackupError(say("backup.errors.nested", depth=MAX_DEPTH),
                              _path(where[:MAX_DEPTH]))
        if isinstance(value, _NotANumber):
            raise BackupError(value.message, _path(where))
        if isinstance(value, dict):
            if getattr(value, "duplicate", None) is not None:
                raise BackupError(say("backup.errors.twice", name=repr(value.duplicate)),
                                  _path((*where, value.duplicate)))
            stack.extend((v, (*where, k)) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, (*where, i)) for i, v in reversed(list(enumerate(value))))


def _plain(value: Any) -> Any:
    """Turn the parser's dict subclass back into plain dicts (depth was checked by _walk)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def parse_backup(data: bytes | str) -> dict[str, Any]:
    """Read a backup file's content and check it completely. Raises BackupError."""
    limit = f"{MAX_BACKUP_BYTES // 2**20} MiB"
    if isinstance(data, str):
        too_big = (len(data) > MAX_BACKUP_BYTES
                   or len(data.encode("utf-8", "surrogatepass")) > MAX_BACKUP_BYTES)
        if too_big:
            raise BackupError(say("backup.errors.file_too_large", limit=limit))
        text = data[1:] if data.startswith("\ufeff") else data
    elif isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        if len(data) > MAX_BACKUP_BYTES:
            raise BackupError(say("backup.errors.file_too_large_bytes", limit=limit,
                                  size=f"{len(data):,}"))
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise BackupError(say("backup.errors.utf16"))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BackupError(say("backup.errors.not_utf8", byte=exc.start)) from exc
    else:
        raise TypeError("parse_backup takes bytes or str")
    if not text.strip():
        raise BackupError(say("backup.errors.empty"))
    try:
        doc = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=_reject_constant,
                         parse_float=_parse_float)
    except json.JSONDecodeError as exc:
        unclosed = exc.msg.startswith("Unterminated string")
        msg = say("backup.errors.unclosed_text") if unclosed else exc.msg  # else the parser's own
        ended = exc.pos >= len(text.rstrip()) or unclosed
        said = (say("backup.errors.not_json_cut_off", line=exc.lineno, column=exc.colno,
                    problem=msg) if ended else
                say("backup.errors.not_json", line=exc.lineno, column=exc.colno, problem=msg))
        raise BackupError(said) from exc
    except RecursionError as exc:
        raise BackupError(say("backup.errors.file_too_deep", depth=MAX_DEPTH)) from exc
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise BackupError(say("backup.errors.unreadable_value", reason=exc)) from exc
    _walk(doc)
    doc = _plain(doc)
    return _check_document(doc)


# ------------------------------------------------------------------ checking
def _describe(value: Any) -> str:
    """A value found in a backup, as a refusal names it ([backup.values])."""
    if value is None:
        return say("backup.values.null")
    if isinstance(value, bool):
        return say("backup.values.true" if value else "backup.values.false")
    if isinstance(value, (int, float)):
        return say("backup.values.number", value=value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return say("backup.values.text", value=repr(shown))
    if isinstance(value, list):
        return say("backup.values.list")
    if isinstance(value, dict):
        return say("backup.values.object")
    return type(value).__name__


def _wanted(where: list, schema: dict[str, Any]) -> str:
    """What the value at `where` must be, in the words in use (the schema file describes its
    fields in the shipped words)."""
    w = words()["backup"]["kinds"]
    match where:
        case ["exported_at"]:
            return w["datetime"]
        case ["tables"]:
            return w["tables"]
        case ["tables", str(table)] if table in TABLES:
            return w["list"].format(table=table)
        case ["tables", str(table), int()] if table in TABLES:
            return w["entry"].format(table=table)
        case ["tables", str(table), int(), str(field)] if field in columns(table):
            return _description(field, _kind(table, field), w)
        case ["tables", str(table), int(), str(field), int()] if field in columns(table):
            return w["text"]
    return schema.get("description", "")


def _schema_message(error) -> tuple[str, str]:
    """A plain-words message and the field path for a jsonschema error."""
    where = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    if kind == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        name = extra[0] if extra else "?"
        return say("backup.errors.unknown_field", name=repr(name)), _path([*where, name])
    if kind == "required":
        missing = [k for k in schema.get("required", []) if k not in value]
        name = missing[0] if missing else "?"
        return say("backup.errors.missing_field", name=repr(name)), _path(where)
    if kind == "maxLength":
        return say("backup.errors.too_long", length=f"{len(value):,}",
                   limit=f"{schema['maxLength']:,}"), _path(where)
    if kind == "maxItems":
        return say("backup.errors.too_many_items", count=f"{len(value):,}",
                   limit=f"{schema['maxItems']:,}"), _path(where)
    if kind in ("type", "pattern"):
        return say("backup.errors.must_be", wanted=_wanted(where, schema) or kind,
                   value=_describe(value)), _path(where)
    if kind in ("minimum", "maximum"):
        return say("backup.errors.out_of_range", wanted=_wanted(where, schema),
                   value=value), _path(where)
    if kind == "const":
        return say("backup.errors.must_be", wanted=repr(schema["const"]),
                   value=_describe(value)), _path(where)
    return error.message, _path(where)  # jsonschema's own words: a check the schema gained


def _newer(key: str, found: int, known: int) -> BackupError:
    what = (say("backup.kinds.backup_format") if key == "format_version"
            else say("backup.kinds.journal_format"))
    return BackupError(say("backup.errors.newer_backup", what=what, found=found, known=known),
                       key)


# Tables each journal format added (nothing else changed between them): a backup of an older
# format is read as the current format would have written it, with those tables empty.
def _upgrade(doc: dict[str, Any]) -> dict[str, Any]:
    """A backup of an older journal format, in the current one (a new document)."""
    version, tables = doc.get("schema_version"), doc.get("tables")
    if (not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < SCHEMA_VERSION
            or not isinstance(tables, dict)):
        return doc  # the schema check names what is wrong
    tables = dict(tables)
    for step in range(version + 1, SCHEMA_VERSION + 1):
        for table in ADDED_TABLES.get(step, ()):
            if table in tables:
                raise BackupError(say("backup.errors.table_added_by_hand", version=version,
                                      table=table), f"tables.{table}")
            tables[table] = []
        for table, fields in ADDED_FIELDS.get(step, {}).items():
            rows = tables.get(table)
            if not isinstance(rows, list):
                continue  # the schema check names what is wrong
            upgraded = []
            for index, row in enumerate(rows):
                if isinstance(row, dict):
                    for field in fields:
                        if field in row:
                            raise BackupError(
                                say("backup.errors.field_added_by_hand", name=repr(field),
                                    version=version), f"tables.{table}[{index}].{field}")
                    row = {**row, **dict.fromkeys(fields)}
                upgraded.append(row)
            tables[table] = upgraded
    return {**doc, "schema_version": SCHEMA_VERSION, "tables": tables}


def _check_document(doc: Any) -> dict[str, Any]:
    """Every check a restore relies on; raises BackupError naming the offending field.
    Returns the document, in the current journal format."""
    if not isinstance(doc, dict):
        raise BackupError(say("backup.errors.not_an_object", value=_describe(doc)))
    if "format" not in doc:
        raise BackupError(say("backup.errors.no_format"), "format")
    if doc["format"] != FORMAT:
        raise BackupError(say("backup.errors.other_format", value=_describe(doc["format"]),
                              expected=repr(FORMAT)), "format")
    for key, known in (("format_version", FORMAT_VERSION), ("schema_version", SCHEMA_VERSION)):
        found = doc.get(key)
        if isinstance(found, int) and not isinstance(found, bool) and found > known:
            raise _newer(key, found, known)
    doc = _upgrade(doc)
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(doc))
    if error is not None:
        message, where = _schema_message(error)
        raise BackupError(message, where)
    _check_values(doc)
    _check_ids(doc["tables"])
    return doc


def _check_values(doc: dict[str, Any]) -> None:
    """What a schema cannot say: real calendar dates, and text that can be stored."""
    _check_text(doc["exported_at"], "exported_at")
    for table in TABLE_ORDER:
        for index, row in enumerate(doc["tables"][table]):
            for field, value in row.items():
                where = f"tables.{table}[{index}].{field}"
                if isinstance(value, str):
                    _check_text(value, where)
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        _check_text(item, f"{where}[{i}]")
                try:
                    _store_value(table, field, value)
                except BadValue as exc:  # the path names the field: say only what is wrong
                    raise BackupError(exc.problem, where) from exc
                except JournalError as exc:
                    raise BackupError(str(exc), where) from exc


def _check_text(value: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BackupError(say("backup.errors.broken_character", position=exc.start),
                          where) from exc


def _store_value(table: str, field: str, value: Any) -> Any:
    from nextround.store.journal import check_value

    kind = _kind(table, field)
    if kind == "date" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise BadValue(f"{table}.{field}", say("backup.errors.not_a_calendar_date",
                                                   value=repr(value))) from None
    return check_value(table, field, value)


def _check_ids(tables: dict[str, list[dict[str, Any]]]) -> None:
    seen: dict[str, dict[int, int]] = {}
    for table in TABLE_ORDER:
        ids: dict[int, int] = {}
        for index, row in enumerate(tables[table]):
            if row["id"] in ids:
                raise BackupError(
                    say("backup.errors.id_twice", id=row["id"],
                        other=f"tables.{table}[{ids[row['id']]}]"),
                    f"tables.{table}[{index}].id")
            ids[row["id"]] = index
        seen[table] = ids
    for table in TABLE_ORDER:
        refs = [(f, k[4:]) for f, k in TABLES[table].items() if k.startswith("ref:")]
        for index, row in enumerate(tables[table]):
            for field, target in refs:
                value = row[field]
                if value is not None and value not in seen[target]:
                    raise BackupError(
                        say("backup.errors.missing_entry", table=target, id=value),
                        f"tables.{table}[{index}].{field}")


# ------------------------------------------------------------------ restore
def _safety_copy(journal) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    base = f"{journal.path.stem}-before-restore-{stamp}"
    for n in range(1, 1000):
        target = journal.path.with_name(f"{base}{'' if n == 1 else f'-{n}'}.sqlite3")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        try:
            # The restore's write transaction is already open on the journal's connection, and
            # SQLite cannot back up from a connection that is writing; a second, read-only
            # connection sees exactly the state about to be replaced.
            source = sqlite3.connect(f"{journal.path.as_uri()}?mode=ro", uri=True)
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
            finally:
                dest.close()
                source.close()
            os.chmod(target, 0o600)
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        return target
    raise BackupError(say("backup.errors.no_free_name", path=journal.path))


def restore_backup(journal, doc: dict[str, Any], replace: bool = False) -> Path | None:
    """Put the backup `doc` into `journal`, all or nothing.

    Refuses a journal that has entries unless `replace` is true; then a copy of the journal as
    it was is saved next to it first and its path is returned (None otherwise). Settings in the
    journal are always replaced by the backup's.
    """
    if journal.read_only:
        raise BackupError(say("backup.errors.read_only", reason=journal.read_only_reason))
    doc = _check_document(doc)
    prepared = {
        table: [[_store_value(table, c, row[c]) for c in columns(table)]
                for row in doc["tables"][table]]
        for table in TABLE_ORDER
    }
    safety: Path | None = None
    try:
        with journal.transaction() as conn:
            if not journal.is_empty():
                if not replace:
                    raise BackupError(say("backup.errors.has_entries", path=journal.path))
                safety = _safety_copy(journal)
            for table in reversed(TABLE_ORDER):
                conn.execute(f"DELETE FROM {table}")
            for table in TABLE_ORDER:
                cols = columns(table)
                sql = (f"INSERT INTO {table} ({', '.join(cols)}) "
                       f"VALUES ({', '.join('?' for _ in cols)})")
                for index, values in enumerate(prepared[table]):
                    try:
                        conn.execute(sql, values)
                    except sqlite3.IntegrityError as exc:
                        raise BackupError(say("backup.errors.conflicts", reason=exc),
                                          f"tables.{table}[{index}]") from exc
            journal._changed.update(TABLE_ORDER)
    except BaseException as exc:
        if safety is not None:
            with contextlib.suppress(OSError):
                safety.unlink()
        if isinstance(exc, (sqlite3.Error, OSError)):  # a full disk, a read-only folder…
            text = str(exc)
            reason = (say("backup.errors.disk_full")
                      if "full" in text or getattr(exc, "errno", None) == 28 else text)
            raise BackupError(say("backup.errors.not_restored", path=journal.path,
                                  reason=reason)) from exc
        raise
    return safety


def read_backup(path: str | os.PathLike) -> dict[str, Any]:
    """Read and check the backup file at `path`."""
    path = Path(path).expanduser()
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BACKUP_BYTES + 1)
    except OSError as exc:
        raise BackupError(say("backup.errors.cannot_read", path=path,
                              reason=exc.strerror or exc)) from exc
    return parse_backup(data)


if __name__ == "__main__":  # python -m nextround.documents.backup: regenerate the shipped schema
    target = Path(__file__).with_name(SCHEMA_FILE)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
