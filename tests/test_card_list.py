"""CardList: a long list of cards built a page at a time, reusing cards across refreshes."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from nextround.safe_text import html_text
from nextround.ui.kit.cards import CardList
from widget_tree import find, text_of


class Card(widgets.HTML):
    def __init__(self, row: dict):
        super().__init__(html_text(row["text"]))
        self.row = row
        self.flushed = 0

    def flush(self) -> None:
        self.flushed += 1


class Maker:
    """Builds cards and remembers which rows it was asked for."""

    def __init__(self):
        self.built: list[int] = []

    def __call__(self, row: dict) -> Card:
        self.built.append(row["id"])
        return Card(row)


def rows(count: int, start: int = 1) -> list[dict]:
    return [{"id": i, "text": f"Goal {i}"} for i in range(start, start + count)]


@pytest.fixture
def make():
    return Maker()


def shown_ids(cards: CardList) -> list[int]:
    return [child.row["id"] for child in cards.children if isinstance(child, Card)]


def test_only_the_first_page_is_built_and_the_rest_is_counted_in_words(make):
    cards = CardList(make, noun=("goal", "goals"))
    cards.show(rows(25))
    assert make.built == list(range(1, 11))
    assert shown_ids(cards) == list(range(1, 11))
    assert list(cards.cards) == list(range(1, 11))
    assert cards.children == (*cards.cards.values(), cards.footer)  # the count line last
    assert text_of(cards.count_line) == "Showing 10 of 25 goals."
    assert cards.more_button.description == "Show 10 more"


def test_show_more_appends_the_next_page_and_keeps_the_cards_shown(make):
    cards = CardList(make, noun=("goal", "goals"))
    cards.show(rows(25))
    first = list(cards.cards.values())
    cards.more_button.click()
    assert len(cards.cards) == 20 and make.built == list(range(1, 21))
    assert all(a is b for a, b in zip(first, list(cards.cards.values())[:10]))
    assert text_of(cards.count_line) == "Showing 20 of 25 goals."
    assert cards.more_button.description == "Show 5 more"
    cards.more_button.click()
    assert shown_ids(cards) == list(range(1, 26))
    assert cards.footer not in cards.children  # nothing left to show


def test_a_refresh_reuses_cards_and_keeps_the_pages_opened(make):
    cards = CardList(make, noun=("goal", "goals"))
    cards.show(rows(25))
    cards.show_more()
    before = dict(cards.cards)
    cards.show(rows(1, start=100) + rows(25))  # one new row, first
    assert make.built == list(range(1, 21)) + [100]
    assert len(cards.cards) == 20  # the person had opened 20
    assert all(cards.cards[i] is before[i] for i in range(1, 20))
    assert shown_ids(cards) == [100] + list(range(1, 20))
    assert text_of(cards.count_line) == "Showing 20 of 26 goals."


def test_a_changed_key_rebuilds_only_that_card_and_the_old_one_is_kept_a_while(make):
    cards = CardList(make, key=lambda row: (row["id"], row["text"]))
    data = rows(3)
    cards.show(data)
    old = cards.cards[(2, "Goal 2")]
    data[1] = {"id": 2, "text": "Goal 2, renamed"}
    cards.show(data)
    assert make.built == [1, 2, 3, 2]
    assert cards.cards[(2, "Goal 2, renamed")] is not old
    assert list(cards.cards) == [(1, "Goal 1"), (2, "Goal 2, renamed"), (3, "Goal 3")]
    assert cards.children == tuple(cards.cards.values())
    # The old card is off the page but still saves until the next show(): a save it was
    # waiting to make still runs.
    cards.flush()
    assert old.flushed == 1 and all(card.flushed == 1 for card in cards.cards.values())
    cards.show(data)
    cards.flush()
    assert old.flushed == 1 and all(card.flushed == 2 for card in cards.cards.values())


def test_a_page_follows_the_new_order(make):
    cards = CardList(make)
    cards.show(rows(3))
    cards.show(list(reversed(rows(3))))
    assert shown_ids(cards) == [3, 2, 1] and make.built == [1, 2, 3]


def test_a_short_list_has_no_button(make):
    cards = CardList(make)
    cards.show(rows(10))
    assert len(cards.children) == 10 and cards.footer not in cards.children


def test_one_hidden_row_is_counted_in_the_singular_page(make):
    cards = CardList(make, page_size=1, noun=("topic", "topics"))
    cards.show(rows(2))
    assert text_of(cards.count_line) == "Showing 1 of 2 topics."
    assert cards.more_button.description == "Show 1 more"


def test_no_rows_shows_the_empty_words_escaped(make):
    cards = CardList(make, empty="No <goals> yet.")
    cards.show(rows(3))
    cards.show([])
    assert cards.children == (cards.empty,)
    assert text_of(cards.empty) == "No <goals> yet." and "<goals>" not in cards.empty.value
    assert find(cards, widgets.HTML, classes="nr-muted") is cards.empty
    assert cards.cards == {}
    silent = CardList(make, empty="")
    silent.show([])
    assert silent.children == ()


def test_card_text_stays_escaped(make):
    cards = CardList(make)
    cards.show([{"id": 1, "text": "<script>alert(1)</script>"}])
    value = cards.cards[1].value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in value and "<script>" not in value


def test_page_size_must_be_positive(make):
    with pytest.raises(ValueError):
        CardList(make, page_size=0)
