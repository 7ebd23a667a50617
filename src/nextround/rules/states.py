"""The fixed states an entry can be in. The code relies on these words, so they are not
coaching words: the words file says how they read."""

from __future__ import annotations

# Where a process stands. One with no outcome recorded is still in progress.
OUTCOMES = ("in progress", "waiting", "rejected", "withdrew", "offer")
OPEN = ("in progress", "waiting")  # may still get further
ENDED = ("rejected", "withdrew", "offer")

REQUEST_STATUSES = ("draft", "sent", "followed up", "answered", "declined", "no reply")
WAITING = ("sent", "followed up")  # still expect a reply
REPLIED = ("answered", "declined")

CONTROL = ("within my control", "outside my control", "can't know")
GOAL_STATUSES = ("active", "done", "dropped")
UPCOMING_STATUSES = ("upcoming", "logged")  # an interview to come, then logged as a process


def is_open(outcome: str | None) -> bool:
    """Whether a process may still get further: no outcome yet counts as in progress."""
    return outcome is None or outcome in OPEN
