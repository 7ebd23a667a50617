"""Pieces shared by step 3's exercises: the process list scored against the target role, and a list typed one item a line."""

from __future__ import annotations

import logging

import traitlets

from nextround.rules import fit as fit_rules
from nextround.store import fit
from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit


log = logging.getLogger(__name__)


TARGET_TABLES = {"processes", "target_roles", "work_values", "fit_ratings"}


def process_label(process: Row, match: fit.TargetMatch) -> str:
    """How a process is named in a list: its description and, once there is a target, its match."""
    label = process_store.describe(process)
    return f"{label} · {match.label}" if match.label else label


class ScoredProcessPicker(kit.ProcessPicker):
    """The shared process picker, with each process's match with the target role in its label."""

    def __init__(self, journal: Journal, **kwargs):
        super().__init__(journal, **kwargs)
        kit.listen(self, journal, None, self._journal_changed)

    def refresh(self, select: int | None = None) -> None:
        super().refresh(select)
        self._relabel()

    def _journal_changed(self, tables: set[str]) -> None:
        if tables & TARGET_TABLES:
            self._relabel()

    def _relabel(self) -> None:
        # Only the processes in the list: a long history is not read to label fifty of them.
        rows = {pid: row for _label, pid in self.dropdown.options
                if pid is not None and (row := self.journal.get("processes", pid)) is not None}
        if not rows:
            return
        context = fit.target_context(self.journal)
        options = [(process_label(rows[pid], fit_rules.target_match(context, rows[pid]))
                    if pid in rows else label, pid) for label, pid in self.dropdown.options]
        if options == list(self.dropdown.options):
            return
        value = self.dropdown.value
        self._refreshing = True
        try:
            self.dropdown.options = options
            self.dropdown.value = value
        finally:
            self._refreshing = False


class LinesInput(kit.VBox):
    """A labelled box of short entries, one per line; `value` is the list of non-blank lines."""

    value = traitlets.List(traitlets.Unicode(), allow_none=True)  # None only while loading

    def __init__(self, label: str, placeholder: str = ""):
        self.box = kit.text_input(label, placeholder, multiline=True, rows=3)
        super().__init__([self.box])
        self._syncing = False
        self.box.observe(self._typed, "value")

    def _typed(self, change) -> None:
        self._syncing = True
        try:
            self.value = [line for line in change["new"].splitlines() if line.strip()]
        finally:
            self._syncing = False

    @traitlets.observe("value")
    def _value_changed(self, change) -> None:
        if change["new"] is None:  # a blank form loads None: the journal keeps an empty list
            self.value = []
            return
        if not self._syncing:
            self.box.value = "\n".join(change["new"] or [])

    @property
    def disabled(self) -> bool:
        return self.box.disabled

    @disabled.setter
    def disabled(self, value: bool) -> None:
        self.box.disabled = value
