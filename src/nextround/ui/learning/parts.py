"""Pieces shared by step 4's exercises: the clock, removing an entry, the process and stage lists."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import ipywidgets as widgets

from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.words import say, words


log = logging.getLogger(__name__)


Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _w() -> dict:
    return words()["learning"]


def _disable(journal: Journal, *controls: widgets.Widget) -> None:
    if journal.read_only:
        for control in controls:
            control.disabled = True


def _remove_entry(card: kit.VBox, table: str,
                  remove: Callable[[Journal, Row], object], on_removed: Callable[[], None]) -> None:
    """Remove the row a card edits. What is typed is saved first, and the row is read again
    so the removal checks the revision just written; `on_removed` runs once it is gone."""
    card.flush()
    row = card.journal.get(table, card.form.row["id"])
    if row is None or kit.try_write(lambda: remove(card.journal, row), card.form.status):
        on_removed()


def _added_first(rows: list[Row], added: list[int]) -> list[Row]:
    """`rows` with those added in this sitting first, newest first: a new card opens where
    the person is looking, not behind "Show more". A reload puts it back in its place."""
    by_id = {row["id"]: row for row in rows}
    first = [by_id[i] for i in reversed(added) if i in by_id]
    pinned = {row["id"] for row in first}
    return first + [row for row in rows if row["id"] not in pinned]


# ------------------------------------------------------------------ surprise questions
def _process_options(journal: Journal) -> list[tuple[str, int | None]]:
    return [(say("learning.questions.none_option"), None)] + [(process_store.describe(p), p["id"])
                                   for p in journal.rows("processes", order_by="id DESC")]


def _stage_options(journal: Journal, process_id: int | None) -> list[tuple[str, int | None]]:
    options: list[tuple[str, int | None]] = [(say("learning.questions.none_option"), None)]
    if process_id is not None:
        for stage in process_store.stages(journal, process_id):
            number = stage["position"] + 1
            label = (say("learning.questions.stage_kind", number=number, kind=stage["kind"])
                     if stage.get("kind") else say("learning.questions.stage", number=number))
            options.append((label, stage["id"]))
    return options


def _dropdown(label: str, options) -> widgets.Dropdown:
    return widgets.Dropdown(description=label, options=options, value=None,
                            style=kit.label_style(),
                            layout=kit.layout(width="min(100%, 40rem)"))


def _link_stage_to_process(journal: Journal, process: widgets.Dropdown,
                           stage: widgets.Dropdown) -> None:
    def follow(change) -> None:
        options = _stage_options(journal, change["new"])
        keep = stage.value if stage.value in {v for _, v in options} else None
        stage.options = options
        stage.value = keep

    process.observe(follow, "value")
