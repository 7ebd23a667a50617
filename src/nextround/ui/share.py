"""Share with my coach (My progress): an anonymous summary, shown before it goes, asked every
time, and taken back at will.

"Show what I would share" makes the summary now and shows it in words and as the file
itself; only "Share this with my coach" sends it, and what it sends is exactly those bytes.
Where the server has a drop box (NEXTROUND_COHORT_DIR, e.g. on a JupyterHub), it goes in
there; otherwise it becomes a download to hand in. The rules live in
`documents.cohort.sharing`; this is the form around them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import ipywidgets as widgets

from nextround.documents.cohort import drop_box, sharing
from nextround.safe_text import NO_MATH, html_attr, html_text
from nextround.store.journal import Journal
from nextround.ui import kit
from nextround.ui.kit.downloads import DownloadLink
from nextround.words import say, words

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

# Scoped to the preview widget: page-wide rules for `pre` and widget text are more specific
# than a class alone.
CSS = """<style>
.nr-share-preview pre.nr-share-content { max-height: 18rem; overflow: auto; font-size: 0.85em;
  margin: 4px 0; padding: 6px 8px; border: 1px solid var(--jp-border-color2, #d0d4da);
  border-radius: 4px; background: var(--jp-layout-color2, #f6f7f9); white-space: pre;
  line-height: 1.35; }
.nr-share-preview .nr-share-sentences li { margin: 2px 0; line-height: 1.4; }
</style>"""


def _local_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def preview_markup(prepared: sharing.Prepared) -> str:
    """The summary in words, then the file itself: everything that would go."""
    w = words()["share"]
    sentences = "".join(f"<li>{html_text(s)}</li>" for s in prepared.sentences())
    content = html_attr(prepared.data.decode("utf-8"))
    return (f'{CSS}<div class="nr-prompt">{html_text(w["preview_title"])}</div>'
            f'<ul class="nr-list nr-share-sentences">{sentences}</ul>'
            f'<div class="nr-prompt">{html_text(w["content_title"])}</div>'
            f'<pre class="nr-share-content {NO_MATH}">{content}</pre>')


class ShareWithCoach(kit.Section):
    def __init__(self, journal: Journal, clock: Clock | None = None):
        w = words()["share"]
        self.journal = journal
        self.clock = clock or _local_now
        self.folder = drop_box.configured()
        self.prepared: sharing.Prepared | None = None
        where = w["where_drop_box"] if self.folder is not None else w["where_download"]
        intro = [kit.html(html_text(w["what_goes"])), kit.html(html_text(w["never_goes"])),
                 kit.html(html_text(where), "nr-muted")]
        if self.folder is not None:
            intro.append(kit.html(html_text(w["account_note"]), "nr-muted"))
        self.before = kit.html("", "nr-muted")
        self.show_button = kit.button(w["show_button"], style="primary")
        self.show_button.on_click(lambda _b: self.show())
        self.confirm_button = kit.button(w["confirm_button"], style="success")
        self.confirm_button.on_click(lambda _b: self.confirm())
        self.cancel_button = kit.button(w["cancel_button"])
        self.cancel_button.on_click(lambda _b: self.cancel())
        self.preview = kit.html("", "nr-share-preview")
        self.asking = kit.VBox([])
        self.status = widgets.HTML("", _dom_classes=("nr-status", "nr-share-status"))
        self.link = DownloadLink()
        self.take_back_button = kit.ConfirmButton(w["take_back_button"],
                                                  w["take_back_question"], self.take_back)
        self.taking_back = kit.VBox([])
        super().__init__(w["title"], w["purpose"], [
            *intro, self.before, kit.HBox([self.show_button]), self.asking, self.status,
            self.link,
            self.taking_back])
        self.add_class("nr-exercise-share")
        if journal.read_only:
            self.show_button.disabled = True
            self._say(w["read_only"], error=True)
        kit.listen(self, journal, {"settings"}, lambda _tables: self.refresh())
        self.refresh()

    # -- what the page says
    def _say(self, text: str, *, error: bool = False) -> None:
        if error:
            self.status.add_class("nr-status-error")
        else:
            self.status.remove_class("nr-status-error")
        self.status.value = html_text(text)

    def _time(self) -> str:
        return f"{self.clock().astimezone():%H:%M}"

    def _today(self) -> dt.date:
        return self.clock().astimezone().date()

    def refresh(self) -> None:
        """Whether there is something shared to take back (another tab may have shared)."""
        current = sharing.state(self.journal)
        self.before.value = html_text(say("share.shared_before")) if current.shared else ""
        can_take_back = current.shared and not self.journal.read_only
        self.taking_back.children = [self.take_back_button] if can_take_back else []

    @property
    def asking_now(self) -> bool:
        return self.prepared is not None

    # -- the steps
    def show(self) -> bool:
        """Make the summary now and show exactly what would go; nothing is sent."""
        self.link.clear()
        self._say(say("kit.downloads.preparing"))  # the first summary loads the schema checker
        try:
            self.prepared = sharing.prepare(self.journal, self._today())
        except kit.WRITE_ERRORS as exc:
            log.warning("summary not prepared: %s", exc)
            self.prepared = None
            self.asking.children = []
            self._say(say("share.not_shared", reason=kit.save_error_message(exc)), error=True)
            return False
        self.preview.value = preview_markup(self.prepared)
        self.asking.children = [self.preview,
                                kit.HBox([self.confirm_button, self.cancel_button])]
        self._say(say("share.asked_every_time"))
        return True

    def cancel(self) -> None:
        self.prepared = None
        self.asking.children = []
        self._say(say("share.asked_every_time"))

    def confirm(self) -> bool:
        """Share the summary shown, and only that; the next share asks again."""
        prepared, self.prepared = self.prepared, None
        self.asking.children = []
        if prepared is None:
            return False
        return self._deliver(prepared, "shared")

    def take_back(self) -> bool:
        """Take back everything shared: the coach's page leaves this person out."""
        self.cancel()
        try:
            prepared = sharing.prepare_withdrawal(self.journal, self._today())
        except kit.WRITE_ERRORS as exc:
            self._say(say("share.not_shared", reason=kit.save_error_message(exc)), error=True)
            return False
        return self._deliver(prepared, "taken_back")

    def _deliver(self, prepared: sharing.Prepared, done: str) -> bool:
        try:
            if self.folder is not None:
                sharing.into_drop_box(self.journal, prepared, self.folder)
            else:
                sharing.handed_in(self.journal, prepared)
        except kit.WRITE_ERRORS as exc:
            log.warning("summary not shared: %s", exc)
            self._say(say("share.not_shared", reason=kit.save_error_message(exc)), error=True)
            return False
        if self.folder is not None:
            self._say(say(f"share.{done}_drop_box", time=self._time()))
        else:
            label = say("share.download_link" if done == "shared" else "share.withdrawal_link")
            self.link.show(label, prepared.filename, prepared.data, "application/json")
            self._say(say(f"share.{done}_download", time=self._time()))
        self.refresh()
        return True
