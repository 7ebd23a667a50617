"""The columns an analysis reads, table by table, for `store.frames.tables(..., columns=...)`:
a chart fetches these and not the person's notes beside them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def merge_columns(*needs: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """The columns several analyses need, table by table, for one `tables` call."""
    merged: dict[str, list[str]] = {}
    for need in needs:
        for name, columns in need.items():
            have = merged.setdefault(name, [])
            have.extend(c for c in columns if c not in have)
    return merged
