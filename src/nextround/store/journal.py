"""The journal: one SQLite file per person, shared safely by every tab and kernel.

Rules this module keeps (each has a test):
- every write is one transaction started with BEGIN IMMEDIATE, in WAL mode with a busy timeout,
  because every Voila page is its own kernel writing the same file;
- an update names the revision it started from; if another writer got there first it is
  refused with ChangedElsewhere, never silently overwritten;
- opening never creates a journal unless asked to, and never modifies a file that is not a
  journal of ours or that is damaged;
- a journal written by a newer NextRound opens read-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import logging
import os
import re
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from nextround import paths
from nextround.errors import (
    BadValue,
    ChangedElsewhere,
    DamagedJournal,
    JournalError,
    JournalNotFound,
    NotAJournal,
    ReadOnlyJournal,
)
from nextround.store.schema import (
    APPLICATION_ID,
    COMMON,
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    REQUIRED,
    SCHEMA_VERSION,
    TABLES,
    migrations,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # what an SQLite INTEGER can hold

log = logging.getLogger(__name__)

Row = dict[str, Any]


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _split_sql(script: str) -> list[str]:
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _encodable(text: str) -> bool:
    """False for text SQLite cannot store as UTF-8 (lone surrogates from broken input)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def say(key: str, /, **values: Any) -> str:
    """The coaching words (nextround.words), loaded on first use: `import nextround` stays light."""
    from nextround import words

    return words.say(key, **values)


def _too_long(table: str, field: str, length: int) -> JournalError:
    return JournalError(say("frame.limits.text_too_long", field=f"{table}.{field}",
                            length=f"{length:,}", limit=f"{MAX_TEXT_CHARS:,}"))


def _bad(table: str, field: str, problem: str) -> BadValue:
    """A value the field cannot hold: a person meets this in a backup or a form."""
    return BadValue(f"{table}.{field}", problem)


def check_value(table: str, field: str, value: Any) -> Any:
    """Validate one value against the field's declared type and return it in storage form."""
    kind = TABLES[table].get(field) or COMMON.get(field)
    if kind is None:
        raise JournalError(f"{table} has no field {field!r}")
    if value is None:
        return None
    if kind == "text":
        if not isinstance(value, str):
            raise _bad(table, field, say("journal.errors.not_text", kind=type(value).__name__))
        if not _encodable(value):
            raise _bad(table, field, say("journal.errors.unsavable"))
        if len(value) > MAX_TEXT_CHARS:
            raise _too_long(table, field, len(value))
        return value
    if kind in ("int",) or kind.startswith("ref:"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(table, field, say("journal.errors.not_whole"))
        if not INT_MIN <= value <= INT_MAX:
            raise _bad(table, field, say("journal.errors.out_of_range"))
        return value
    if kind == "real":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _bad(table, field, say("journal.errors.not_number"))
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise _bad(table, field, say("journal.errors.not_bool"))
        return int(value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        raise _bad(table, field, say("journal.errors.not_date"))
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.timezone.utc)
            return value.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace(
                "+00:00", "Z")
        if isinstance(value, str):
            try:
                dt.datetime.fromisoformat(value)
                return value
            except ValueError:
                pass
        raise _bad(table, field, say("journal.errors.not_datetime"))
    if kind == "json":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise _bad(table, field, say("journal.errors.not_list"))
        if not all(_encodable(v) for v in value):
            raise _bad(table, field, say("journal.errors.unsavable"))
        if len(value) > MAX_LIST_ITEMS:
            raise _bad(table, field, say("journal.errors.too_many", count=f"{len(value):,}",
                                         limit=f"{MAX_LIST_ITEMS:,}"))
        longest = max((len(v) for v in value), default=0)
        if longest > MAX_TEXT_CHARS:
            raise _too_long(table, field, longest)
        return json.dumps(list(value), ensure_ascii=False)
    raise AssertionError(kind)


def _decode(table: str, row: sqlite3.Row) -> Row:
    out = {}
    fields = TABLES[table]
    for key in row.keys():
        value = row[key]
        kind = fields.get(key)
        if kind == "json":
            value = json.loads(value) if value else []
        elif kind == "bool" and value is not None:
            value = bool(value)
        out[key] = value
    return out


class Journal:
    """One person's journal. Use `open_journal()` or `Journal.open()` to get one."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only_reason: str | None = None):
        self.path = path
        self._conn = conn
        self.read_only_reason = read_only_reason
        self._depth = 0
        self._changed: set[str] = set()
        self._listeners: list[Callable[[set[str]], None]] = []
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = False) -> "Journal":
        from nextround import words  # noqa: F401 (loaded: its errors speak the words in use)

        path = Path(path).expanduser().absolute()
        _remove_abandoned_builds(path)
        if not path.exists():
            if not create:
                raise JournalNotFound(path)
            return cls._create(path)
        if path.is_dir():
            raise NotAJournal(path, say("journal.errors.folder"))
        cls._inspect(path)
        return cls._open_existing(path)

    @staticmethod
    def _connect(path: Path, mode: str) -> sqlite3.Connection:
        uri = f"{path.as_uri()}?mode={mode}"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        return conn

    @classmethod
    def _connect_read_only(cls, path: Path) -> sqlite3.Connection:
        """A connection that cannot write, also in a folder nobody may write to.

        There (a read-only disk or share) SQLite cannot make the index a WAL journal needs,
        and would call a healthy journal unopenable; with no write-ahead log beside it the
        file can only be read as it is, which `immutable` tells SQLite.
        """
        if not os.access(path.parent, os.W_OK) and not path.with_name(path.name + "-wal").exists():
            return cls._connect(path, "ro&immutable=1")
        return cls._connect(path, "ro")

    @classmethod
    def _inspect(cls, path: Path) -> None:
        """Decide whether `path` is a healthy journal of ours without writing to it."""
        try:
            with open(path, "rb") as f:
                header = f.read(100)
        except OSError as exc:
            raise JournalError(say("journal.errors.cannot_read", path=path,
                                   reason=exc.strerror)) from exc
        if len(header) == 0:
            raise NotAJournal(path, say("journal.errors.empty"))
        if not header.startswith(SQLITE_MAGIC):
            raise NotAJournal(path, say("journal.errors.not_sqlite"))
        if len(header) < 100:
            raise DamagedJournal(path, say("journal.errors.truncated"))
        app_id = int.from_bytes(header[68:72], "big")
        if app_id != APPLICATION_ID:
            raise NotAJournal(path, say("journal.errors.other_program"))
        # A read-only connection never checkpoints or rewrites the file it inspects.
        try:
            conn = cls._connect_read_only(path)
            try:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise DamagedJournal(path, str(exc)) from exc
        if result != "ok":
            raise DamagedJournal(path, say("journal.errors.integrity", result=result))

    @classmethod
    def _open_existing(cls, path: Path) -> "Journal":
        try:
            conn = cls._connect_read_only(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.close()
        except sqlite3.DatabaseError as exc:
            raise DamagedJournal(path, str(exc)) from exc
        if version > SCHEMA_VERSION:
            conn = cls._connect_read_only(path)
            conn.execute("PRAGMA query_only = ON")
            reason = say("journal.errors.newer_version", path=path, version=version,
                         known=SCHEMA_VERSION)
            return cls(path, conn, read_only_reason=reason)
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            conn = cls._connect_read_only(path)
            reason = say("journal.errors.not_writable", path=path)
            return cls(path, conn, read_only_reason=reason)
        conn = cls._connect(path, "rw")
        journal = cls(path, conn)
        try:
            journal._configure()
            if version < SCHEMA_VERSION:
                journal._migrate(version)
        except BaseException:
            conn.close()  # a failed upgrade must not leave a connection (and -wal) behind
            raise
        return journal

    @classmethod
    def _create(cls, path: Path) -> "Journal":
        """Build the new journal beside `path`, then link it into place in one step.

        Several kernels may start on a fresh folder at once: none of them may ever see a
        half-made (empty) journal, and the first one to finish wins; the others open it.
        """
        paths.make_private_dir(path.parent)
        try:
            cls._build(path)
        except (sqlite3.OperationalError, OSError) as exc:
            reason = say("journal.errors.disk_full") if ("full" in str(exc) or getattr(
                exc, "errno", None) == 28) else str(exc)
            raise JournalError(say("journal.errors.cannot_start", folder=path.parent,
                                   reason=reason)) from exc
        cls._inspect(path)
        return cls._open_existing(path)

    @classmethod
    def _build(cls, path: Path) -> None:
        temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}."
                              f"{_HOST}.new")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        os.chmod(temp, 0o600)
        try:
            conn = cls._connect(temp, "rw")
            try:
                journal = cls(temp, conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                journal._configure()
                journal._migrate(0)
                # Move everything from the write-ahead log into the file now, and fail loudly
                # if that is impossible (a full disk): close() would only try quietly, and the
                # log is deleted below, which would leave a half-made journal in place.
                busy, logged, moved = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy or logged != moved:
                    raise sqlite3.OperationalError("database or disk is full")
            finally:
                conn.close()
            try:
                os.link(temp, path)  # atomic, and never replaces a journal made meanwhile
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not path.exists():
                    os.replace(temp, path)
        finally:
            for leftover in (temp, temp.with_name(temp.name + "-wal"),
                             temp.with_name(temp.name + "-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()

    def _configure(self) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    def _migrate(self, from_version: int) -> None:
        with self.transaction():
            # Re-read inside the write lock: another kernel may have migrated meanwhile.
            current = self._conn.execute("PRAGMA user_version").fetchone()[0]
            for number, script in migrations():
                if number <= max(current, from_version):
                    continue
                for statement in _split_sql(script):
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    @property
    def state(self) -> tuple[int, int] | None:
        """A token that changes whenever the journal may have changed since it was last read:
        a write on this connection, or a commit from another tab or kernel. What was read
        under an equal token is still current. None while a write is open here: what is read
        then may yet be rolled back."""
        if self._conn.in_transaction:
            return None
        return (self._conn.execute("PRAGMA data_version").fetchone()[0], self._conn.total_changes)

    # ----------------------------------------------------------- transactions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write. Nested calls join the outer transaction."""
        if self.read_only:
            raise ReadOnlyJournal(self.read_only_reason)
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self._changed.clear()
                    # SQLite rolls back by itself on some errors (SQLITE_FULL, SQLITE_IOERR):
                    # a second ROLLBACK would hide the real error behind "no transaction".
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                try:
                    self._conn.execute("COMMIT")
                except BaseException:
                    # A failed COMMIT (disk full, I/O error, deferred constraint) leaves the
                    # transaction open and the write lock held: release both.
                    self._changed.clear()
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                changed, self._changed = self._changed, set()
                if changed:
                    self._notify(changed)

    def subscribe(self, listener: Callable[[set[str]], None]) -> Callable[[], None]:
        """Call `listener(tables)` after each committed write in this process. Returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    @property
    def listener_count(self) -> int:
        """How many listeners hear this journal's writes (each open chart, list, figure…)."""
        return len(self._listeners)

    def _notify(self, tables: set[str]) -> None:
        # The write is already committed: a failing listener (say, a chart that cannot redraw)
        # must not make it look unsaved, nor keep the other listeners from hearing about it.
        for listener in list(self._listeners):
            try:
                listener(set(tables))
            except Exception:
                log.exception("A journal listener failed after a committed write")

    # ------------------------------------------------------------ rows: read
    def _check_table(self, table: str) -> None:
        if table not in TABLES:
            raise JournalError(f"Unknown kind of entry: {table!r}")

    def get(self, table: str, row_id: int) -> Row | None:
        self._check_table(table)
        row = self._conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
        return _decode(table, row) if row else None

    def rows(self, table: str, where: dict[str, Any] | None = None,
             order_by: str = "id") -> list[Row]:
        self._check_table(table)
        sql = f"SELECT * FROM {table}"
        params: list[Any] = []
        if where:
            clauses = []
            for field, value in where.items():
                check_value(table, field, None)  # validates the field name
                if value is None:
                    clauses.append(f"{field} IS NULL")
                else:
                    clauses.append(f"{field} = ?")
                    params.append(check_value(table, field, value))
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY " + self._order_clause(table, order_by)
        return [_decode(table, r) for r in self._conn.execute(sql, params)]

    @staticmethod
    def _order_clause(table: str, order_by: str) -> str:
        """`order_by` as "field [ASC|DESC], ..." with every field checked; nothing else passes."""
        terms = []
        for part in order_by.split(","):
            words = part.split()
            if not words or len(words) > 2 or (
                    len(words) == 2 and words[1].upper() not in ("ASC", "DESC")):
                raise JournalError(f"Cannot sort {table} by {order_by!r}")
            check_value(table, words[0], None)
            terms.append(" ".join([words[0], *(w.upper() for w in words[1:])]))
        return ", ".join(terms)

    def rows_by_id(self, table: str, ids: Iterable[int]) -> dict[int, Row]:
        """The rows with these ids, by id: a few hundred per statement, as SQLite binds only
        so many values at once."""
        self._check_table(table)
        wanted = sorted(set(ids))
        found: dict[int, Row] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
                found[row["id"]] = _decode(table, row)
        return found

    def count(self, table: str) -> int:
        self._check_table(table)
        return self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def is_empty(self) -> bool:
        return all(self.count(t) == 0 for t in TABLES if t != "settings")

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Read-only SQL for the analysis layer."""
        return self._conn.execute(sql, tuple(params)).fetchall()

    def records(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        """Read-only SQL with rows as plain tuples: for reading whole tables into frames,
        where making a named row for each one costs a third of the read."""
        cursor = self._conn.cursor()
        cursor.row_factory = None
        try:
            return cursor.execute(sql, tuple(params)).fetchall()
        finally:
            cursor.close()

    # ----------------------------------------------------------- rows: write
    def add(self, table: str, **values: Any) -> Row:
        self._check_table(table)
        missing = [f for f in REQUIRED.get(table, ()) if values.get(f) in (None, "")]
        if missing:
            raise JournalError(say("journal.errors.needs", table=table,
                                   fields=", ".join(missing)))
        stored = {k: check_value(table, k, v) for k, v in values.items() if k not in COMMON}
        now = utc_now()
        stored["created_at"] = check_value(table, "created_at", values.get("created_at") or now)
        stored["updated_at"] = check_value(table, "updated_at", values.get("updated_at") or now)
        if values.get("id") is not None:
            stored["id"] = check_value(table, "id", values["id"])
        if values.get("rev") is not None:
            stored["rev"] = check_value(table, "rev", values["rev"])
        cols = ", ".join(stored)
        marks = ", ".join("?" for _ in stored)
        with self.transaction() as conn:
            cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(stored.values()))
            self._changed.add(table)
            new_id = cur.lastrowid
        return self.get(table, new_id)

    def update(self, table: str, row_id: int, rev: int, **values: Any) -> Row:
        """Change fields of one entry that the caller read at revision `rev`."""
        self._check_table(table)
        stored = {k: check_value(table, k, v) for k, v in values.items()}
        for k in COMMON:
            stored.pop(k, None)
        sets = ", ".join(f"{k} = ?" for k in stored)
        sets = (sets + ", " if sets else "") + "rev = rev + 1, updated_at = ?"
        with self.transaction() as conn:
            cur = conn.execute(f"UPDATE {table} SET {sets} WHERE id = ? AND rev = ?",
                               [*stored.values(), utc_now(), row_id, rev])
            if cur.rowcount != 1:
                raise ChangedElsewhere(table, row_id)
            self._changed.add(table)
        return self.get(table, row_id)

    def delete(self, table: str, row_id: int, rev: int | None = None) -> None:
        self._check_table(table)
        with self.transaction() as conn:
            if rev is None:
                cur = conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            else:
                cur = conn.execute(f"DELETE FROM {table} WHERE id = ? AND rev = ?", (row_id, rev))
                if cur.rowcount != 1:
                    raise ChangedElsewhere(table, row_id)
            self._changed.add(table)

    def find_one(self, table: str, **where: Any) -> Row | None:
        found = self.rows(table, where)
        return found[0] if found else None

    def upsert(self, table: str, key: dict[str, Any], rev: int | None = None, **values: Any) -> Row:
        """Save the entry identified by `key` (a unique field set), creating it if new.

        `rev` is the revision the caller last read (None if it saw no entry); a mismatch means
        another writer changed or created it first.
        """
        with self.transaction():
            existing = self.find_one(table, **key)
            if existing is None:
                if rev is not None:
                    raise ChangedElsewhere(table, -1)
                return self.add(table, **key, **values)
            if rev is None:
                raise ChangedElsewhere(table, existing["id"])
            return self.update(table, existing["id"], rev, **values)

    # --------------------------------------------------------------- settings
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.find_one("settings", key=key)
        return json.loads(row["value"]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        encoded = json.dumps(value, ensure_ascii=False)
        with self.transaction() as conn:
            now = utc_now()
            conn.execute(
                "INSERT INTO settings (key, value, created_at, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, rev = rev + 1, "
                "updated_at = excluded.updated_at", (key, encoded, now, now))
            self._changed.add("settings")

    # ------------------------------------------------------------- housekeeping
    def integrity_ok(self) -> bool:
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def backup_to(self, target: Path) -> None:
        """Copy the live journal (WAL included) with SQLite's backup API."""
        if self._depth:  # SQLite cannot copy from a writing connection: Python would retry forever
            raise JournalError("The journal cannot be copied in the middle of a write.")
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))  # never readable by others
        dest = sqlite3.connect(target)
        try:
            self._conn.backup(dest)
        finally:
            dest.close()
        os.chmod(target, 0o600)


_HOST = socket.gethostname().replace(".", "_").replace(os.sep, "_") or "host"


def _remove_abandoned_builds(path: Path) -> None:
    """Delete the half-made journals that a start killed mid-creation left beside `path`.

    A new journal is built as `.journal.sqlite3.<pid>.<thread>.<host>.new` and linked into
    place; a start killed meanwhile leaves it behind. Only files made on this computer by a
    process that no longer runs are deleted: a live process's build is never touched, nor one
    from another computer sharing the folder (its process ids mean nothing here).
    """
    try:
        leftovers = list(path.parent.glob(f".{glob.escape(path.name)}.*.new*"))
    except OSError:
        return
    for leftover in leftovers:
        match = re.fullmatch(rf"\.{re.escape(path.name)}\.(\d+)\.\d+(?:\.([^.]+))?\.new"
                             r"(?:-wal|-shm)?", leftover.name)
        if not match or (match[2] is not None and match[2] != _HOST):
            continue
        pid = int(match[1])
        if pid == os.getpid() or _running(pid):
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and is someone else's
        return True
    return True


def open_journal(data: str | os.PathLike | None = None, *, create: bool = True) -> Journal:
    """Open the journal in `data` (or NEXTROUND_DATA_DIR, or the per-user folder)."""
    return Journal.open(paths.journal_path(data), create=create)
