"""Start here: where the journal lives, restoring a backup, and the demo journal.

The notebook shows one part per cell:

    start = StartHere()
    start.header()    # notices
    start.journal_info()  # where your journal is and what is in it
    start.restore()   # restore a backup file (checked completely before anything is written)
    start.history_import()  # import past applications from a spreadsheet or another tracker
    start.demo()      # load the demo journal into an empty journal, to explore
"""

from __future__ import annotations

import logging

import ipywidgets as widgets

from nextround.errors import BackupError
from nextround.safe_text import html_text
from nextround.store.journal import Journal
from nextround.store.schema import TABLE_ORDER
from nextround.ui import kit
from nextround.ui.kit.downloads import human_size
from nextround.ui.kit import drafts

log = logging.getLogger(__name__)


# What a person recognises in a summary of a journal or a backup, in this order.
COUNTED = [("processes", "process", "processes"), ("stages", "stage", "stages"),
           ("feedback_requests", "feedback request", "feedback requests"),
           ("feedback_points", "feedback point", "feedback points"),
           ("questions", "question", "questions"), ("goals", "goal", "goals"),
           ("topics", "topic", "topics")]

PROGRESS_STEPS = ("Received", "Checked", "Restored")


def describe_counts(counts: dict[str, int]) -> str:
    """"11 processes, 24 stages and 3 goals" (kinds with none are left out)."""
    parts = [f"{counts[t]} {one if counts[t] == 1 else many}"
             for t, one, many in COUNTED if counts.get(t)]
    others = sum(n for t, n in counts.items()
                 if t not in {c[0] for c in COUNTED} and t != "settings")
    if not parts:
        return f"{others} entries" if others else "no entries"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def journal_counts(journal: Journal) -> dict[str, int]:
    return {table: journal.count(table) for table in TABLE_ORDER}


def backup_counts(doc: dict) -> dict[str, int]:
    return {table: len(rows) for table, rows in doc["tables"].items()}


class StartHere(kit.Page):
    needs = ()  # no chart: nothing to import ahead of the request

    def __init__(self, journal: Journal | None = None):
        super().__init__(journal)

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([kit.style_sheet(), *kit.journal_notices(self.journal)]))

    def journal_info(self) -> widgets.Widget:
        return self.shown("journal_info", lambda: JournalInfo(self.journal))

    def restore(self) -> widgets.Widget:
        return self.shown("restore", lambda: RestoreBackup(self.journal))

    def history_import(self) -> widgets.Widget:
        from nextround.ui.history_import import HistoryImport

        return HistoryImport(self.journal)

    def demo(self) -> widgets.Widget:
        return self.shown("demo", lambda: LoadDemo(self.journal))


class JournalInfo(kit.Section):
    """Where the journal is, and what it holds so far."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.text = kit.html("")
        super().__init__("", "", [self.text])
        self.add_class("nr-exercise-journal")
        kit.listen(self, journal, None, lambda _tables: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        where = (f'Your journal is the file <code>{html_text(str(self.journal.path))}</code>. '
                 "Everything you type in any step is saved there as you go, and nothing leaves "
                 "this computer.")
        if self.journal.is_empty():
            holds = ("It is empty so far: start with <b>Step 1</b>, restore a backup below, or "
                     "load the demo journal to look around first.")
        else:
            holds = f"It holds {html_text(describe_counts(journal_counts(self.journal)))}."
        self.text.value = f"<p>{where}</p><p>{holds}</p>"


class RestoreBackup(kit.Section):
    """Upload a backup; it is checked completely, then restored all at once on request.

    Nothing is written until the file has passed every check. A journal that already has
    entries is only replaced after a second click, and a copy of it is kept beside it.
    """

    def __init__(self, journal: Journal):
        from nextround.documents.backup import MAX_BACKUP_BYTES

        self.journal = journal
        self.limit = MAX_BACKUP_BYTES
        self.doc: dict | None = None
        self.upload = widgets.FileUpload(accept=".json,application/json", multiple=False,
                                         description="Choose a backup file",
                                         layout=kit.layout(width="auto"))
        self.upload.observe(self._uploaded, "value")
        self.progress = widgets.IntProgress(value=0, min=0, max=len(PROGRESS_STEPS),
                                            description="Progress",
                                            style=kit.label_style(widgets.IntProgress),
                                            layout=kit.layout(width="min(100%, 30rem)",
                                                                  display="none"))
        self.message = kit.html("")
        self.message.add_class("nr-restore-message")
        self.actions = kit.HBox([])
        limit = human_size(self.limit)
        super().__init__("", "", [
            kit.html(f"Choose the <code>.json</code> backup you downloaded from <i>My "
                     f"progress</i> (or made with <code>nextround backup</code>). It can be up "
                     f"to {limit}. It is checked completely before anything is written, and "
                     "your journal stays as it is if anything is wrong.", "nr-muted"),
            self.upload, self.progress, self.message, self.actions,
        ])
        self.add_class("nr-exercise-restore")
        if journal.read_only:
            self.upload.disabled = True

    # --------------------------------------------------------------- steps
    def _show_progress(self, done: int) -> None:
        kit.show(self.progress)
        self.progress.value = done
        self.progress.description = PROGRESS_STEPS[done - 1] if done else "Progress"
        self.progress.bar_style = "success" if done == len(PROGRESS_STEPS) else "info"

    def _say(self, markup: str, kind: str = "info") -> None:
        for cls in ("nr-notice", "nr-notice-warn", "nr-notice-error"):
            self.message.remove_class(cls)
        if markup:
            self.message.add_class("nr-notice")
            if kind != "info":
                self.message.add_class(f"nr-notice-{kind}")
        self.message.value = markup

    def _refuse(self, reason: str) -> None:
        self.doc = None
        self.actions.children = []
        self.progress.bar_style = "danger"
        self._say(f"<b>This file was not restored.</b> {html_text(reason)}<br>"
                  "Your journal has not been changed.", "error")

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        content = item["content"]
        try:
            self.check(item.get("name") or "the file", content.tobytes()
                       if isinstance(content, memoryview) else bytes(content))
        finally:
            # Let the same file be chosen again after it is fixed.
            self.upload.value = ()

    def check(self, name: str, data: bytes) -> bool:
        """Check an uploaded file; on success offer to restore it. True if it can be restored."""
        from nextround.documents.backup import parse_backup

        self._show_progress(1)
        self._say(f"Received {html_text(name)} ({html_text(human_size(len(data)))}). "
                  "Checking it…")
        if len(data) > self.limit:
            self._refuse(f"{name} is {human_size(len(data))}, larger than the "
                         f"{human_size(self.limit)} a backup can be. Is it the right file?")
            return False
        try:
            doc = parse_backup(data)
        except BackupError as exc:
            self._refuse(plain_backup_error(name, exc))
            return False
        self.doc = doc
        self._show_progress(2)
        what = describe_counts(backup_counts(doc))
        made = doc.get("exported_at", "")[:10]
        self._say(f"{html_text(name)} is a NextRound backup made on {html_text(made)}, with "
                  f"{html_text(what)}.")
        if self.journal.is_empty():
            button = kit.button("Restore this backup", style="primary")
            button.on_click(lambda _b: self.restore(replace=False))
            self.actions.children = [button]
        else:
            current = describe_counts(journal_counts(self.journal))
            self.actions.children = [
                kit.html(f"Your journal already holds {html_text(current)}.", "nr-muted"),
                kit.ConfirmButton("Replace my journal with this backup",
                                  "Replace everything in your journal with this backup? A copy "
                                  "of your journal as it is now is kept next to it.",
                                  lambda: self.restore(replace=True)),
            ]
        return True

    def restore(self, replace: bool = False) -> bool:
        from nextround.documents.backup import restore_backup

        if self.doc is None:
            return False
        try:
            kept = restore_backup(self.journal, self.doc, replace=replace)
        except BackupError as exc:
            self._refuse(plain_backup_error("The backup", exc))
            return False
        except kit.WRITE_ERRORS as exc:
            log.warning("restore failed: %s", exc)
            self._refuse(kit.save_error_message(exc))
            return False
        what = describe_counts(backup_counts(self.doc))
        self.doc = None
        self.actions.children = []
        self._show_progress(3)
        copy = (f" Your journal as it was before is kept as <code>{html_text(str(kept))}</code>."
                if kept else "")
        self._say(f"<b>Restored:</b> {html_text(what)}.{copy} Open "
                  '<a href="05_my_progress.ipynb">My progress</a> to see what to do next, or '
                  "any step below.")
        return True


def plain_backup_error(name: str, exc: BackupError) -> str:
    """A BackupError in plain words, naming the entry and field it is about."""
    message = str(exc)
    where = getattr(exc, "field_path", "")
    if where and message.startswith(where + ": "):
        message = message[len(where) + 2:]
        return f"{name} is not a backup NextRound can restore: the field {where} {message}."
    return f"{name} is not a backup NextRound can restore: {message[0].lower()}{message[1:]}"


class LoadDemo(kit.Section):
    """Sam's journal, eleven processes into a search, to explore before writing your own."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.button = kit.button("Load the demo journal", style="primary")
        self.button.on_click(lambda _b: self.load())
        self.button.disabled = journal.read_only
        self.empty = kit.ConfirmButton(
            "Empty my journal", "Remove everything from your journal to start afresh? A copy "
            "of it is kept next to it, so nothing is lost.", self.start_afresh)
        self.empty.disabled = journal.read_only
        self.message = kit.html("")
        self.message.add_class("nr-demo-message")
        super().__init__("", "", [
            kit.HBox([self.button]),
            kit.html("Finished exploring? Empty the journal and start your own; the demo is "
                     "kept as a copy beside it.", "nr-muted"),
            self.empty, self.message])
        self.add_class("nr-exercise-demo")

    def load(self) -> bool:
        from nextround.demo import write_demo

        if not self.journal.is_empty():
            self.message.value = (
                "Your journal already has entries, so the demo was not added: it only goes "
                "into an empty journal, and yours stays exactly as it is. To look at the demo "
                "on its own, start NextRound on another folder: <code>nextround demo --data "
                "nextround-demo</code>, then <code>nextround --data nextround-demo</code>.")
            return False
        try:
            write_demo(self.journal)
        except kit.WRITE_ERRORS as exc:
            log.warning("demo failed: %s", exc)
            self.message.value = ("The demo could not be written: "
                                  f"{html_text(kit.save_error_message(exc))}")
            return False
        self.message.value = (
            "The demo journal is loaded: Sam, a data person eleven processes into a job search. "
            "Open any step to see it filled in, or <a href=\"05_my_progress.ipynb\">My "
            "progress</a> for the whole picture. When you are ready to write your own, restore "
            "your backup over it here, or start NextRound on a new folder.")
        return True

    def start_afresh(self) -> bool:
        """Empty the journal (a copy of it is kept beside it)."""
        from nextround.documents.backup import FORMAT, FORMAT_VERSION, restore_backup
        from nextround.store.journal import utc_now

        if self.journal.is_empty():
            self.message.value = "Your journal is already empty: start with Step 1."
            return False
        nothing = {"format": FORMAT, "format_version": FORMAT_VERSION,
                   "schema_version": self.journal.schema_version, "exported_at": utc_now(),
                   "tables": {table: [] for table in TABLE_ORDER}}
        try:
            kept = restore_backup(self.journal, nothing, replace=True)
        except kit.WRITE_ERRORS as exc:
            self.message.value = ("The journal could not be emptied: "
                                  f"{html_text(kit.save_error_message(exc))}")
            return False
        drafts.forget_all(self.journal)  # and the browser forgets what was typed into it
        self.message.value = (f"Your journal is empty now. What it held is kept as "
                              f"<code>{html_text(str(kept))}</code>. Start with Step 1.")
        return True
