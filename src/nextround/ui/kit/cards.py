"""Lists of cards: `CardList` shows a long list a page at a time, `ListEditor` adds a way to
add one more. Every list of cards in the workbooks is one of these.

Every widget is sent to the browser before a Voila page becomes usable, so a list of hundreds
of cards (each a score of widgets) would keep the page blank for seconds. `CardList` builds
cards only for the rows on screen, offers the next page with a button, and reuses each built
card while its row's key stays the same: refreshing after one change rebuilds only what
changed, and widgets the browser may still be drawing are never closed under it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

import ipywidgets as widgets

from nextround.safe_text import html_text
from nextround.store.journal import Row
from nextround.ui.kit.looks import HBox, VBox, button, html, layout, show
from nextround.ui.kit.saving import SaveStatus, try_write
from nextround.words import say


def _by_id(row: Any) -> Hashable:
    return row["id"]


def _by_revision(row: Any) -> Hashable:
    """A journal row's card shows it as it was read: a new revision needs a new card."""
    return (row["id"], row["rev"])


class CardList(VBox):
    """Cards for `rows`, in their order, `page_size` at a time.

    `make_card(row)` builds one card; `key(row)` names what the card shows (a card is reused
    while its key is unchanged, so keys must be unique within one list). `noun` is the
    singular and plural of what the rows are, for the count line. `cards` holds the built
    cards, key → card, in the order shown.
    """

    def __init__(self, make_card: Callable[[Any], widgets.Widget], *,
                 key: Callable[[Any], Hashable] = _by_id, page_size: int = 10,
                 empty: str | None = None, noun: tuple[str, str] | None = None):
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self._make_card = make_card
        self._key = key
        self.page_size = page_size
        self.visible = page_size  # how many rows the person has opened; kept across show()
        self.noun = noun or (say("kit.cards.item"), say("kit.cards.items"))
        empty = say("kit.cards.empty") if empty is None else empty
        self.cards: dict[Hashable, widgets.Widget] = {}
        self._rows: list[Any] = []
        # Cards that dropped out at the last show(): kept alive until the next one, so a save
        # waiting in one of them still runs and the browser can finish drawing them.
        self._dropped: list[widgets.Widget] = []
        self._empty_text = empty  # "" shows nothing: the caller says it elsewhere
        self.empty = html(html_text(empty), "nr-muted")
        self.count_line = html("", "nr-muted", margin="0 1em 0 0")
        self.more_button = button(say("kit.cards.show_more", count=page_size))
        self.more_button.on_click(lambda _b: self.show_more())
        self.footer = HBox([self.count_line, self.more_button],
                             layout=layout(align_items="center"))
        self.footer.add_class("nr-card-list-more")
        super().__init__([])
        self.add_class("nr-card-list")

    @property
    def hidden(self) -> int:
        """How many rows have no card yet."""
        return len(self._rows) - len(self.cards)

    def show(self, rows: Iterable[Any]) -> None:
        """Lay out `rows`: a card for each of the first `visible`, reusing built ones."""
        self._rows = list(rows)
        previous = self.cards
        self.cards = {}
        for row in self._rows[:self.visible]:
            key = self._key(row)
            self.cards[key] = previous.pop(key) if key in previous else self._make_card(row)
        self._dropped = list(previous.values())
        self._lay_out()

    def show_more(self) -> None:
        """Build the next page and append it; the cards already shown stay as they are."""
        start = len(self.cards)
        self.visible = start + self.page_size
        for row in self._rows[start:self.visible]:
            self.cards[self._key(row)] = self._make_card(row)
        self._lay_out()

    def flush(self) -> None:
        """Save now whatever a built card is waiting to save."""
        for card in [*self.cards.values(), *self._dropped]:
            flush = getattr(card, "flush", None)
            if callable(flush):
                flush()

    def _lay_out(self) -> None:
        if not self._rows:
            self.children = [self.empty] if self._empty_text else []
            return
        hidden = self.hidden
        if hidden > 0:
            singular, plural = self.noun
            total = len(self._rows)
            self.count_line.value = html_text(say(
                "kit.cards.showing", shown=len(self.cards), total=total,
                noun=singular if total == 1 else plural))
            self.more_button.description = say("kit.cards.show_more",
                                               count=min(self.page_size, hidden))
            self.more_button.tooltip = self.more_button.description
        self.children = [*self.cards.values(), *([self.footer] if hidden > 0 else [])]


class ListEditor(VBox):
    """An ordered list of cards built from journal rows, with an add button: a `CardList`
    (a page of cards at a time, each card rebuilt only when its row changed) and a line to
    add one more.

    `load_rows()` returns the rows in order, `make_card(row)` builds one card, `add_row()`
    creates a new row. Call `refresh()` when the list may have changed.
    """

    def __init__(self, load_rows: Callable[[], list[Row]], make_card: Callable[[Row], widgets.Widget],
                 add_row: Callable[[], Row | None], *, add_label: str, empty_text: str,
                 max_items: int | None = None, read_only: bool = False, page_size: int = 10):
        self._load_rows = load_rows
        self._add_row = add_row
        self.max_items = max_items
        self.list = CardList(make_card, key=_by_revision, page_size=page_size, empty=empty_text)
        self.add_button = button(add_label, style="primary")
        self.add_button.on_click(lambda _b: self.add())
        self.add_button.disabled = read_only
        self.error = SaveStatus()
        super().__init__([self.list, HBox([self.add_button, self.error])])
        self.refresh()

    @property
    def cards(self) -> list[widgets.Widget]:
        return list(self.list.cards.values())

    def refresh(self) -> None:
        rows = self._load_rows()
        self.list.show(rows)
        show(self.add_button, self.max_items is None or len(rows) < self.max_items)

    def flush(self) -> None:
        self.list.flush()

    def add(self) -> None:
        if try_write(self._add_row, self.error):
            self.error.idle()
            self.refresh()
