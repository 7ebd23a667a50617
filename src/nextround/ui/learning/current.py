"""Stay current in your niche: topics and trends to follow, sources, and short notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


from nextround.safe_text import html_text
from nextround.store import topics as topic_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.kit.cards import CardList
from nextround.ui.learning.parts import _added_first, _disable, _remove_entry, _w
from nextround.words import say


# ------------------------------------------------------------------------ stay current
class StayCurrent(kit.Section):
    """Topics and trends to follow, where to follow them, and short dated notes."""

    def __init__(self, journal: Journal, today: Callable[[], dt.date]):
        self.journal = journal
        self.today = today
        w = _w()
        self.name = kit.text_input(say("learning.current.topic_label"), w["topic_prompt"])
        self.sources = kit.text_input(say("learning.current.sources_label"), w["sources_prompt"])
        self.add_button = kit.button(say("learning.current.add_button"), style="primary")
        self.add_button.on_click(lambda _b: self.add())
        self.status = kit.SaveStatus()
        _disable(journal, self.add_button)
        self.topic_list = CardList(
            lambda topic: TopicCard(self.journal, topic, self.today, self.refresh),
            noun=(say("learning.current.topic_one"), say("learning.current.topic_many")),
            empty=say("learning.current.none"))
        self._added: list[int] = []  # topics added in this sitting, shown first
        super().__init__("", "", [self.name, self.sources,
                                  kit.HBox([self.add_button, self.status]), self.topic_list])
        self.add_class("nr-exercise-current")
        self.refresh()

    @property
    def cards(self) -> dict[int, TopicCard]:
        """The topic cards built so far, topic id → card."""
        return self.topic_list.cards

    def add(self) -> None:
        row = kit.save_with(self.status, lambda: topic_store.add_topic(
            self.journal, self.name.value, self.sources.value))
        if row is not None:
            self.name.value = self.sources.value = ""
            self._added.append(row["id"])
            self.refresh()

    def refresh(self) -> None:
        self.topic_list.flush()
        self.topic_list.show(_added_first(topic_store.all_topics(self.journal), self._added))


class TopicCard(kit.VBox):
    def __init__(self, journal: Journal, topic: Row, today: Callable[[], dt.date],
                 on_removed: Callable[[], None]):
        self.journal = journal
        self.fields = {"name": kit.text_input(say("learning.current.topic_label")),
                       "sources": kit.text_input(say("learning.current.sources_label"))}
        self.form = kit.RowForm(journal, "topics", self.fields)
        self.form.load(topic)
        self.note_day = kit.date_input(say("learning.current.noted_on"))
        self.note_day.value = today()
        self.note_text = kit.text_input(say("learning.current.note_label"), _w()["note_prompt"],
                                        multiline=True, rows=2)
        self.note_button = kit.button(say("learning.current.note_button"))
        self.note_button.on_click(lambda _b: self.add_note())
        self.note_status = kit.SaveStatus()
        self.note_list = kit.html("")
        self._show_notes()
        self.remove = kit.ConfirmButton(say("learning.current.remove_button"),
                                        say("learning.current.remove_question"),
                                        lambda: self._remove(on_removed))
        self.remove.disabled = journal.read_only
        _disable(journal, self.note_button)
        super().__init__([*self.fields.values(), self.form.status, self.note_list,
                          self.note_day, self.note_text,
                          kit.HBox([self.note_button, self.note_status]), self.remove])
        self.add_class("nr-card")
        self.add_class("nr-topic-card")

    def flush(self) -> None:
        self.form.flush()

    def add_note(self) -> None:
        row = kit.save_with(self.note_status, lambda: topic_store.add_note(
            self.journal, self.form.row["id"], self.note_text.value, self.note_day.value))
        if row is not None:
            self.note_text.value = ""
            self._show_notes()

    def _show_notes(self) -> None:
        rows = topic_store.notes(self.journal, self.form.row["id"])
        items = "".join(f"<li>{html_text(n['noted_on'] or '')}: "
                        f"{html_text(n['text'], multiline=True)}</li>" for n in rows)
        self.note_list.value = f'<ul class="nr-list">{items}</ul>' if rows else ""

    def _remove(self, on_removed: Callable[[], None]) -> None:
        _remove_entry(self, "topics", topic_store.remove_topic, on_removed)
