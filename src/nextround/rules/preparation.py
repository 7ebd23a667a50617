"""The preparation audit's score, in plain Python: the step-1 form shows it as the person
rates, long before any chart (and pandas) is needed."""

from __future__ import annotations

from nextround.words import preparation_areas

LEVEL_MAX = 3  # ratings run none (0) to thorough (3)


def preparation_score(preparation: dict | None) -> float | None:
    """The average of the areas rated, out of 100; None when nothing is rated yet."""
    if not preparation:
        return None
    values = [preparation.get(field) for field, _ in preparation_areas()]
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values) / LEVEL_MAX * 100) if values else None
