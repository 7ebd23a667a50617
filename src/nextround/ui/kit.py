"""The widget kit every workbook is built from.

- `Section`: an exercise card with a title and a short purpose line.
- `SaveStatus` + `RowForm`: widgets kept in step with one journal entry, saved as the person
  types (debounced), with a visible saved / unsaved / error state. A save that lost a race
  with another tab is refused and the typed text stays in the form.
- Inputs with visible labels: `text_input`, `choice_input`, `date_input`, `RatingInput`,
  `CheckboxGroup`.
- `ListEditor`: an ordered list of cards (stages, takeaways…) with add, move and remove.
- `ProcessPicker`: which process the person is working on, remembered across workbooks.
- `ChartPanel`: a chart redrawn from the journal when its tables change, with a one-line
  summary or a kind word when there is too little data yet.

Widgets that look alike share one layout and one style model (`ui/shared.py`): use the kit's
`layout()`, `label_style()`, `VBox` and `HBox`, and hide or show a widget with `show()`; a
shared layout refuses to be changed in place.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets
import traitlets

from nextround import processes as process_store
from nextround.errors import ChangedElsewhere, JournalError
from nextround.journal import Journal, Row
from nextround.paths import on_temporary_server
from nextround.safe_text import html_text
from nextround.ui import drafts, frame
from nextround.ui.shared import HBox, VBox, layout, show  # noqa: F401 (the kit's)
from nextround.ui.shared import style as shared_style
from nextround.words import words

log = logging.getLogger(__name__)

LABEL_WIDTH = "11rem"

CSS = """
<style>
.nr-section { border: 1px solid var(--jp-border-color2, #d0d4da); border-radius: 8px;
  padding: 12px 16px 14px; margin: 10px 0 18px; background: var(--jp-layout-color1, transparent); }
.nr-title { font-size: 1.15em; font-weight: 600; margin: 0 0 2px;
  color: var(--jp-ui-font-color0, inherit); }
.nr-purpose { color: var(--jp-ui-font-color2, #5f6670); margin: 0 0 8px; }
.nr-prompt { color: var(--jp-ui-font-color1, inherit); margin: 6px 0 2px; font-weight: 500; }
.nr-status { font-size: 0.9em; min-height: 1.4em; }
.nr-status-saved { color: var(--jp-success-color1, #2e7d32); }
.nr-status-unsaved { color: var(--jp-warn-color1, #a05a00); }
.nr-status-error { color: var(--jp-error-color1, #c62828); font-weight: 600; }
.nr-notice { border-left: 4px solid var(--jp-brand-color1, #2a7ab0); padding: 6px 10px;
  margin: 6px 0; background: var(--jp-layout-color2, rgba(42,122,176,0.08)); border-radius: 4px; }
.nr-notice-warn { border-left-color: var(--jp-warn-color1, #a05a00); }
.nr-notice-error { border-left-color: var(--jp-error-color1, #c62828); }
.nr-card { border: 1px solid var(--jp-border-color2, #d0d4da); border-radius: 6px;
  padding: 8px 12px; margin: 6px 0; }
.nr-card-title { font-weight: 600; margin-bottom: 4px; }
.nr-summary { color: var(--jp-ui-font-color1, inherit); margin: 2px 0 8px; }
.nr-muted { color: var(--jp-ui-font-color2, #5f6670); }
.nr-figure { font-size: 1.6em; font-weight: 600; }
.nr-chart { min-height: 60px; }
.nr-list { margin: 4px 0; padding-left: 1.3em; }
</style>
"""


# Layouts and styles: widgets with the same look share one model of each (see `shared`).
def label_style(widget_class: type[widgets.DOMWidget] = widgets.Dropdown, **traits):
    """The shared style of a control with its label in the kit's label column."""
    return shared_style(widget_class, description_width=LABEL_WIDTH, **traits)


def style_sheet() -> widgets.HTML:
    """The kit's CSS; shown once at the top of every workbook."""
    return widgets.HTML(CSS, layout=layout(display="none"))


def html(markup: str, *classes: str, **layout_traits) -> widgets.HTML:
    """Trusted markup (our own words). Wrap any user text in `safe_text.html_text` first."""
    # Classes given at creation travel with the widget, not in a message of their own.
    return widgets.HTML(markup, layout=layout(**layout_traits), style=shared_style(widgets.HTML),
                        _dom_classes=classes)


def notice(markup: str, kind: str = "info") -> widgets.HTML:
    return html(markup, "nr-notice", *([f"nr-notice-{kind}"] if kind != "info" else []))


def prompt(text: str) -> widgets.HTML:
    return html(html_text(text), "nr-prompt")


class Section(VBox):
    """One exercise: a title, a line on why it helps, then its content."""

    def __init__(self, title: str, purpose: str, children: Iterable[widgets.Widget] = ()):
        header = [html(html_text(title), "nr-title")] if title else []
        if purpose:
            header.append(html(html_text(purpose), "nr-purpose"))
        super().__init__(header + list(children), layout=layout(width="100%"),
                         _dom_classes=("nr-section",))
        self._header = header

    def set_content(self, children: Iterable[widgets.Widget]) -> None:
        self.children = self._header + list(children)


# ---------------------------------------------------------------------------------- inputs
def text_input(label: str, placeholder: str = "", *, multiline: bool = False,
               rows: int = 3) -> widgets.Widget:
    if multiline:
        widget = widgets.Textarea(description=label, placeholder=placeholder, rows=rows,
                                  style=label_style(widgets.Text), layout=layout(width="100%"),
                                  continuous_update=True)
    else:
        widget = widgets.Text(description=label, placeholder=placeholder,
                              style=label_style(widgets.Text), layout=layout(width="100%"),
                              continuous_update=True)
    return widget


def choice_input(label: str, options: Iterable[str], *, blank: str = "— choose —") -> widgets.Dropdown:
    choices = [(blank, None)] + [(option, option) for option in options]
    return widgets.Dropdown(description=label, options=choices, value=None,
                            style=label_style(), layout=layout(width="min(100%, 34rem)"))


def date_input(label: str) -> widgets.DatePicker:
    return widgets.DatePicker(description=label, style=label_style(),
                              layout=layout(width="min(100%, 24rem)"))


class RatingInput(widgets.ToggleButtons):
    """A rating on a short labelled scale; `value` is the index (0 or 1 based) or None."""

    def __init__(self, label: str, levels: list[str], *, start: int = 0, **kwargs):
        options = [(text, start + i) for i, text in enumerate(levels)]
        kwargs.setdefault("layout", layout())
        super().__init__(description=label, options=options, value=None,
                         style=label_style(widgets.ToggleButtons, button_width="auto"),
                         tooltips=list(levels), **kwargs)


class CheckboxGroup(VBox):
    """Several checkboxes under one visible label; `value` is the list of ticked options."""

    value = traitlets.List(traitlets.Unicode())

    def __init__(self, label: str, options: Iterable[str], columns: int = 3):
        self._boxes = {option: widgets.Checkbox(description=option, indent=False,
                                                layout=layout(width="auto"),
                                                style=shared_style(widgets.Checkbox))
                       for option in options}
        grid = widgets.GridBox(list(self._boxes.values()), layout=layout(
            grid_template_columns=f"repeat(auto-fill, minmax({12 if columns > 2 else 16}rem, 1fr))"))
        super().__init__([prompt(label), grid], layout=layout())
        self._syncing = False
        for box in self._boxes.values():
            box.observe(self._box_changed, "value")

    def _box_changed(self, _change) -> None:
        if not self._syncing:
            # Names with no box here (saved under other words) are kept, not dropped.
            kept = [name for name in self.value if name not in self._boxes]
            self.value = kept + [name for name, box in self._boxes.items() if box.value]

    @traitlets.observe("value")
    def _value_changed(self, change) -> None:
        self._syncing = True
        try:
            for name, box in self._boxes.items():
                box.value = name in change["new"]
        finally:
            self._syncing = False


# ------------------------------------------------------------------------------ saving
def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the Jupyter kernel we run in, if any.

    Only a kernel's loop is sure to keep running between messages. Elsewhere (plain Python,
    pytest, or a process where some other library drives a loop now and then) a timer might
    never fire, so callers act at once instead.
    """
    shell = None
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        pass
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Run `action` once typing pauses. Outside a kernel's event loop (plain Python, tests) it
    runs at once, so nothing waits on a timer that never fires."""

    def __init__(self, action: Callable[[], None], delay: float = 0.6):
        self.action = action
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        loop = _kernel_loop()
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
        super().__init__("", layout=layout(), style=shared_style(widgets.HTML),
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
        self._show("unsaved", "Unsaved changes…")

    def saved(self) -> None:
        self._show("saved", f"Saved at {dt.datetime.now():%H:%M:%S}")

    def error(self, message: str) -> None:
        self._show("error", "Not saved: " + html_text(message))


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
    if (isinstance(widget, widgets.widget_selection._Selection) and value is not None
            and value not in widget._options_values):
        # A choice saved under other words (a coach edited coaching.toml, a backup from
        # elsewhere): shown as it was saved, never a crash and never silently replaced.
        widget.options = [*zip(widget._options_labels, widget._options_values),
                          (str(value), value)]
    return value


def save_error_message(exc: Exception) -> str:
    """Plain words for why a save failed; the typed text always stays in the form."""
    if isinstance(exc, JournalError):
        return str(exc)
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full. Free some space; what you typed is still here."
    if "readonly" in text or "read-only" in text:
        return "the journal cannot be written (read-only). What you typed is still here."
    if "locked" in text or "busy" in text:
        return "the journal is busy in another window. Try again in a moment."
    return f"the journal could not be written ({exc}). What you typed is still here."


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
            if isinstance(widget, CheckboxGroup):
                for box in widget._boxes.values():
                    box.disabled = True

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
        except ChangedElsewhere as exc:
            self.status.error(str(exc))
            return False
        except (JournalError, sqlite3.Error, OSError) as exc:
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


# ---------------------------------------------------------------------------- buttons
def button(label: str, *, style: str = "", tooltip: str = "", width: str = "auto") -> widgets.Button:
    """A button whose words say what it does (icons load from a CDN and may be missing)."""
    return widgets.Button(description=label, button_style=style, tooltip=tooltip or label,
                          layout=layout(width=width), style=shared_style(widgets.Button))


class ConfirmButton(HBox):
    """A destructive action that asks once more before it runs."""

    def __init__(self, label: str, question: str, action: Callable[[], None]):
        self._action = action
        self._start = button(label)
        self._question = html(html_text(question), "nr-muted")
        self._yes = button("Yes, " + label.lower(), style="danger")
        self._no = button("Keep it")
        self._start.on_click(lambda _b: self._ask(True))
        self._no.on_click(lambda _b: self._ask(False))
        self._yes.on_click(self._confirmed)
        super().__init__([self._start])

    def _ask(self, asking: bool) -> None:
        self.children = [self._question, self._yes, self._no] if asking else [self._start]

    def _confirmed(self, _b) -> None:
        self._ask(False)
        self._action()

    @property
    def disabled(self) -> bool:
        return self._start.disabled

    @disabled.setter
    def disabled(self, value: bool) -> None:
        self._start.disabled = value


# ------------------------------------------------------------------------------ lists
class ListEditor(VBox):
    """An ordered list of cards built from journal rows, with an add button.

    `load_rows()` returns the rows in order, `make_card(row)` builds one card, `add_row()`
    creates a new row. Call `refresh()` when the list may have changed.
    """

    def __init__(self, load_rows: Callable[[], list[Row]], make_card: Callable[[Row], widgets.Widget],
                 add_row: Callable[[], Row | None], *, add_label: str, empty_text: str,
                 max_items: int | None = None, read_only: bool = False):
        self._load_rows = load_rows
        self._make_card = make_card
        self._add_row = add_row
        self.max_items = max_items
        self.add_button = button(add_label, style="primary")
        self.add_button.on_click(lambda _b: self.add())
        self.add_button.disabled = read_only
        self.error = SaveStatus()
        self._empty_text = empty_text
        self.cards: list[widgets.Widget] = []
        super().__init__([])
        self.refresh()

    def refresh(self) -> None:
        rows = self._load_rows()
        self.cards = [self._make_card(row) for row in rows]
        body: list[widgets.Widget] = list(self.cards)
        if not rows:
            body = [html(html_text(self._empty_text), "nr-muted")]
        full = self.max_items is not None and len(rows) >= self.max_items
        show(self.add_button, not full)
        self.children = body + [HBox([self.add_button, self.error])]

    def add(self) -> None:
        try:
            self._add_row()
        except (JournalError, sqlite3.Error, OSError) as exc:
            self.error.error(save_error_message(exc))
            return
        self.error.idle()
        self.refresh()


# ---------------------------------------------------------------------- process picker
class ProcessPicker(VBox):
    """Choose the interview process to work on; the choice is shared by every workbook.

    The list holds the `SHOWN` most recently logged processes. A longer history gets a search
    box: typing narrows the list to the processes whose name, role or date contain the words,
    and never changes the process being worked on (it stays in the list) until one is chosen.
    """

    process_id = traitlets.Int(None, allow_none=True)
    SHOWN = 50

    def __init__(self, journal: Journal, *, allow_new: bool = True):
        self.journal = journal
        self._refreshing = False
        self.search = text_input("Find a process", "Type part of the company or the role")
        self.search.add_class("nr-process-search")
        self.count_line = html("", "nr-muted")
        self.dropdown = widgets.Dropdown(description="Process", style=label_style(),
                                         layout=layout(width="min(100%, 40rem)"))
        self.company = text_input("Company", "e.g. Acme Analytics")
        self.role = text_input("Role", "e.g. Senior data engineer")
        self.add_button = button("Add this process", style="primary")
        self.add_button.on_click(self._add)
        self.status = SaveStatus()
        self.new_form = VBox([
            prompt("Log a new interview process"), self.company, self.role,
            HBox([self.add_button, self.status]),
        ])
        self.new_form.add_class("nr-new-process")
        show(self.new_form, allow_new)
        super().__init__([self.search, self.dropdown, self.count_line, self.new_form])
        self.refresh()
        self.dropdown.observe(self._picked, "value")
        self.search.observe(lambda _change: self._list(), "value")
        if journal.read_only:
            self.add_button.disabled = True

    def refresh(self, select: int | None = None) -> None:
        """Read the processes again (one may be new or renamed), then list them."""
        # Only what the labels show: a long history's notes stay in the journal.
        names = ("id", "company", "role", "applied_on")
        rows = [dict(zip(names, record)) for record in self.journal.records(
            f"SELECT {', '.join(names)} FROM processes ORDER BY id DESC")]
        labels = [process_store.describe(row) for row in rows]
        self._labelled = [(label, label.casefold(), row["id"]) for label, row in zip(labels, rows)]
        self._list(select)

    def _list(self, select: int | None = None) -> None:
        """Fill the list from the processes read last: a search reads nothing again."""
        every = self._labelled
        ids = {pid for _label, _folded, pid in every}
        # The process on screen stays chosen while the list changes (a search, a new name).
        current = select if select is not None else (
            self.process_id if self.process_id is not None
            else process_store.current_process_id(self.journal))
        if current not in ids:
            current = every[0][2] if every else None
        words = self.search.value.casefold().split() if len(every) > self.SHOWN else []
        matching = [item for item in every if all(w in item[1] for w in words)]
        listed = matching[:self.SHOWN]
        if current is not None and all(pid != current for _l, _f, pid in listed):
            # The process being worked on stays in the list, first, whatever is typed.
            listed.insert(0, next(item for item in every if item[2] == current))
        options = [(label, pid) for label, _folded, pid in listed]
        # Relabelling the options must not look like a new choice: that would rebuild every
        # exercise under the person's cursor.
        self._refreshing = True
        try:
            self.dropdown.options = options or [("No process logged yet", None)]
            self.dropdown.value = current
        finally:
            self._refreshing = False
        show(self.dropdown, bool(every))
        show(self.search, len(every) > self.SHOWN)
        self.count_line.value = self._count_text(len(every), len(matching), bool(words))
        show(self.count_line, bool(self.count_line.value))
        self.process_id = self.dropdown.value

    def _count_text(self, total: int, matching: int, searching: bool) -> str:
        if total <= self.SHOWN:
            return ""
        if not searching:
            return (f"The {self.SHOWN} most recent of {total:,} processes are in the list: type "
                    "above to find an older one.")
        if not matching:
            return f"No process matches “{html_text(self.search.value.strip())}”."
        if matching > self.SHOWN:
            return (f"{matching:,} processes match; the {self.SHOWN} most recent are in the list: "
                    "type more to narrow them.")
        return f"{matching} {'process matches' if matching == 1 else 'processes match'}."

    def _picked(self, change) -> None:
        if self._refreshing:
            return
        self.process_id = change["new"]
        if change["new"] is not None:
            try:
                process_store.choose_process(self.journal, change["new"])
            except (JournalError, sqlite3.Error, OSError) as exc:
                log.warning("could not remember the chosen process: %s", exc)

    def _add(self, _b=None) -> None:
        company = self.company.value.strip()
        if not company:
            self.status.error("type the company's name first.")
            return
        try:
            process = process_store.add_process(self.journal, company, self.role.value.strip(),
                                                applied_on=dt.date.today())
            process_store.choose_process(self.journal, process["id"])
        except (JournalError, sqlite3.Error, OSError) as exc:
            self.status.error(save_error_message(exc))
            return
        self.company.value = ""
        self.role.value = ""
        self.status.saved()
        self.refresh(select=process["id"])

    @property
    def process(self) -> Row | None:
        return self.journal.get("processes", self.process_id) if self.process_id else None


# ------------------------------------------------------------------------------ charts
DRAWING = "Drawing the chart…"


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


def _running_a_cell(shell) -> bool:
    """Whether the kernel is executing a cell now (not a widget callback)."""
    try:
        parent = shell.kernel.get_parent("shell") or {}
    except Exception:  # an unfamiliar kernel: treat as a callback, draw at once
        return False
    return parent.get("header", {}).get("msg_type") == "execute_request"


class LaterCharts:
    """Charts made while a notebook runs are computed after the run, and shown once seen.

    Voila sends a page only after every cell has run, and building the figures (with the
    pandas and plotly imports they need) was most of a workbook's run. A chart made while a
    cell runs shows "Drawing the chart…" and joins a queue:

    * when the browser displays the chart's widget it says so (ipywidgets' `_view_count`),
      and only then is the chart computed and sent. The browser knows every widget by then,
      so no update can be lost on the way in, and the page's forms are usable before any
      chart is drawn;
    * charts nobody displays within `QUIET` seconds of the last cell (a notebook run without
      a browser) are computed then, one per turn of the kernel's loop so messages are
      answered in between, and sent when displayed. Computing earlier, while the browser
      loads the page's scripts, was measured to slow the page on a two-core machine: the
      browser needs the processor then.

    Outside a kernel (plain Python, tests, the report) and in widget callbacks (someone is
    waiting for that very chart) charts are drawn at once. `flush()` draws everything still
    waiting.
    """

    QUIET = 5.0

    def __init__(self) -> None:
        self.pending: list[ChartPanel | Later] = []
        self._handle: asyncio.Handle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._hooked_shell = None

    def defer(self, item: ChartPanel | Later) -> bool:
        """Queue `item` if a notebook cell is running in a kernel; False: draw it now."""
        shell = _shell()
        loop = _kernel_loop()
        if shell is None or loop is None or not _running_a_cell(shell) or not self._hook(shell):
            return False
        self._loop = loop
        if item not in self.pending:
            self.pending.append(item)
            watched = item.watched
            watched._view_count = 0  # the browser counts this widget's views from now on
            watched.observe(self._seen, "_view_count")
        self._schedule(self.QUIET)
        return True

    def forget(self, item: ChartPanel | Later) -> None:
        if item in self.pending:
            self.pending.remove(item)
            with contextlib.suppress(ValueError):
                item.watched.unobserve(self._seen, "_view_count")

    def flush(self) -> None:
        """Draw everything still waiting, now."""
        self._cancel()
        while self.pending:
            self.pending[0].publish()

    def _seen(self, change) -> None:
        if not change["new"]:
            return
        for item in list(self.pending):
            if item.watched is change["owner"]:
                item.publish()

    # -- kernel hooks
    def _hook(self, shell) -> bool:
        if self._hooked_shell is shell:
            return True
        try:
            shell.events.register("post_run_cell", self._cell_finished)
        except Exception:  # no cell events: draw charts at once
            log.debug("charts are drawn at once", exc_info=True)
            return False
        self._hooked_shell = shell
        return True

    def _cell_finished(self, *_args) -> None:
        if self.pending:
            self._schedule(self.QUIET)

    # -- the queue
    def _schedule(self, delay: float) -> None:
        self._cancel()
        if self._loop is not None and not self._loop.is_closed():
            self._handle = self._loop.call_later(delay, self._prepare_next)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _prepare_next(self) -> None:
        self._handle = None
        waiting = [item for item in self.pending if not item.prepared]
        if waiting:
            waiting[0].prepare()
        if len(waiting) > 1:
            self._schedule(0)


later_charts = LaterCharts()


class Later:
    """Any other costly part of a page (findings computed with pandas…) that waits like a
    chart: `compute()` may be slow, `show(result)` puts it into `watched`, a widget."""

    def __init__(self, watched: widgets.Widget, compute: Callable[[], Any],
                 show: Callable[[Any], None]):
        self.watched = watched
        self._compute = compute
        self._show = show
        self._result: Any = None
        self.prepared = False

    def prepare(self) -> None:
        self._result = self._compute()
        self.prepared = True

    def publish(self) -> None:
        later_charts.forget(self)
        if not self.prepared:
            self.prepare()
        self._show(self._result)

    def run_or_defer(self) -> bool:
        """Show now unless a notebook is running; True when it waits."""
        if later_charts.defer(self):
            return True
        self.publish()
        return False


class ChartPanel(VBox):
    """A chart drawn from the journal, redrawn when one of `tables` changes.

    `build()` returns `(figure, summary)`; a figure of None means too little data yet, and the
    summary then says so kindly. Made while a notebook runs, the chart waits (see
    `LaterCharts`); `shown` is "pending" until it is drawn, then "figure" or "message".
    """

    # After a save, charts follow once the person pauses: in a kernel, a burst of saves (typing
    # in a form saves at every pause) redraws each chart once, SETTLE seconds after the last.
    SETTLE = 0.8

    def __init__(self, title: str, build: Callable[[], tuple[Any, str]], journal: Journal,
                 tables: Iterable[str], *, watch: Iterable[traitlets.HasTraits] = ()):
        from nextround.chart_view import ChartView

        self._build = build
        self._tables = set(tables)
        self._soon: asyncio.TimerHandle | None = None
        self._drawing: tuple[dict | None, str] | None = None  # computed, not yet shown
        self.view = ChartView()
        self.view.add_class("nr-chart")
        self.summary = html("", "nr-summary")
        super().__init__([html(html_text(title), "nr-card-title"), self.view, self.summary])
        self.add_class("nr-card")
        self._unsubscribe = journal.subscribe(self._journal_changed)
        for owner in watch:
            owner.observe(lambda _c: self.redraw(), "process_id")
        self.shown = "pending"
        if later_charts.defer(self):
            self.view.show_message(DRAWING)
        else:
            self.redraw()

    @property
    def watched(self) -> widgets.Widget:
        return self.view

    @property
    def prepared(self) -> bool:
        return self._drawing is not None

    def _journal_changed(self, tables: set[str]) -> None:
        if not tables & self._tables:
            return
        if self.shown == "pending":
            self._drawing = None  # computed from older data: compute again when shown
            return
        loop = _kernel_loop()
        if loop is None:
            self.redraw()
            return
        if self._soon is not None:
            self._soon.cancel()
        self._soon = loop.call_later(self.SETTLE, self.redraw)

    def draw_if_pending(self) -> None:
        """Draw now if the chart is waiting to be drawn or redrawn (the report needs it)."""
        if self.shown == "pending" or self._soon is not None:
            self.redraw()

    def prepare(self) -> None:
        """Compute the drawing (figure as Plotly JSON, summary) without showing it."""
        try:
            fig, summary = self._build()
            spec = None if fig is None else self.view.spec_of(fig)
        except Exception:  # a chart must never take the workbook down with it
            log.exception("chart failed")
            spec, summary = None, "This chart could not be drawn from the journal just now."
        self._drawing = (spec, summary)

    def publish(self) -> None:
        """Show the computed drawing (computing it first if need be)."""
        later_charts.forget(self)
        if self._soon is not None:
            self._soon.cancel()
            self._soon = None
        if self._drawing is None:
            self.prepare()
        spec, summary = self._drawing
        self._drawing = None
        if spec is None:
            self.view.show_message(summary)
            self.summary.value = ""
            self.shown = "message"
        else:
            self.view.show_spec(spec)
            self.summary.value = html_text(summary)
            self.shown = "figure"

    def redraw(self) -> None:
        """Compute and show the chart from the journal as it is now."""
        self._drawing = None
        self.publish()


# ----------------------------------------------------------------------------- notices
def journal_notices(journal: Journal) -> list[widgets.Widget]:
    """Read-only and temporary-server notices every workbook shows at the top."""
    notes: list[widgets.Widget] = [frame.FrameData(journal)]  # hidden: the page frame's data
    if journal.read_only:
        notes.append(notice(html_text(journal.read_only_reason), "warn"))
    if on_temporary_server():
        from nextround.ui.downloads import BackupDownload

        # Calm words and the backup one click away: losing the work is the only real risk.
        text = words()["frame"]["notices"]["temporary"].format(minutes=frame.idle_minutes())
        box = VBox([notice(text), BackupDownload(journal)])
        box.add_class("nr-temporary-notice")
        notes.append(box)
    return notes
