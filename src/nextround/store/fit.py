"""Culture fit and the target role (step 3).

- Work values: what matters to the person at work, each weighted 1 (nice to have) to 5
  (essential).
- Fit ratings: how one company did on each value, 1 (poor) to 5 (excellent).
- Target role: one entry (role, category, seniority, company type, must-haves,
  deal-breakers).

The fit score and the target match are rules: `nextround.rules.fit`.
"""

from __future__ import annotations

from typing import Any

from nextround.errors import JournalError
from nextround.rules.fit import (
    DEFAULT_WEIGHT,
    RATING_RANGE,
    WEIGHT_RANGE,
    TargetContext,
    fit_score,
)
from nextround.store.journal import Journal, Row
from nextround.words import say, words


# ------------------------------------------------------------------------------ values
def work_values(journal: Journal) -> list[Row]:
    return journal.rows("work_values", order_by="position, id")


def add_value(journal: Journal, name: str, weight: int = DEFAULT_WEIGHT) -> Row:
    """Name something that matters at work; the same name twice is refused."""
    if not name or not name.strip():
        raise JournalError(say("fit.errors.needs_value"))
    _check_scale("weight", weight, WEIGHT_RANGE)
    with journal.transaction():
        existing = work_values(journal)
        if name.strip().casefold() in {v["name"].strip().casefold() for v in existing}:
            raise JournalError(say("fit.errors.value_already", name=name.strip()))
        position = max((v["position"] or 0 for v in existing), default=-1) + 1
        return journal.add("work_values", name=name, weight=weight, position=position)


def remove_value(journal: Journal, value: Row) -> None:
    """Remove a value and every company's rating on it."""
    journal.delete("work_values", value["id"], value["rev"])


def suggestions(journal: Journal) -> list[str]:
    """The coaching list's values the person has not chosen yet."""
    chosen = {v["name"].strip().casefold() for v in work_values(journal)}
    return [name for name in words()["fit"]["values"] if name.casefold() not in chosen]


def _check_scale(what: str, number: Any, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
        raise JournalError(say("fit.errors.weight_range", low=low, high=high) if what == "weight"
                           else say("fit.errors.rating_range", low=low, high=high))


# ----------------------------------------------------------------------------- ratings
def ratings(journal: Journal, process_id: int) -> dict[int, Row]:
    """This process's ratings by value id."""
    return {r["value_id"]: r for r in journal.rows("fit_ratings", {"process_id": process_id})}


def rate(journal: Journal, process_id: int, value_id: int, rating: int | None,
         rev: int | None = None) -> Row:
    """Rate a company on one value. `rev` is the revision read (None when not rated before)."""
    if rating is not None:
        _check_scale("rating", rating, RATING_RANGE)
    return journal.upsert("fit_ratings", {"process_id": process_id, "value_id": value_id},
                          rev=rev, rating=rating)


def process_fit_score(journal: Journal, process_id: int) -> float | None:
    given = {value_id: row["rating"] for value_id, row in ratings(journal, process_id).items()}
    return fit_score(work_values(journal), given)


# ------------------------------------------------------------------------- target role
def target(journal: Journal) -> Row | None:
    """The person's target role (there is at most one)."""
    found = journal.rows("target_roles", order_by="id")
    return found[0] if found else None


def target_context(journal: Journal) -> TargetContext:
    """What `rules.fit.target_match` needs, read once for a whole list of processes."""
    given: dict[int, dict[int, int | None]] = {}
    for row in journal.rows("fit_ratings"):
        given.setdefault(row["process_id"], {})[row["value_id"]] = row["rating"]
    return TargetContext(target(journal), work_values(journal), given)
