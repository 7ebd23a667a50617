"""The notices at the top of every workbook: a journal that opened read-only, and a session
on a temporary server (Binder) with the backup one click away."""

from __future__ import annotations

import ipywidgets as widgets

from nextround.paths import on_temporary_server
from nextround.safe_text import html_text
from nextround.store.journal import Journal
from nextround.ui.kit import frame
from nextround.ui.kit.downloads import BackupDownload
from nextround.ui.kit.looks import VBox, notice
from nextround.words import say


def journal_notices(journal: Journal) -> list[widgets.Widget]:
    """Read-only and temporary-server notices every workbook shows at the top."""
    notes: list[widgets.Widget] = [frame.FrameData(journal)]  # hidden: the page frame's data
    if journal.read_only:
        notes.append(notice(html_text(journal.read_only_reason), "warn"))
    if on_temporary_server():
        # Calm words and the backup one click away: losing the work is the only real risk.
        text = say("frame.notices.temporary", minutes=frame.idle_minutes())
        box = VBox([notice(html_text(text)), BackupDownload(journal)],
                   _dom_classes=("nr-temporary-notice",))
        notes.append(box)
    return notes
