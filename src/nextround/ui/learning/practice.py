"""Practice: the deck of your own surprise questions, due ones first, and what waits today."""

from __future__ import annotations


import ipywidgets as widgets

from nextround.rules import star_check
from nextround.safe_text import html_text
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.learning.parts import Clock, _disable, _w
from nextround.words import say


class DueToday(widgets.HTML):
    """One line at the top: what is waiting in this step today."""

    def __init__(self, journal: Journal, clock: Clock):
        super().__init__()
        self.add_class("nr-summary")
        self.journal, self.clock = journal, clock
        kit.listen(self, journal, {"questions", "answer_versions", "practice_cards", "goals"},
                   lambda _tables: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        now = self.clock()
        due = len(practice.due(self.journal, now))
        today = now.astimezone().date().isoformat()
        active = [g for g in self.journal.rows("goals", {"status": "active"})]
        soon = sum(1 for g in active if g["deadline"] and g["deadline"] <= today)
        goals = len(active)
        parts = [say("learning.page.to_practise_one", count=due) if due == 1 else
                 say("learning.page.to_practise_many", count=due),
                 say("learning.page.active_goals_one", count=goals) if goals == 1 else
                 say("learning.page.active_goals_many", count=goals)]
        if soon:
            parts.append(say("learning.page.deadline_one", count=soon) if soon == 1 else
                         say("learning.page.deadline_many", count=soon))
        self.value = html_text(say("learning.page.today", parts=", ".join(parts)))


# ----------------------------------------------------------------------------- practice
class PracticeDeck(kit.Section):
    """Due questions first: recall, reveal the better answer, rate, and FSRS schedules."""

    def __init__(self, journal: Journal, clock: Clock):
        self.journal = journal
        self.clock = clock
        self.entry: practice.DeckEntry | None = None
        self.revealed = False
        self.summary = kit.html("", "nr-summary")
        self.question = kit.html("")
        self.reveal_button = kit.button(say("learning.practice.reveal_button"), style="primary")
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.answer = kit.html("")
        w = _w()
        self.confidence = kit.RatingInput(say("learning.practice.confidence_label"),
                                          w["confidence_labels"], start=1)
        self.rate_buttons = []
        for rating, (label, hint) in enumerate(zip(w["practice_rating_buttons"],
                                                   w["practice_ratings"]), start=1):
            b = kit.button(label, tooltip=hint)
            b.on_click(lambda _b, r=rating: self.rate(r))
            self.rate_buttons.append(b)
        self.rating_help = kit.html(html_text(" · ".join(w["practice_ratings"])), "nr-muted")
        self.status = kit.SaveStatus()
        _disable(journal, self.reveal_button, *self.rate_buttons)
        self.rating_box = kit.VBox([
            self.answer, kit.prompt(say("learning.practice.how_did_it_go")), self.rating_help,
            kit.HBox(self.rate_buttons), self.confidence])
        super().__init__("", "", [self.summary, self.question, self.reveal_button,
                                  self.rating_box, self.status])
        self.add_class("nr-exercise-practice")
        kit.listen(self, journal, None, self._journal_changed)
        self.show_next()

    def _journal_changed(self, tables: set[str]) -> None:
        # A new or edited better answer joins the deck; a card half-way through stays put.
        if tables & {"questions", "answer_versions", "practice_cards"} and not self.revealed:
            self.show_next(keep_status=True)

    def show_next(self, keep_status: bool = False) -> None:
        now = self.clock()
        due = practice.due(self.journal, now)
        self.revealed = False
        kit.show(self.rating_box, False)
        self.confidence.value = None
        if not keep_status:
            self.status.idle()
        if not due:
            self.entry = None
            self.summary.value = html_text(practice.nothing_due_message(self.journal, now))
            self.question.value = ""
            kit.show(self.reveal_button, False)
            return
        self.entry = due[0]
        self.summary.value = html_text(
            say("learning.practice.due_one", count=len(due)) if len(due) == 1 else
            say("learning.practice.due_many", count=len(due)))
        q = self.entry.question
        meta = " · ".join(x for x in (q.get("category"), self._process_name(q)) if x)
        self.question.value = (
            f'<div class="nr-card-title">{html_text(q["text"], multiline=True)}</div>'
            + (f'<div class="nr-muted">{html_text(meta)}</div>' if meta else "")
            + f'<div class="nr-prompt">{html_text(_w()["recall_prompt"])}</div>')
        kit.show(self.reveal_button)

    def _process_name(self, question: Row) -> str:
        process = self.journal.get("processes", question["process_id"]) if question.get(
            "process_id") else None
        return process_store.describe(process) if process else ""

    def reveal(self) -> None:
        if self.entry is None:
            return
        answer = question_store.latest_answer(self.journal, self.entry.question["id"]) or {}
        labels = {field: label for field, label, _ in star_check.star_parts()}
        labels["learned"] = say("learning.answer.learned_label")
        self.answer.value = "".join(
            f"<p><b>{html_text(labels[f])}:</b> {html_text(answer.get(f), multiline=True)}</p>"
            for f in question_store.ANSWER_FIELDS if answer.get(f))
        self.revealed = True
        kit.show(self.reveal_button, False)
        kit.show(self.rating_box)

    def rate(self, rating: int) -> None:
        if self.entry is None or not self.revealed:
            return
        now = self.clock()
        card = kit.save_with(self.status, lambda: practice.review(
            self.journal, self.entry.question["id"], rating, now,
            confidence=self.confidence.value))
        if card is None:
            return
        when = practice.describe_when(practice.parse_time(card["due_at"]), now)
        self.revealed = False
        self.show_next(keep_status=True)
        self.status.value = html_text(say("learning.practice.saved", when=when))
