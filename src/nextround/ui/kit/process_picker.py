"""Which interview process the person is working on, remembered across workbooks."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import traitlets

from nextround.safe_text import html_text
from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row
from nextround.ui.kit.inputs import text_input
from nextround.ui.kit.looks import (
    HBox,
    VBox,
    button,
    html,
    label_style,
    layout,
    prompt,
    show,
)
from nextround.ui.kit.saving import SaveStatus, try_write
from nextround.words import say, words


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
        w = words()["kit"]["picker"]
        self.search = text_input(w["search"], w["search_hint"])
        self.search.add_class("nr-process-search")
        self.count_line = html("", "nr-muted")
        self.dropdown = widgets.Dropdown(description=w["process"], style=label_style(),
                                         layout=layout(width="min(100%, 40rem)"))
        self.company = text_input(w["company"], w["company_hint"])
        self.role = text_input(w["role"], w["role_hint"])
        self.add_button = button(w["add"], style="primary")
        self.add_button.on_click(self._add)
        self.status = SaveStatus()
        self.new_form = VBox([
            prompt(w["new"]), self.company, self.role,
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
        self._labelled = [(label, label.casefold(), pid)
                          for pid, label in process_store.labels(self.journal)]
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
            self.dropdown.options = options or [(say("kit.picker.none_yet"), None)]
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
            return html_text(say("kit.picker.most_recent", shown=self.SHOWN, total=f"{total:,}"))
        if not matching:
            return html_text(say("kit.picker.no_match", words=self.search.value.strip()))
        if matching > self.SHOWN:
            return html_text(say("kit.picker.many_match", count=f"{matching:,}", shown=self.SHOWN))
        return html_text(say("kit.picker.one_match" if matching == 1 else "kit.picker.some_match",
                             count=matching))

    def _picked(self, change) -> None:
        if self._refreshing:
            return
        self.process_id = change["new"]
        if change["new"] is not None:
            # Remembering the choice for the other pages is a courtesy: if the journal cannot
            # be written just now, this page still works on the chosen process.
            try_write(lambda: process_store.choose_process(self.journal, change["new"]))

    def _add(self, _b=None) -> None:
        company = self.company.value.strip()
        if not company:
            self.status.error(say("kit.picker.company_first"))
            return
        added: list[Row] = []

        def add() -> None:
            process = process_store.add_process(self.journal, company, self.role.value.strip(),
                                                applied_on=dt.date.today())
            process_store.choose_process(self.journal, process["id"])
            added.append(process)

        if not try_write(add, self.status):
            return
        process = added[0]
        self.company.value = ""
        self.role.value = ""
        self.status.saved()
        self.refresh(select=process["id"])

    @property
    def process(self) -> Row | None:
        return self.journal.get("processes", self.process_id) if self.process_id else None
