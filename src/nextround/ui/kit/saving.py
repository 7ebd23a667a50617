"""Saving as the person types: a form kept in step with one journal entry, its visible
saved / unsaved / error state, and the one way every widget writes and reports a failed write.

A save that lost a race with another tab is refused ("changed elsewhere — reload") and the
typed text stays in the form; so does the text of any other failed write.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import traitlets

from nextround.errors import JournalError
from nextround.safe_text import html_text
from nextround.store.journal import Journal, Row
from nextround.ui.kit import drafts
from nextround.ui.kit.inputs import CheckboxGroup
from nextround.ui.kit.kernel import kernel_loop
from nextround.ui.kit.looks import layout, style
from nextround.ui.widget_internals import is_selection, option_pairs
from nextround.words import say

log = logging.getLogger(__name__)


class Debouncer:
    """Run `action` once typing pauses. Outside a kernel's event loop (plain Python, tests) it
    runs at once, so nothing waits on a timer that never fires."""

    def __init__(self, action: Callable[[], None], delay: float = 0.6):
        self.action = action
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        loop = kernel_loop()
        if loop is None:
            self.action()
            return
        self.cancel()
        self._handle = loop.call_later(self.delay, self._fire)

    def _fire(self) -> None:
        self._handle = None
        self.action()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def flush(self) -> None:
        if self.pending:
            self.cancel()
            self.action()


class SaveStatus(widgets.HTML):
    """Says in words whether what is on screen is in the journal."""

    state = traitlets.Unicode("idle")

    def __init__(self):
        super().__init__("", layout=layout(), style=style(widgets.HTML),
                         _dom_classes=("nr-status",))
        self.idle()

    def _show(self, state: str, text: str) -> None:
        for cls in ("saved", "unsaved", "error"):
            self.remove_class(f"nr-status-{cls}")
        if state in ("saved", "unsaved", "error"):
            self.add_class(f"nr-status-{state}")
        self.value = text
        self.state = state

    def idle(self) -> None:
        self._show("idle", "")

    def unsaved(self) -> None:
        self._show("unsaved", html_text(say("kit.unsaved")))

    def saved(self) -> None:
        self._show("saved", html_text(say("kit.saved_at", time=f"{dt.datetime.now():%H:%M:%S}")))

    def error(self, message: str) -> None:
        self._show("error", html_text(say("kit.not_saved", reason=message)))


def _to_store(widget: widgets.Widget) -> Any:
    value = widget.value
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, tuple):
        return list(value)
    return value


def _to_widget(widget: widgets.Widget, value: Any) -> Any:
    if isinstance(widget, widgets.DatePicker) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(widget, (widgets.Text, widgets.Textarea)):
        return value or ""
    if isinstance(widget, CheckboxGroup):
        return list(value or [])
    if isinstance(widget, (widgets.IntSlider,)) and value is None:
        return widget.min if widget.min > 0 else 0
    if is_selection(widget) and value is not None:
        pairs = option_pairs(widget)
        if value not in [v for _label, v in pairs]:
            # A choice saved under other words (a coach edited coaching.toml, a backup from
            # elsewhere): shown as it was saved, never a crash and never silently replaced.
            widget.options = [*pairs, (str(value), value)]
    return value


# What a write can fail with: the journal's own errors (changed elsewhere, read-only), a value
# the store refuses (ValueError), SQLite's (disk full, locked) and the file system's. Anything
# else is a bug and is not caught.
WRITE_ERRORS = (JournalError, sqlite3.Error, OSError, ValueError)


def save_error_message(exc: Exception) -> str:
    """Plain words for why a save failed; the typed text always stays in the form."""
    if isinstance(exc, JournalError):
        return str(exc)
    text = str(exc).lower()
    if "full" in text:
        return say("kit.write_errors.disk_full")
    if "readonly" in text or "read-only" in text:
        return say("kit.write_errors.read_only")
    if "locked" in text or "busy" in text:
        return say("kit.write_errors.busy")
    return say("kit.write_errors.other", detail=str(exc))


def try_write(write: Callable[[], Any], status: SaveStatus | None = None) -> bool:
    """The one way to write from a widget: run `write()`; if it fails, say why in `status`
    (what the person typed stays where it is) and return False."""
    return save_with(status, write, confirm=False) is not _FAILED


_FAILED = object()


def save_with(status: SaveStatus | None, write: Callable[[], Any], *, confirm: bool = True):
    """Run `write()` and return what it returns, saying "Saved" in `status` (unless `confirm`
    is False); if it fails, say why in `status` and return None (`try_write` tells the two
    apart for writes that return nothing)."""
    try:
        result = write()
    except WRITE_ERRORS as exc:
        log.warning("write failed: %s", exc)
        if status is not None:
            status.error(save_error_message(exc))
        return _FAILED if not confirm else None
    if confirm and status is not None:
        status.saved()
    return result


class RowForm:
    """Keeps `fields` (journal field name → widget) in step with one journal entry.

    `key` names the entry for tables with one entry per owner (e.g. {"process_id": 3} for a
    preparation audit): the first save creates it. Without a key, `load(row)` an existing row.
    """

    def __init__(self, journal: Journal, table: str, fields: dict[str, widgets.Widget], *,
                 status: SaveStatus | None = None, on_saved: Callable[[Row], None] | None = None,
                 delay: float = 0.6):
        self.journal = journal
        self.table = table
        self.fields = fields
        self.status = status or SaveStatus()
        self.on_saved = on_saved
        self.row: Row | None = None
        self.key: dict[str, Any] | None = None
        self._loading = False
        self._save_soon = Debouncer(self.save, delay)
        for widget in fields.values():
            widget.observe(self._changed, "value")
        if journal.read_only:
            self.disable()

    def disable(self) -> None:
        for widget in self.fields.values():
            if hasattr(widget, "disabled"):
                widget.disabled = True

    def load(self, row: Row | None, key: dict[str, Any] | None = None) -> None:
        """Show `row` (or blank fields for a keyed entry not written yet)."""
        self._save_soon.cancel()
        self.row, self.key = row, key
        self._loading = True
        try:
            for name, widget in self.fields.items():
                default = [] if isinstance(widget, CheckboxGroup) else None
                value = row.get(name) if row else default
                widget.value = _to_widget(widget, value)
        finally:
            self._loading = False
        drafts.bind(self)  # the browser keeps typing in these fields until it is saved
        self.status.idle()

    def values(self) -> dict[str, Any]:
        return {name: _to_store(widget) for name, widget in self.fields.items()}

    def _changed(self, _change) -> None:
        if self._loading or (self.row is None and self.key is None):
            return
        self.status.unsaved()
        self._save_soon()

    def save(self) -> bool:
        """Write the form now. Returns True when the journal holds what is on screen."""
        self._save_soon.cancel()
        try:
            if self.row is None:
                row = self.journal.upsert(self.table, self.key or {}, rev=None, **self.values())
            else:
                row = self.journal.update(self.table, self.row["id"], self.row["rev"],
                                          **self.values())
        except WRITE_ERRORS as exc:
            log.warning("save failed: %s", exc)
            self.status.error(save_error_message(exc))
            return False
        self.row = row
        drafts.saved(self)
        self.status.saved()
        if self.on_saved:
            self.on_saved(row)
        return True

    def flush(self) -> None:
        """Save now if a save is waiting for typing to pause."""
        self._save_soon.flush()
