"""The headline figures that sum up a job search so far: counted by SQLite, nothing read
whole, no pandas (My progress shows them before any chart is drawn)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from nextround.rules.feedback_requests import rate_of
from nextround.rules.funnel import funnel_steps
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.store.journal import Journal


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    note: str


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# Everything the headlines count, in one statement: SQLite counts, nothing is read whole.
_HEADLINE_COUNTS = """
SELECT * FROM
  (SELECT count(*),
          count(CASE WHEN outcome IS NULL OR outcome IN ('in progress', 'waiting') THEN 1 END),
          count(CASE WHEN outcome = 'offer' THEN 1 END) FROM processes),
  (SELECT count(*) FROM feedback_points),
  (SELECT count(*) FROM practice_reviews),
  (SELECT count(CASE WHEN status IS NULL OR status = 'active' THEN 1 END),
          count(CASE WHEN status = 'done' THEN 1 END) FROM goals),
  (SELECT coalesce(sum(minutes), 0), count(*) FROM learning_sessions)
"""


def _theme_count(journal: Journal) -> int:
    """How many themes feedback points were tagged with (each distinct list decoded once)."""
    texts = [row[0] for row in journal.query("SELECT DISTINCT themes FROM feedback_points")]
    return len({theme for text in texts if text for theme in json.loads(text)})


def headline_figures(journal: Journal) -> list[Headline]:
    """The figures that sum up the search so far, in plain words."""

    (processes, open_count, offers, points, rounds, active, done, minutes,
     sessions) = journal.query(_HEADLINE_COUNTS)[0]
    steps = funnel_steps()
    interview = steps.index("Interview") if "Interview" in steps else len(steps) - 2
    got_far = process_store.count_reached_at_least(journal, interview)
    rate = rate_of(dict(journal.query(
        "SELECT status, count(*) FROM feedback_requests GROUP BY status")))
    themes = _theme_count(journal)
    deck = practice.deck_size(journal)
    return [
        Headline("Processes logged", str(processes),
                 f"{open_count} still open, {_plural(offers, 'offer')}"),
        Headline(f"Reached {steps[interview].lower()} or further", str(got_far),
                 f"of {_plural(processes, 'process', 'processes')}"),
        Headline("Feedback requests sent", str(rate["asked"]),
                 "none sent yet" if not rate["asked"] else
                 f"{rate['replied']} replied ({rate['rate']:.0%})"),
        Headline("Feedback points recorded", str(points), f"on {_plural(themes, 'theme')}"),
        Headline("Questions in my practice deck", str(deck),
                 f"{_plural(rounds, 'practice round')} so far"),
        Headline("Active goals", str(active), f"{done} done"),
        Headline("Time spent learning", f"{minutes / 60:.1f} h",
                 f"in {_plural(sessions, 'session')}"),
    ]


