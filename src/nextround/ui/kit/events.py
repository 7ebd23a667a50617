"""Journal changes heard by widgets for as long as the widgets live.

A widget that redraws when the journal changes subscribes through `listen`: the subscription
ends when the widget is closed, so a cell run again (which replaces its widgets, see
`kit.page`) leaves no old panel redrawing on every save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ipywidgets as widgets

from nextround.store.journal import Journal
from nextround.ui.widget_internals import on_close

when_closed = on_close  # call something once a widget is closed


def listen(owner: widgets.Widget, journal: Journal, tables: Iterable[str] | None,
           listener: Callable[[set[str]], None]) -> Callable[[], None]:
    """Call `listener(changed)` after each committed write that touches one of `tables` (any
    table when None), until `owner` is closed. Returns a function that stops it sooner."""
    wanted = None if tables is None else frozenset(tables)

    def heard(changed: set[str]) -> None:
        if wanted is None or changed & wanted:
            listener(changed)

    unsubscribe = journal.subscribe(heard)
    on_close(owner, unsubscribe)
    return unsubscribe


def close_all(widget: widgets.Widget, keep: Iterable[widgets.Widget] = ()) -> None:
    """Close `widget` and every widget inside it (ipywidgets closes only the one asked),
    saving first whatever one of them waits to save; widgets in `keep` (and what they hold)
    stay open."""
    kept = {id(k) for k in keep}
    found, stack = [], [widget]
    while stack:
        current = stack.pop()
        if id(current) in kept:
            continue
        found.append(current)
        stack.extend(getattr(current, "children", ()) or ())
    for current in found:
        flush = getattr(current, "flush", None)
        if callable(flush):
            flush()
    for current in found:
        current.close()


def watch(owner: widgets.Widget, source, name: str, callback: Callable[[dict], None]) -> None:
    """Observe trait `name` of `source` (the process picker…) until `owner` is closed."""
    source.observe(callback, name)

    def stop() -> None:
        try:
            source.unobserve(callback, name)
        except ValueError:
            pass

    on_close(owner, stop)
