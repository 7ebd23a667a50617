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
from nextround.words import say


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    note: str


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
        Headline(say("progress.headlines.processes"), str(processes),
                 say("progress.headlines.processes_note_one", open=open_count, offers=offers)
                 if offers == 1 else
                 say("progress.headlines.processes_note_many", open=open_count, offers=offers)),
        Headline(say("progress.headlines.reached", step=steps[interview].lower()), str(got_far),
                 say("progress.headlines.reached_note_one", processes=processes)
                 if processes == 1 else
                 say("progress.headlines.reached_note_many", processes=processes)),
        Headline(say("progress.headlines.requests"), str(rate["asked"]),
                 say("progress.headlines.requests_none") if not rate["asked"] else
                 say("progress.headlines.requests_note", replied=rate["replied"],
                     share=round(rate["rate"] * 100))),
        Headline(say("progress.headlines.points"), str(points),
                 say("progress.headlines.points_note_one", themes=themes) if themes == 1 else
                 say("progress.headlines.points_note_many", themes=themes)),
        Headline(say("progress.headlines.deck"), str(deck),
                 say("progress.headlines.deck_note_one", rounds=rounds) if rounds == 1 else
                 say("progress.headlines.deck_note_many", rounds=rounds)),
        Headline(say("progress.headlines.goals"), str(active),
                 say("progress.headlines.goals_note", done=done)),
        Headline(say("progress.headlines.learning"),
                 say("progress.headlines.learning_hours", hours=f"{minutes / 60:.1f}"),
                 say("progress.headlines.learning_note_one", sessions=sessions)
                 if sessions == 1 else
                 say("progress.headlines.learning_note_many", sessions=sessions)),
    ]
