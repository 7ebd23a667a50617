"""JSON objects that remember a key written twice (`json.loads` keeps the last one silently):
the backup and the cohort summary both refuse such a document, naming the key."""

from __future__ import annotations

from typing import Any


class Pairs(dict):
    """A JSON object that remembers the first key it saw twice."""

    duplicate: str | None = None


def pairs_hook(pairs: list[tuple[str, Any]]) -> Pairs:
    """`object_pairs_hook` for `json.loads`."""
    obj = Pairs()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj
