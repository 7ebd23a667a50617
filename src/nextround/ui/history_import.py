"""Start here's "Bring your history": upload a spreadsheet of past applications, confirm what
NextRound understood of it on a preview, and import it all at once.

Nothing is written until Import is pressed; every row is checked before (the errors name
the row and the column), and the whole file goes in as one transaction. The reading,
guessing, checking and writing are `nextround.documents.history_import`; this is only the form.
"""

from __future__ import annotations

import logging
import sqlite3

import ipywidgets as widgets

from nextround.documents import history_import as hi
from nextround.errors import JournalError
from nextround.documents.history_import.guessing import FIELDS, IGNORE, OUTCOME_KEYS
from nextround.documents.history_import.mapping import (
    cell_text, distinct_stages, distinct_statuses, fill_values,
)
from nextround.store.journal import Journal
from nextround.safe_text import html_text
from nextround.ui import kit
from nextround.ui.kit.downloads import DownloadLink
from nextround.words import words

log = logging.getLogger(__name__)

PREVIEW_ROWS = 5
PREVIEW_CHARS = 80
SHOWN_PROBLEMS = 20
ACCEPT = (".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain,"
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
WRITE_ERRORS = (JournalError, sqlite3.Error, OSError)
STYLE = """<style>
.nr-import-preview { overflow-x: auto; max-width: 100%; }
.nr-import-preview table { border-collapse: collapse; font-size: 0.9em; }
.nr-import-preview th, .nr-import-preview td { border: 1px solid var(--jp-border-color2, #d0d4da);
  padding: 2px 6px; text-align: left; vertical-align: top; max-width: 18rem; }
</style>"""


def _words() -> dict:
    return words()["history_import"]


def preview_markup(table: hi.Table, mapping: hi.Mapping) -> str:
    """The first rows as an HTML table, every cell escaped."""
    head = "".join(f"<th>{html_text(h)}</th>" for h in table.headers)
    body = []
    for row, number in list(zip(table.rows, table.row_numbers))[:PREVIEW_ROWS]:
        cells = []
        for value in row:
            text = cell_text(value, mapping.export)
            if len(text) > PREVIEW_CHARS:
                text = text[:PREVIEW_CHARS - 1] + "…"
            cells.append(f"<td>{html_text(text)}</td>")
        body.append(f"<tr><th>{number}</th>{''.join(cells)}</tr>")
    return (f'<div class="nr-import-preview"><table><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


class HistoryImport(kit.Section):
    """Upload → preview and mapping → errors or "Ready" → Import → a result line."""

    def __init__(self, journal: Journal):
        w = _words()
        self.journal = journal
        self.table: hi.Table | None = None
        self.mapping: hi.Mapping | None = None
        self.plan: hi.Plan | None = None
        self._building = False
        self.upload = widgets.FileUpload(accept=ACCEPT, multiple=False, description=w["upload"],
                                         layout=kit.layout(width="auto"))
        self.upload.observe(self._uploaded, "value")
        self.message = kit.html("")
        self.message.add_class("nr-import-message")
        self.preview = kit.html("")
        self.columns: dict[str, widgets.Dropdown] = {}
        self.statuses: dict[str, widgets.Dropdown] = {}
        self.stages: dict[str, widgets.Dropdown] = {}
        self.column_box = kit.VBox([])
        self.status_box = kit.VBox([])
        self.stage_box = kit.VBox([])
        self.dates = widgets.ToggleButtons(
            options=[(w["day_first"], "day-first"), (w["month_first"], "month-first")],
            value=None, style=kit.label_style(widgets.ToggleButtons, button_width="auto"))
        self.dates.observe(self._dates_chosen, "value")
        self.dates_box = kit.VBox([kit.prompt(w["dates"]), self.dates])
        self.problems = kit.html("")
        self.problems.add_class("nr-import-problems")
        self.ready = kit.html("")
        self.ready.add_class("nr-import-ready")
        self.button = kit.button(w["button"], style="primary")
        self.button.on_click(lambda _b: self.run_import())
        self.mapping_link = DownloadLink()
        self.details = kit.VBox([])
        limits = w["intro"].format(max_size=hi.size_text(hi.MAX_BYTES),
                                   max_rows=f"{hi.MAX_ROWS:,}")
        self.limits = kit.html(html_text(limits), "nr-muted")
        super().__init__("", "", [widgets.HTML(STYLE, layout=kit.layout(display="none")),
                                  self.limits, self.upload, self.message, self.details])
        self.add_class("nr-exercise-import")
        if journal.read_only:
            self.upload.disabled = True
            self._say(html_text(journal.read_only_reason), "warn")

    # ------------------------------------------------------------------------- messages
    def _say(self, markup: str, kind: str = "info") -> None:
        for cls in ("nr-notice", "nr-notice-warn", "nr-notice-error"):
            self.message.remove_class(cls)
        if markup:
            self.message.add_class("nr-notice")
            if kind != "info":
                self.message.add_class(f"nr-notice-{kind}")
        self.message.value = markup

    def _refuse(self, reason: str) -> None:
        w = _words()
        self.table = self.mapping = self.plan = None
        self.details.children = []
        self._say(f"<b>{html_text(w['refused'])}</b> {html_text(reason)}<br>"
                  f"{html_text(w['unchanged'])}", "error")

    # ---------------------------------------------------------------------------- a file
    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        content = item["content"]
        try:
            self.load(item.get("name") or words()["history_import"]["the_file"],
                      content.tobytes() if isinstance(content, memoryview) else bytes(content))
        finally:
            self.upload.value = ()  # the same file may be chosen again once fixed

    def load(self, name: str, data: bytes) -> bool:
        """Read an uploaded file and show what NextRound understood. True if it could be read."""
        w = _words()
        try:
            table = hi.read_table(name, data)
        except hi.ImportFileError as exc:
            self._refuse(str(exc))
            return False
        self.table, self.mapping = table, hi.propose(table)
        self._building = True  # the new file's choices are not the person's choices
        try:
            self.dates.value = None
        finally:
            self._building = False
        sheet = w["from_sheet"].format(sheet=table.sheet) if table.sheet else ""
        rows = (w["rows_one"] if len(table.rows) == 1
                else w["rows_many"].format(count=f"{len(table.rows):,}"))
        said = [w["received"].format(name=table.name, rows=rows, sheet=sheet)]
        if self.mapping.export is not None:
            said.append(w["recognised"].format(export=self.mapping.export.name))
            if self.mapping.export.note:
                said.append(w[self.mapping.export.note])
        self._say(" ".join(html_text(s) for s in said))
        self.preview.value = preview_markup(table, self.mapping)
        self._build_columns()
        self._build_values()
        self.details.children = [
            kit.prompt(w["preview"]), self.preview, kit.prompt(w["columns"]), self.column_box,
            self.status_box, self.stage_box, self.dates_box, self.problems,
            kit.HBox([self.button, self.ready]), self.mapping_link]
        self.recheck()
        return True

    def _build_columns(self) -> None:
        w = _words()
        self.columns = {}
        for name in FIELDS:
            dropdown = kit.choice_input(w["fields"][name], self.table.headers,
                                        blank=w["not_in_file"])
            dropdown.value = self.mapping.columns.get(name)
            dropdown.observe(lambda change, name=name: self._column_chosen(name, change["new"]),
                             "value")
            self.columns[name] = dropdown
        self.column_box.children = list(self.columns.values())

    def _build_values(self) -> None:
        """The dropdowns for every status and stage value the chosen columns hold."""
        w = _words()
        outcome_options = [(w["choose"], None)] + [(w["outcomes"][k], k) for k in OUTCOME_KEYS]
        self.statuses = {}
        for value in distinct_statuses(self.table, self.mapping):
            if len(self.statuses) >= 40:
                break  # more is not a status column; the check says so
            self.statuses[value] = self._value_dropdown(
                value, outcome_options, self.mapping.statuses.get(value), self.mapping.statuses)
        steps = list(words()["process"]["funnel"])
        stage_options = ([(w["choose"], None)] + [(s, s) for s in steps]
                         + [(w["not_a_stage"], IGNORE)])
        self.stages = {}
        for value in distinct_stages(self.table, self.mapping):
            if len(self.stages) >= 40:
                break
            self.stages[value] = self._value_dropdown(
                value, stage_options, self.mapping.stages.get(value), self.mapping.stages)
        self.status_box.children = ([kit.prompt(w["statuses"]), *self.statuses.values()]
                                    if self.statuses else [])
        self.stage_box.children = ([kit.prompt(w["stages"]), *self.stages.values()]
                                   if self.stages else [])

    def _value_dropdown(self, value: str, options, chosen, target: dict) -> widgets.Dropdown:
        # A Dropdown's description is shown as text, so the file's own words need no escaping.
        dropdown = widgets.Dropdown(description=value, description_allow_html=False,
                                    options=options, value=chosen, style=kit.label_style(),
                                    layout=kit.layout(width="min(100%, 34rem)"))
        dropdown.observe(lambda change: self._value_chosen(target, value, change["new"]),
                         "value")
        return dropdown

    # ------------------------------------------------------------------------- choices
    def _column_chosen(self, name: str, header: str | None) -> None:
        if self._building or self.mapping is None:
            return
        if header is None:
            self.mapping.columns.pop(name, None)
        else:
            self.mapping.columns[name] = header
        if name in ("status", "status_detail", "stage"):
            fill_values(self.table, self.mapping)
            self._build_values()
        self.recheck()

    def _value_chosen(self, target: dict, value: str, chosen: str | None) -> None:
        if self.mapping is None:
            return
        target[value] = chosen
        self.recheck()

    def _dates_chosen(self, change) -> None:
        if self._building or self.mapping is None:
            return
        self.mapping.dates = change["new"]
        self.recheck()

    # ---------------------------------------------------------------------------- check
    def recheck(self) -> hi.Plan | None:
        """Check every row against the choices on screen; nothing is written."""
        if self.table is None or self.mapping is None:
            return None
        w = _words()
        plan = self.plan = hi.check(self.table, self.mapping)
        kit.show(self.dates_box, plan.needs_date_order or self.mapping.dates is not None)
        if plan.ok:
            self.problems.value = ""
            new, already = hi.preview(self.journal, plan)
            self.ready.value = html_text(w["ready"].format(new=f"{new:,}",
                                                           already=f"{already:,}"))
        else:
            problems = list(plan.problems)
            if "company" not in self.mapping.columns:
                problems = [w["errors"]["no_company_ui"]]
            items = "".join(f"<li>{html_text(p)}</li>" for p in problems[:SHOWN_PROBLEMS])
            more = len(problems) - SHOWN_PROBLEMS
            tail = (f'<div class="nr-muted">{html_text(w["more_errors"].format(count=more))}'
                    "</div>" if more > 0 else "")
            extra = (f"<div>{html_text(w['dates_choice'])}</div>"
                     if plan.needs_date_order else "")
            self.problems.value = (f"<b>{html_text(w['fix_these'])}</b>"
                                   f'<ul class="nr-list">{items}</ul>{tail}{extra}')
            self.ready.value = ""
        self.button.disabled = not plan.ok or self.journal.read_only
        self.mapping_link.show(w["save_mapping"], "nextround-import-mapping.json",
                               hi.mapping_text(self.mapping).encode("utf-8"), "application/json")
        return plan

    # --------------------------------------------------------------------------- import
    def run_import(self) -> bool:
        """Write the checked file into the journal, all at once. True if it was written."""
        plan = self.recheck()
        if plan is None or not plan.ok:
            return False
        w = _words()
        try:
            result = hi.write(self.journal, plan)
        except hi.ImportFileError as exc:
            self._refuse(str(exc))
            return False
        except WRITE_ERRORS as exc:
            log.warning("import failed: %s", exc)
            self._refuse(w["errors"]["not_written"].format(reason=kit.save_error_message(exc)))
            return False
        name = plan.table.name
        self.table = self.mapping = self.plan = None
        self.details.children = []
        self._say(f"<b>{html_text(hi.result_text(result))}</b> "
                  f"{html_text(w['imported_note'].format(name=name))}")
        return True
