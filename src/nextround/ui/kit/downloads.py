"""Downloads that work in Voila and in JupyterLab: the file travels inside the link itself.

`FileLink` and server file URLs are refused by Voila (it serves no files of ours), so a
download is an `<a download="name" href="data:…;base64,…">` in an HTML widget: the browser
saves it without asking the server anything, and it works offline.

A file that reflects the journal (the backup, the report) is built when the person asks for
it, never at page load, so the link always holds what the journal holds at that moment.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Callable

import ipywidgets as widgets

from nextround.safe_text import html_attr, html_text
from nextround.store.journal import Journal
from nextround.ui.kit.looks import HBox, VBox, button
from nextround.ui.kit.saving import WRITE_ERRORS
from nextround.words import say

log = logging.getLogger(__name__)

def human_size(size: int) -> str:
    """A byte count a person reads at a glance: 812 bytes, 14.2 KB, 3.1 MB (1 KB = 1024 bytes,
    as the backup limit is counted)."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def download_markup(label: str, filename: str, data: bytes, mime: str) -> str:
    """An HTML link that saves `data` as `filename` when clicked."""
    return (f'<a class="nr-download" download="{html_attr(filename)}" '
            f'href="{data_uri(data, mime)}">{html_text(label)}</a>')


class DownloadLink(widgets.HTML):
    """One download link; empty until `show` is called."""

    def __init__(self):
        super().__init__("")
        self.add_class("nr-download-link")
        self.filename: str | None = None
        self.data: bytes | None = None

    def show(self, label: str, filename: str, data: bytes, mime: str, note: str = "") -> None:
        self.filename, self.data = filename, data
        extra = f' <span class="nr-muted">{html_text(note)}</span>' if note else ""
        self.value = download_markup(label, filename, data, mime) + extra

    def clear(self) -> None:
        self.filename = self.data = None
        self.value = ""


class BuildStatus(widgets.HTML):
    """Says in words what a download is doing: preparing, or why it could not be made."""

    def __init__(self):
        super().__init__("")
        self.add_class("nr-status")
        self.state = "idle"

    def idle(self) -> None:
        self.remove_class("nr-status-error")
        self.value, self.state = "", "idle"

    def working(self) -> None:
        self.remove_class("nr-status-error")
        self.value, self.state = html_text(say("kit.downloads.preparing")), "working"

    def error(self, message: str) -> None:
        self.add_class("nr-status-error")
        self.value, self.state = html_text(say("kit.downloads.not_prepared", reason=message)), "error"


class PreparedDownload(VBox):
    """A button that builds a file from the journal now, then offers it as a link.

    `build()` returns `(filename, data, mime)`. The link says how big the file is and when it
    was made, so a person can tell a fresh one from one made an hour ago.
    """

    def __init__(self, button_label: str, link_label: str,
                 build: Callable[[], tuple[str, bytes, str]], *, css_class: str,
                 clock: Callable[[], dt.datetime] = dt.datetime.now):
        self._build = build
        self._link_label = link_label
        self._clock = clock
        self.button = button(button_label, style="primary")
        self.button.on_click(lambda _b: self.prepare())
        self.status = BuildStatus()
        self.link = DownloadLink()
        super().__init__([HBox([self.button, self.status]), self.link])
        self.add_class(css_class)

    def prepare(self) -> bool:
        """Build the file now. True when a fresh link is on screen."""
        self.link.clear()
        self.status.working()
        try:
            filename, data, mime = self._build()
        except WRITE_ERRORS as exc:
            log.warning("could not prepare %s: %s", self._link_label, exc)
            self.status.error(str(exc))
            return False
        self.status.idle()
        made = self._clock()
        self.link.show(f"{self._link_label} ({filename})", filename, data, mime,
                       note=say("kit.downloads.made", size=human_size(len(data)),
                                time=f"{made:%H:%M:%S}"))
        return True


def backup_file(journal: Journal, today: dt.date | None = None) -> tuple[str, bytes, str]:
    from nextround.documents.backup import backup_text

    today = today or dt.date.today()
    return (f"nextround-backup-{today.isoformat()}.json", backup_text(journal).encode("utf-8"),
            "application/json")


class BackupDownload(PreparedDownload):
    """"Prepare my backup": the whole journal as a JSON file to keep and restore later."""

    def __init__(self, journal: Journal, **kwargs):
        super().__init__(say("kit.downloads.backup_button"), say("kit.downloads.backup_link"),
                         lambda: backup_file(journal), css_class="nr-backup-download", **kwargs)


def report_file(journal: Journal, today: dt.date | None = None) -> tuple[str, bytes, str]:
    from nextround.documents.report import build_report

    today = today or dt.date.today()
    text = build_report(journal, today=today)
    return f"nextround-report-{today.isoformat()}.html", text.encode("utf-8"), "text/html"


class ReportDownload(PreparedDownload):
    """"Prepare my report": one HTML file with the charts and your own words."""

    def __init__(self, journal: Journal, **kwargs):
        super().__init__(say("kit.downloads.report_button"), say("kit.downloads.report_link"),
                         lambda: report_file(journal),
                         css_class="nr-report-download", **kwargs)
