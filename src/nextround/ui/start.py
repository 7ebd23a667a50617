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
from nextround.safe_text import html_sentence, html_text
from nextround.store.journal import Journal
from nextround.store.schema import TABLE_ORDER
from nextround.ui import kit
from nextround.ui.kit.downloads import human_size
from nextround.ui.kit import drafts
from nextround.words import say, words

log = logging.getLogger(__name__)


# What a person recognises in a summary of a journal or a backup, in this order: each has
# its words in [start.counts] (`<table>_one`, `<table>_many`).
COUNTED = ("processes", "stages", "feedback_requests", "feedback_points", "questions", "goals",
           "topics")


def progress_steps() -> tuple[str, str, str]:
    """The restore's three steps, as its progress bar names them."""
    return (say("start.restore.step_received"), say("start.restore.step_checked"),
            say("start.restore.step_restored"))


def describe_counts(counts: dict[str, int]) -> str:
    """"11 processes, 24 stages and 3 goals" (kinds with none are left out)."""
    w = words()["start"]["counts"]
    parts = [w[f"{t}_one" if counts[t] == 1 else f"{t}_many"].format(count=counts[t])
             for t in COUNTED if counts.get(t)]
    others = sum(n for t, n in counts.items() if t not in COUNTED and t != "settings")
    if not parts:
        if not others:
            return say("start.counts.nothing")
        return (say("start.counts.entries_one", count=others) if others == 1
                else say("start.counts.entries_many", count=others))
    if len(parts) == 1:
        return parts[0]
    return say("start.counts.last", list=", ".join(parts[:-1]), last=parts[-1])


def _my_progress_link() -> str:
    return f'<a href="05_my_progress.ipynb">{html_text(say("start.my_progress"))}</a>'


def _code(text: str) -> str:
    return f"<code>{html_text(text)}</code>"


def journal_counts(journal: Journal) -> dict[str, int]:
    return {table: journal.count(table) for table in TABLE_ORDER}


def backup_counts(doc: dict) -> dict[str, int]:
    return {table: len(rows) for table, rows in doc["tables"].items()}


class StartHere(kit.Page):
    needs = ()  # no chart

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
        where = html_sentence(say("start.journal_where"), path=_code(str(self.journal.path)))
        if self.journal.is_empty():
            step_1 = html_text(say("start.step_1"))
            holds = html_sentence(say("start.journal_empty"), step_1=f"<b>{step_1}</b>")
        else:
            holds = html_sentence(say("start.journal_holds"), counts=html_text(
                describe_counts(journal_counts(self.journal))))
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
                                         description=say("start.restore.upload"),
                                         layout=kit.layout(width="auto"))
        self.upload.observe(self._uploaded, "value")
        self.progress = widgets.IntProgress(value=0, min=0, max=len(progress_steps()),
                                            description=say("start.restore.progress"),
                                            style=kit.label_style(widgets.IntProgress),
                                            layout=kit.layout(width="min(100%, 30rem)",
                                                                  display="none"))
        self.message = kit.html("")
        self.message.add_class("nr-restore-message")
        self.actions = kit.HBox([])
        my_progress = html_text(say("start.my_progress"))
        intro = html_sentence(say("start.restore.intro"), file=_code(".json"),
                              my_progress=f"<i>{my_progress}</i>",
                              command=_code("nextround backup"),
                              limit=html_text(human_size(self.limit)))
        super().__init__("", "", [
            kit.html(intro, "nr-muted"),
            self.upload, self.progress, self.message, self.actions,
        ])
        self.add_class("nr-exercise-restore")
        if journal.read_only:
            self.upload.disabled = True

    # --------------------------------------------------------------- steps
    def _show_progress(self, done: int) -> None:
        steps = progress_steps()
        kit.show(self.progress)
        self.progress.value = done
        self.progress.description = steps[done - 1] if done else say("start.restore.progress")
        self.progress.bar_style = "success" if done == len(steps) else "info"

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
        refused = html_text(say("start.restore.refused"))
        self._say(f"<b>{refused}</b> {html_text(reason)}<br>"
                  + html_text(say("start.restore.unchanged")), "error")

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        content = item["content"]
        try:
            self.check(item.get("name") or say("start.restore.the_file"), content.tobytes()
                       if isinstance(content, memoryview) else bytes(content))
        finally:
            # Let the same file be chosen again after it is fixed.
            self.upload.value = ()

    def check(self, name: str, data: bytes) -> bool:
        """Check an uploaded file; on success offer to restore it. True if it can be restored."""
        from nextround.documents.backup import parse_backup

        self._show_progress(1)
        self._say(html_sentence(say("start.restore.received"), name=html_text(name),
                                size=html_text(human_size(len(data)))))
        if len(data) > self.limit:
            self._refuse(say("start.restore.too_large", name=name, size=human_size(len(data)),
                             limit=human_size(self.limit)))
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
        self._say(html_sentence(say("start.restore.is_backup"), name=html_text(name),
                                date=html_text(made), counts=html_text(what)))
        if self.journal.is_empty():
            button = kit.button(say("start.restore.restore_button"), style="primary")
            button.on_click(lambda _b: self.restore(replace=False))
            self.actions.children = [button]
        else:
            current = describe_counts(journal_counts(self.journal))
            self.actions.children = [
                kit.html(html_text(say("start.restore.already_holds", counts=current)),
                         "nr-muted"),
                kit.ConfirmButton(say("start.restore.replace_button"),
                                  say("start.restore.replace_question"),
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
            self._refuse(plain_backup_error(say("start.restore.the_backup"), exc))
            return False
        except kit.WRITE_ERRORS as exc:
            log.warning("restore failed: %s", exc)
            self._refuse(kit.save_error_message(exc))
            return False
        what = describe_counts(backup_counts(self.doc))
        self.doc = None
        self.actions.children = []
        self._show_progress(3)
        done = "<b>" + html_text(say("start.restore.restored_title")) + "</b> "
        if kept:
            done += html_sentence(say("start.restore.restored_kept"), counts=html_text(what),
                                  path=_code(str(kept)), my_progress=_my_progress_link())
        else:
            done += html_sentence(say("start.restore.restored"), counts=html_text(what),
                                  my_progress=_my_progress_link())
        self._say(done)
        return True


def plain_backup_error(name: str, exc: BackupError) -> str:
    """A BackupError in plain words, naming the entry and field it is about."""
    if exc.field_path:
        return say("start.restore.field_refused", name=name, field=exc.field_path,
                   problem=exc.problem)
    message = exc.problem
    return say("start.restore.refused_because", name=name,
               problem=f"{message[:1].lower()}{message[1:]}")


class LoadDemo(kit.Section):
    """Sam's journal, eleven processes into a search, to explore before writing your own."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.button = kit.button(say("start.demo.load_button"), style="primary")
        self.button.on_click(lambda _b: self.load())
        self.button.disabled = journal.read_only
        self.empty = kit.ConfirmButton(say("start.demo.empty_button"),
                                       say("start.demo.empty_question"), self.start_afresh)
        self.empty.disabled = journal.read_only
        self.message = kit.html("")
        self.message.add_class("nr-demo-message")
        super().__init__("", "", [
            kit.HBox([self.button]),
            kit.html(html_text(say("start.demo.finished")), "nr-muted"),
            self.empty, self.message])
        self.add_class("nr-exercise-demo")

    def load(self) -> bool:
        from nextround.demo import write_demo

        if not self.journal.is_empty():
            self.message.value = html_sentence(
                say("start.demo.not_empty"), demo=_code("nextround demo --data nextround-demo"),
                open=_code("nextround --data nextround-demo"))
            return False
        try:
            write_demo(self.journal)
        except kit.WRITE_ERRORS as exc:
            log.warning("demo failed: %s", exc)
            self.message.value = html_text(say("start.demo.failed",
                                               reason=kit.save_error_message(exc)))
            return False
        self.message.value = html_sentence(say("start.demo.loaded"),
                                           my_progress=_my_progress_link())
        return True

    def start_afresh(self) -> bool:
        """Empty the journal (a copy of it is kept beside it)."""
        from nextround.documents.backup import FORMAT, FORMAT_VERSION, restore_backup
        from nextround.store.journal import utc_now

        if self.journal.is_empty():
            self.message.value = html_text(say("start.demo.already_empty"))
            return False
        nothing = {"format": FORMAT, "format_version": FORMAT_VERSION,
                   "schema_version": self.journal.schema_version, "exported_at": utc_now(),
                   "tables": {table: [] for table in TABLE_ORDER}}
        try:
            kept = restore_backup(self.journal, nothing, replace=True)
        except kit.WRITE_ERRORS as exc:
            self.message.value = html_text(say("start.demo.not_emptied",
                                               reason=kit.save_error_message(exc)))
            return False
        drafts.forget_all(self.journal)  # and the browser forgets what was typed into it
        self.message.value = html_sentence(say("start.demo.emptied"), path=_code(str(kept)))
        return True
