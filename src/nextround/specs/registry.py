"""The chart spec, what it is drawn from and into, and the one registry of every spec."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nextround.store.journal import Journal
from nextround.words import words

if TYPE_CHECKING:
    from nextround.analysis.cohort import Cohort

# The steps in the order every page and the report show them (their words: [steps.<step>]).
STEPS = ("review", "feedback", "fit", "learning")
# The coach's view of a whole workshop: its charts are drawn from the cohort of summaries
# participants shared (`Context.cohort`), never from a journal, and never on My progress.
COHORT = "cohort"
VIEWS = (*STEPS, COHORT)
BUILT_IN = tuple(f"nextround.specs.{view}" for view in VIEWS)


@dataclass(frozen=True)
class Context:
    """What a chart is drawn for: the journal, the process being worked on (for the charts of
    one process), today's date, and the choices a page offers beside a chart; the coach's
    charts are drawn for a `cohort` instead of a journal."""

    journal: Journal | None = None
    process_id: int | None = None
    today: dt.date = field(default_factory=dt.date.today)
    choices: Mapping[str, Any] = field(default_factory=dict)
    cohort: Cohort | None = None

    def choice(self, name: str, default: Any = None) -> Any:
        return self.choices.get(name, default)


@dataclass(frozen=True)
class Drawing:
    """A figure and the line under it; no figure when there is too little data, and then
    `summary` says so (empty: the spec's own `too_little` words)."""

    figure: Any = None
    summary: str = ""


@dataclass(frozen=True)
class ChartSpec:
    step: str
    name: str
    tables: frozenset[str]
    draw: Callable[[Context], Drawing]
    per_process: bool = False  # drawn for the process being worked on
    section: str = "charts"  # where the step's page shows it: its charts, or an exercise
    on_progress: bool = True  # shown on My progress and in the report

    @property
    def key(self) -> str:
        return f"{self.step}.{self.name}"

    def _words(self) -> dict:
        return words()["charts"][self.step][self.name]

    @property
    def title(self) -> str:
        return self._words()["title"]

    @property
    def too_little(self) -> str:
        return self._words()["too_little"]

    def drawing(self, context: Context) -> Drawing:
        """The chart for `context`, with the too-little words filled in when needed."""
        drawn = self.draw(context)
        if drawn.figure is None and not drawn.summary:
            return Drawing(None, self.too_little)
        return drawn


_specs: dict[str, ChartSpec] = {}
_loaded = False
_loading = False


def register(spec: ChartSpec) -> ChartSpec:
    """Add `spec` after every built-in spec (a chart of its own module comes after its
    step's own charts)."""
    if not _loading:
        _load()
    if spec.step not in VIEWS:
        raise ValueError(f"chart {spec.key}: no step {spec.step!r} (steps: {', '.join(VIEWS)})")
    if spec.step == COHORT and (spec.on_progress or spec.per_process):
        raise ValueError(f"chart {spec.key}: the cohort's charts are drawn from the group's "
                         "summaries, never on My progress nor for one process")
    if spec.key in _specs and _specs[spec.key] is not spec:
        raise ValueError(f"chart {spec.key} is declared twice")
    _specs[spec.key] = spec
    return spec


def unregister(key: str) -> None:
    _specs.pop(key, None)


def chart(step: str, name: str, *, tables: Iterable[str], per_process: bool = False,
          section: str = "charts", on_progress: bool = True):
    """Declare the decorated function `draw(context) -> Drawing` as a chart."""

    def declare(draw: Callable[[Context], Drawing]) -> Callable[[Context], Drawing]:
        register(ChartSpec(step, name, frozenset(tables), draw, per_process=per_process,
                           section=section, on_progress=on_progress))
        return draw

    return declare


def _load() -> None:
    global _loaded, _loading
    if _loaded or _loading:
        return
    _loading = True
    try:
        for module in BUILT_IN:
            importlib.import_module(module)
    finally:
        _loading = False
    _loaded = True


def every() -> list[ChartSpec]:
    """Every spec, step by step (the cohort's last), each step's in the order declared."""
    _load()
    return [spec for step in VIEWS for spec in _specs.values() if spec.step == step]


def for_step(step: str, section: str | None = None) -> list[ChartSpec]:
    return [spec for spec in every()
            if spec.step == step and (section is None or spec.section == section)]


def on_progress() -> list[ChartSpec]:
    return [spec for spec in every() if spec.on_progress]


def get(key: str) -> ChartSpec:
    _load()
    return _specs[key]
