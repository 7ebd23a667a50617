"""The kernel's side of NextRound's page frame.

Every workbook page is served in NextRound's own Voila template (`nextround`, shipped in
`nextround/jupyter/voila/templates/nextround`): a header with the pages, landmarks, a
connection guard and the drafts kept in the browser. The template cannot read the journal or
the coaching words, so what only the kernel knows reaches it in one hidden widget that every
page's first cell shows (`FrameData`, through `kit.journal_notices`): the pages of the
workbook, which of them already hold entries, the journal's id for the browser's drafts, the
words the frame shows, and whether this is a temporary server.

`install()` (run when `nextround.ui` is imported in a kernel) makes a journal that cannot be
opened — damaged, not a journal, gone — show NextRound's message naming the file and what to
do, in place of the notebook's traceback or Voila's "There was an error when executing cell".
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from nextround.errors import CoachingWordsError, JournalError
from nextround.paths import on_temporary_server
from nextround.safe_text import html_text
from nextround.store.schema import TABLES
from nextround.ui.kit import drafts
from nextround.ui.kit.events import listen, when_closed
from nextround.ui.kit.looks import layout
from nextround.ui.kit.looks import style as shared_style
from nextround.words import shipped, words

if TYPE_CHECKING:
    from nextround.store.journal import Journal

log = logging.getLogger(__name__)

FRAME_CLASS = "nr-frame-data"
ERROR_CLASS = "nr-journal-error"
# mybinder.org culls a kernel idle for 600 s (cull_idle_timeout, with cull_connected).
DEFAULT_IDLE_MINUTES = 10
IDLE_MINUTES_VAR = "NEXTROUND_IDLE_MINUTES"


def pages() -> list[dict[str, Any]]:
    """The workbook's pages in header order: file (notebook name), label, title, tables."""
    return [dict(page) for page in _words()["frame"]["pages"]]


def filled_pages(journal: Journal) -> list[str]:
    """The pages whose kinds of entry already hold at least one entry."""
    filled = []
    for page in pages():
        for table in page.get("tables", ()):
            if table not in TABLES:  # a misspelt table in the words file fails loudly
                raise JournalError(f"coaching.toml [frame.pages]: no kind of entry {table!r}")
            if journal.query(f"SELECT EXISTS (SELECT 1 FROM {table})")[0][0]:
                filled.append(page["file"])
                break
    return filled


def idle_minutes() -> int | None:
    """How long an idle page lives on a temporary server (None: not a temporary server)."""
    if not on_temporary_server():
        return None
    try:
        minutes = int(os.environ.get(IDLE_MINUTES_VAR, DEFAULT_IDLE_MINUTES))
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(minutes, 1)


def upload_limit() -> int:
    from nextround.documents.backup import MAX_BACKUP_BYTES

    return MAX_BACKUP_BYTES


def _words() -> dict[str, Any]:
    """The words in use, or the shipped ones while a coach's file cannot be used: the page
    still needs its header and its notice saying what is wrong with the file."""
    try:
        return words()
    except CoachingWordsError:
        return shipped()


def frame_words() -> dict[str, Any]:
    w = _words()["frame"]
    return {key: w[key] for key in ("product", "skip_link", "nav_label", "holds_entries",
                                    "document_title", "guard", "drafts", "upload")}


def _script(data: dict[str, Any]) -> str:
    """`data` as JSON inside a script element the browser never runs (HTML-safe)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json">{text}</script>'


class FrameData(widgets.HTML):
    """Hidden: what the page frame needs from the kernel, kept current as the journal changes."""

    def __init__(self, journal: Journal | None = None):
        super().__init__("", layout=layout(display="none"), style=shared_style(widgets.HTML),
                         _dom_classes=(FRAME_CLASS,))
        self.journal = journal
        self.forget: list[str] = []
        self.journal_id = drafts.journal_id(journal) if journal is not None else None
        self.refresh()
        if journal is not None:
            listen(self, journal, None, self._journal_changed)
            when_closed(self, drafts.on_forget(journal, self._forget))

    @property
    def data(self) -> dict[str, Any]:
        from nextround.ui.kit.downloads import human_size

        filled: list[str] = []
        if self.journal is not None:
            try:
                filled = filled_pages(self.journal)
            except (JournalError, sqlite3.Error) as exc:
                log.warning("the header cannot say which steps hold entries: %s", exc)
        limit = upload_limit()
        return {
            "pages": [{k: page[k] for k in ("file", "label", "title")} for page in pages()],
            "filled": filled,
            "journal": self.journal_id,
            "forget": list(self.forget),
            "idle_minutes": idle_minutes(),
            "upload_limit": limit,
            "upload_limit_text": human_size(limit),
            "words": frame_words(),
        }

    def refresh(self) -> None:
        value = _script(self.data)
        if value != self.value:
            self.value = value

    def _journal_changed(self, tables: set[str]) -> None:
        watched = {t for page in pages() for t in page.get("tables", ())} | {"settings"}
        if tables & watched:
            self.refresh()

    def _forget(self) -> None:
        """The journal was emptied: the browser drops the drafts typed into it."""
        if self.journal_id and self.journal_id not in self.forget:
            self.forget.append(self.journal_id)
        self.journal_id = drafts.journal_id(self.journal)
        self.refresh()


# ------------------------------------------------------------------------ journal errors
def journal_error_output(exc: JournalError) -> dict[str, str]:
    """Our words for a journal that cannot be opened, as an HTML output bundle."""
    notices = _words()["frame"]["notices"]
    title = notices["words_error" if isinstance(exc, CoachingWordsError) else "journal_error"]
    markup = (f'<div class="nr-notice nr-notice-error {ERROR_CLASS}" role="alert">'
              f"<p><b>{html_text(title)}</b></p><p>{html_text(str(exc))}</p></div>")
    return {"text/html": markup, "text/plain": f"{title} {exc}"}


def _show_journal_error(shell, etype, value, tb, tb_offset=None):
    """IPython's handler for a JournalError escaping a cell: our message, not a traceback."""
    from IPython.display import display

    display(journal_error_output(value), raw=True)
    display(FrameData(None))  # the header still lists the pages
    return []  # nothing more: IPython shows no traceback, and the cell ends in error


def install(shell=None) -> bool:
    """Show JournalErrors our way in this IPython kernel. False outside a kernel."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    shell.set_custom_exc((JournalError,), _show_journal_error)
    return True
