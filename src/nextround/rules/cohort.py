"""The coach's view of a cohort: how many people a chart or a category needs before it shows.

Nothing is shown about fewer than `MINIMUM_GROUP` people: not a chart, not a bar of one. A
coach may ask for more in coaching.toml (`[cohort] minimum_group`), never for fewer.
"""

from __future__ import annotations

from nextround.words import words

MINIMUM_GROUP = 5


def minimum_group() -> int:
    """The fewest people a chart or a category is shown for."""
    asked = words().get("cohort", {}).get("minimum_group", MINIMUM_GROUP)
    try:
        asked = int(asked)
    except (TypeError, ValueError):
        asked = MINIMUM_GROUP
    return max(MINIMUM_GROUP, asked)


def enough(people: int) -> bool:
    return people >= minimum_group()


def more_needed(people: int) -> int:
    """How many more people it takes before something about `people` people can be shown."""
    return max(0, minimum_group() - people)


def people_text(count: int) -> str:
    """"1 person", "4 people": a number of people as the words file says it."""
    w = words()["cohort"]
    return f"{count} {w['person'] if count == 1 else w['people']}"
