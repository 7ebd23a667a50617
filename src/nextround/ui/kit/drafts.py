"""Text typed in the browser and not yet saved: what the page frame needs in order to keep it.

When a page loses its kernel (a crash, a culled or restarted kernel, a dropped connection), what
is typed afterwards never reaches Python. The page frame's script (`frame.js` in NextRound's
Voila template) therefore keeps every text field's typing in the browser's own storage until
Python confirms the journal holds it, and offers it back after a reload. For that it must know,
for each text field of a save-as-you-type form, which entry and field it edits and what the
journal holds for that field now. ipywidgets cannot set arbitrary attributes on a widget's
element, but its `_dom_classes` travel with the widget, so a bound field carries:

- `nr-draft`: its typing is kept;
- `nr-draft-key-<key>`: which entry and field (a hash: it says nothing of what is written);
- `nr-draft-saved-<hash>`: a hash of what the journal holds for the field, renewed after every
  save. A draft whose text has this hash is saved and can go; a draft typed over another
  value than the one saved now was overtaken by a save elsewhere, and is shown beside it.

`text_hash` is the same function as `hash` in `frame.js` (cyrb53 over UTF-16 code units).
The drafts of one journal are kept apart from other journals' by `journal_id`, a random id
kept in the journal's settings: it reveals nothing of where the journal is. Drafts never leave
the browser; "start afresh" asks the page to forget them (`forget_all`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
import weakref
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from nextround.errors import JournalError

if TYPE_CHECKING:
    from nextround.store.journal import Journal

log = logging.getLogger(__name__)

ID_SETTING = "page_frame_id"
PREFIX = "nr-draft"
_M32 = 0xFFFFFFFF


def text_hash(text: str) -> str:
    """cyrb53 of `text` as base 36: equal to `hash(text)` in the frame's script."""
    units = text.encode("utf-16-le", "surrogatepass")
    h1, h2 = 0xDEADBEEF, 0x41C6CE57
    for i in range(0, len(units), 2):
        ch = units[i] | (units[i + 1] << 8)
        h1 = ((h1 ^ ch) * 2654435761) & _M32
        h2 = ((h2 ^ ch) * 1597334677) & _M32
    h1 = ((h1 ^ (h1 >> 16)) * 2246822507) & _M32
    h1 ^= ((h2 ^ (h2 >> 13)) * 3266489909) & _M32
    h2 = ((h2 ^ (h2 >> 16)) * 2246822507) & _M32
    h2 ^= ((h1 ^ (h1 >> 13)) * 3266489909) & _M32
    return _base36(4294967296 * (2097151 & h2) + h1)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def stored_text(value: Any) -> str:
    """The text a field shows for what the journal holds (nothing: an empty field)."""
    return value if isinstance(value, str) and value.strip() else ""


def field_key(table: str, identity: dict[str, Any], field: str) -> str:
    """A name for one field of one entry, the same in every kernel and across reloads."""
    text = json.dumps([table, identity, field], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _text_fields(form: Any) -> dict[str, widgets.Widget]:
    return {name: widget for name, widget in form.fields.items()
            if isinstance(widget, (widgets.Text, widgets.Textarea))}


def _identity(form: Any) -> dict[str, Any] | None:
    if form.key:  # one entry per owner: the same name before and after its first save
        return dict(form.key)
    if form.row is not None:
        return {"id": form.row["id"]}
    return None


def _set_classes(widget: widgets.Widget, classes: list[str]) -> None:
    kept = [c for c in widget._dom_classes if not c.startswith(PREFIX)]
    new = tuple(kept + classes)
    if new != tuple(widget._dom_classes):
        widget._dom_classes = new  # one message per field, not one per class


def bind(form: Any) -> None:
    """Name each text field of `form` after the entry it now shows (call after `load`)."""
    identity = _identity(form)
    for name, widget in _text_fields(form).items():
        if identity is None:
            _set_classes(widget, [])
            continue
        _set_classes(widget, [PREFIX, f"{PREFIX}-key-{field_key(form.table, identity, name)}",
                              f"{PREFIX}-saved-{text_hash(stored_text(widget.value))}"])


def saved(form: Any) -> None:
    """Tell the page what the journal holds now for each text field (call after a save)."""
    row = form.row or {}
    identity = _identity(form)
    if identity is None:
        return
    for name, widget in _text_fields(form).items():
        _set_classes(widget, [PREFIX, f"{PREFIX}-key-{field_key(form.table, identity, name)}",
                              f"{PREFIX}-saved-{text_hash(stored_text(row.get(name)))}"])


def journal_id(journal: Journal) -> str | None:
    """The journal's id for the browser's drafts, made on first use; None if it cannot be kept."""
    try:
        known = journal.setting(ID_SETTING)
        if isinstance(known, str) and known:
            return known
        if journal.read_only:
            return None
        made = secrets.token_hex(12)
        journal.set_setting(ID_SETTING, made)
        return made
    except (JournalError, sqlite3.Error, OSError) as exc:
        log.warning("no id for the browser's drafts: %s", exc)
        return None


# What each page of this kernel told the browser, by journal, so "start afresh" reaches it.
_listeners: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def on_forget(journal: Journal, listener):
    """Call `listener()` when the browser is to forget the drafts of `journal`. Returns a
    function that stops it."""
    listeners = _listeners.setdefault(journal, [])
    listeners.append(listener)
    return lambda: listeners.remove(listener) if listener in listeners else None


def forget_all(journal: Journal) -> None:
    """Ask every page of this kernel to forget the browser's drafts of `journal` (start afresh)."""
    for listener in list(_listeners.get(journal, ())):
        try:
            listener()
        except Exception:  # the journal is emptied already: one deaf page must not undo it
            log.exception("a page did not hear that its drafts are forgotten")
