"""What a feedback request's status says: how many were asked, answered, still waiting."""

from __future__ import annotations

from collections.abc import Mapping

from nextround.rules.states import WAITING


def rate_of(by_status: Mapping[str | None, int]) -> dict:
    """The response rate from how many requests are in each status (no status is a draft)."""
    counts: dict[str, int] = {}
    for status, n in by_status.items():
        key = status if isinstance(status, str) else "draft"
        counts[key] = counts.get(key, 0) + int(n)
    asked = sum(n for status, n in counts.items() if status != "draft")
    answered, declined = counts.get("answered", 0), counts.get("declined", 0)
    return {
        "asked": asked, "answered": answered, "declined": declined,
        "replied": answered + declined,
        "waiting": sum(counts.get(status, 0) for status in WAITING),
        "no_reply": counts.get("no reply", 0),
        "rate": (answered + declined) / asked if asked else None,
    }
