"""Sort the reasons: each possible reason into within my control, outside my control, or can't know."""

from __future__ import annotations


import ipywidgets as widgets

from nextround import specs
from nextround.rules.states import CONTROL
from nextround.safe_text import html_text
from nextround.store import reasons as reason_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.review import _ForProcess
from nextround.words import say, words


# ---------------------------------------------------------------------- sort the reasons
class ReasonCard(kit.VBox):
    """One possible reason with its three piles; choosing a pile keeps it in the journal."""

    def __init__(self, journal: Journal, process_id: int, *, row: Row | None = None,
                 candidate: reason_store.Candidate | None = None, on_change=None):
        self.journal = journal
        self._on_change = on_change
        text = row["text"] if row else candidate.text
        source = row["source"] if row else candidate.source
        labels = words()["reasons"]["words"]["control_labels"]
        self.pile = widgets.ToggleButtons(
            description=say("reasons.words.pile_label"), options=list(zip(labels, CONTROL)),
            value=None,
            style=kit.style(widgets.ToggleButtons, description_width="4rem",
                                   button_width="auto"))
        self.form = kit.RowForm(journal, "reasons", {"control": self.pile}, on_saved=self._saved)
        if row:
            self.form.load(row)
        else:
            self.form.load(None, key={"process_id": process_id, "text": text, "source": source})
        self.remove = kit.ConfirmButton(say("reasons.words.remove_button"),
                                        say("reasons.words.remove_question"), self._remove)
        self.remove.disabled = journal.read_only
        kit.show(self.remove, bool(row))
        self.text = text
        super().__init__([
            kit.html(f"{html_text(text, multiline=True)} "
                     f'<span class="nr-muted">· {html_text(reason_store.source_label(source))}</span>'),
            kit.HBox([self.pile, self.form.status, self.remove],
                     layout=kit.layout(flex_flow="row wrap", align_items="center")),
        ])
        self.add_class("nr-card")

    def _saved(self, row: Row) -> None:
        kit.show(self.remove)
        if self._on_change:
            self._on_change()

    def _remove(self) -> None:
        try:
            reason_store.remove_reason(self.journal, self.form.row)
        except kit.WRITE_ERRORS as exc:
            self.form.status.error(kit.save_error_message(exc))
            return
        if self._on_change:
            self._on_change(rebuild=True)


class SortReasons(_ForProcess):
    """Candidate reasons from the journal and common outside causes, sorted into three piles."""

    name = "reasons"

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        self.cards: list[ReasonCard] = []
        self.journal = journal
        self.chart = kit.ChartPanel(specs.get("fit.control"), journal)
        super().__init__(journal, picker)
        self.add_class("nr-exercise-reasons")

    def reload(self) -> None:
        for card in self.cards:
            card.form.flush()
        super().reload()

    def build(self, process: Row) -> list[widgets.Widget]:
        r = words()["reasons"]["words"]
        self.process_id = process["id"]
        self.list = kit.VBox()
        self.share = kit.html("", "nr-summary")
        self.own = kit.text_input(say("reasons.words.own_label"), r["own_prompt"])
        self.add_button = kit.button(say("reasons.words.add_button"), style="primary")
        self.add_button.on_click(lambda _b: self.add_own())
        self.add_button.disabled = self.journal.read_only
        self.own_status = kit.SaveStatus()
        self._fill()
        return [kit.prompt(r["sort_prompt"]), self.list,
                kit.HBox([self.own, self.add_button, self.own_status]),
                self.share, kit.html(html_text(r["not_a_verdict"]), "nr-muted"), self.chart]

    def _fill(self) -> None:
        for card in self.cards:
            card.form.flush()
        pid = self.process_id
        sorted_rows = reason_store.sorted_reasons(self.journal, pid)
        self.cards = [ReasonCard(self.journal, pid, row=row, on_change=self._changed)
                      for row in sorted_rows]
        self.cards += [ReasonCard(self.journal, pid, candidate=c, on_change=self._changed)
                       for c in reason_store.candidates(self.journal, pid)]
        self.list.children = self.cards or [
            kit.html(html_text(words()["reasons"]["words"]["nothing_yet"]), "nr-muted")]
        self._show_share()

    def _changed(self, rebuild: bool = False) -> None:
        if rebuild:
            self._fill()
        else:
            self._show_share()

    def _show_share(self) -> None:
        sentence = reason_store.share_sentence(
            reason_store.sorted_reasons(self.journal, self.process_id))
        self.share.value = html_text(sentence)

    def card(self, text: str) -> ReasonCard:
        """The card of one reason, by its text."""
        return next(c for c in self.cards if c.text == text)

    def add_own(self) -> None:
        try:
            reason_store.add_own_reason(self.journal, self.process_id, self.own.value)
        except kit.WRITE_ERRORS as exc:
            self.own_status.error(kit.save_error_message(exc))
            return
        self.own.value = ""
        self.own_status.saved()
        self._fill()
