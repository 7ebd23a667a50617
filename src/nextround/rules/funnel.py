"""How far a process got: the funnel of steps, and which step each kind of stage counts as.

A process reached the furthest step of any of its stages; a kind of stage the words do not
list counts as an interview; an offer reaches the top. `store.processes.REACHED_SQL` applies
this rule in SQLite for every count and chart.
"""

from __future__ import annotations

from nextround.words import words


def funnel_steps() -> list[str]:
    """The steps a process goes through, in order (from coaching.toml)."""
    return list(words()["process"]["funnel"])


def stage_ranks() -> tuple[dict[str, int], int]:
    """Each stage kind's funnel index, and the index of a kind not listed (an interview)."""
    steps = funnel_steps()
    mapping = {kind: steps.index(step)
               for kind, step in words()["process"]["stage_to_funnel"].items()}
    return mapping, steps.index("Interview")


def top() -> int:
    """The funnel index an offer reaches."""
    return len(funnel_steps()) - 1
