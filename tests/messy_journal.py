"""A seeded journal full of the cases where a query and a plain Python rule could disagree.

Dates on the edge of today and of the goal horizon, statuses and outcomes left empty, stage
kinds nobody listed, groups that differ only by spaces or case, answers that are blank or
only Unicode spaces, due times written with offsets or in ISO's basic format, and rows of
every kind in random amounts around them. Tests compare the fast readers with the plain
rules on it.
"""

from __future__ import annotations

import datetime as dt
import random

from nextround.store.journal import Journal
from nextround.rules.states import CONTROL
from nextround.words import preparation_areas, themes, words

NOW = dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.timezone.utc)

GROUPS = ["Analytics", " Analytics", "Analytics ", "analytics", "", None, "Data  science",
          "Ünïcode", "\u3000Design\u3000", "Zeta", "Ä", "a"]
OUTCOMES = [None, "", "in progress", "waiting", "rejected", "withdrew", "offer"]
STATUSES = [None, "draft", "sent", "followed up", "answered", "declined", "no reply"]
NAMES = [None, "", "Priya <b>$5</b>", "Sam"]
BLANKS = ["", "   ", "\u3000\xa0\n\t", None]


def _day(today: dt.date, offset: int) -> str:
    return (today + dt.timedelta(days=offset)).isoformat()


def _due_times(now: dt.datetime) -> list[str | None]:
    """Due times around `now`, spelt every way the journal accepts."""
    at = now.astimezone(dt.timezone.utc)
    return [
        None,
        at.strftime("%Y-%m-%dT%H:%M:%SZ"),                                 # exactly now
        (at + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),     # just after
        (at - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        (at + dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        # The same moment as now, written with its local time a day ahead or behind.
        (at + dt.timedelta(hours=23, minutes=30)).strftime("%Y-%m-%dT%H:%M:%S+23:30"),
        (at + dt.timedelta(hours=23, minutes=31)).strftime("%Y-%m-%dT%H:%M:%S+23:30"),
        (at - dt.timedelta(hours=11)).strftime("%Y-%m-%dT%H:%M:%S-11:00"),
        (at + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00"),  # now, from Europe
        (at + dt.timedelta(hours=2, seconds=1)).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
        at.strftime("%Y%m%dT%H%M%SZ"),                                     # ISO basic format
        (at + dt.timedelta(days=1)).strftime("%Y%m%dT%H%M%SZ"),
        (at - dt.timedelta(days=400)).strftime("%Y%m%d"),
        at.strftime("%Y-%m-%d"),                                           # a date alone
        (at + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
    ]


def build(journal: Journal, *, processes: int = 80, seed: int = 5,
          now: dt.datetime = NOW) -> None:
    """Fill `journal` (empty or not) with `processes` processes and everything around them."""
    rng = random.Random(seed)
    today = now.astimezone().date()
    horizon = int(words()["progress"]["goal_horizon_days"])
    kinds = [*words()["process"]["stage_to_funnel"], None, "", "A kind nobody listed"]
    theme_list = themes() + ["A theme of my own"]
    dimensions = list(words()["fit"]["dimensions"])
    due_times = _due_times(now)
    with journal.transaction():
        values = [journal.add("work_values", name=f"Value {i}", weight=weight, position=i)
                  for i, weight in enumerate([None, 0, 3, 5])]
        for i in range(processes):
            fields = {d: rng.choice(GROUPS) for d in dimensions}
            process = journal.add("processes", company=f"Company {i} <i>&</i>",
                                  role=rng.choice([None, "Data engineer", "Analyst"]),
                                  outcome=rng.choice(OUTCOMES),
                                  applied_on=_day(today, -rng.randint(0, 400)), **fields)
            pid = process["id"]
            for position in range(rng.choice([0, 0, 1, 2, 3, 5])):
                stage = journal.add("stages", process_id=pid, position=position,
                                    kind=rng.choice(kinds), notes="Long notes " * 20)
                if rng.random() < 0.7:
                    journal.add("reflections", stage_id=stage["id"], went_well="Well " * 30,
                                themes=rng.sample(theme_list, rng.randint(0, 3)),
                                soft_skills=["Listening"])
            for _ in range(rng.choice([0, 1, 1, 2])):
                journal.add("feedback_requests", process_id=pid,
                            person_name=rng.choice(NAMES), status=rng.choice(STATUSES),
                            follow_up_on=rng.choice([None, _day(today, 0), _day(today, -1),
                                                     _day(today, 1), _day(today, -30)]),
                            sent_on=rng.choice([None, _day(today, -10)]),
                            answered_on=rng.choice([None, _day(today, -rng.randint(0, 9))]))
            if rng.random() < 0.6:
                journal.add("preparations", process_id=pid, why="Because " * 20,
                            **{field: rng.choice([None, 0, 1, 2, 3])
                               for field, _ in preparation_areas()})
            for _ in range(rng.choice([0, 1, 3])):
                journal.add("reasons", process_id=pid, text="A reason",
                            control=rng.choice([None, *CONTROL]))
            for value in values:
                if rng.random() < 0.5:
                    journal.add("fit_ratings", process_id=pid, value_id=value["id"],
                                rating=rng.choice([None, 1, 3, 5]))
            for _ in range(rng.choice([0, 0, 1, 3])):
                journal.add("feedback_points", process_id=pid, text="Point",
                            themes=rng.sample(theme_list, rng.randint(0, 3)),
                            surprise=rng.choice([None, True, False]))
            for _ in range(rng.choice([0, 1])):
                journal.add("takeaways", process_id=pid, text="Takeaway",
                            theme=rng.choice([None, *theme_list]))
        for i in range(processes // 2):
            question = journal.add("questions", text=f"Question {i} <&>",
                                   process_id=None)
            for version in range(rng.choice([0, 1, 1, 2, 3])):
                filled = rng.random() < 0.7
                journal.add("answer_versions", question_id=question["id"],
                            situation="I did it" if filled else rng.choice(BLANKS),
                            learned=rng.choice(BLANKS),
                            created_at=rng.choice([
                                (now - dt.timedelta(days=rng.randint(0, 30))).isoformat(),
                                (now + dt.timedelta(days=2)).isoformat(),  # written "later"
                                now.strftime("%Y-%m-%dT%H:%M:%SZ")]))
            if rng.random() < 0.8:
                journal.add("practice_cards", question_id=question["id"], card="{}",
                            due_at=rng.choice(due_times))
            for _ in range(rng.choice([0, 2])):
                journal.add("practice_reviews", question_id=question["id"], rating=3,
                            confidence=rng.randint(1, 5), reviewed_at=now)
        for i in range(processes // 2):
            goal = journal.add(
                "goals", title=f"Goal {i} <b>",
                status=rng.choice([None, "active", "active", "done", "dropped"]),
                progress=rng.choice([None, 0, 40, 100]),
                deadline=rng.choice([None, _day(today, -5), _day(today, -1), _day(today, 0),
                                     _day(today, horizon), _day(today, horizon + 1),
                                     _day(today, 60)]))
            for _ in range(rng.choice([0, 1, 2])):
                journal.add("learning_sessions", goal_id=goal["id"],
                            minutes=rng.choice([None, 0, 25, 90]), held_on=today)
        # Every edge at least once, whatever the dice said above.
        first = journal.rows("processes")[0]["id"]
        for status in STATUSES:
            for follow_up in (None, _day(today, 0), _day(today, -1), _day(today, 1)):
                journal.add("feedback_requests", process_id=first, status=status,
                            follow_up_on=follow_up, person_name=rng.choice(NAMES))
        for status in (None, "active", "done", "dropped"):
            for deadline in (None, _day(today, -1), _day(today, 0), _day(today, horizon),
                             _day(today, horizon + 1)):
                journal.add("goals", title=f"Edge goal <{status}>", status=status,
                            deadline=deadline, progress=rng.choice([None, 40]))
        # Empty dates the store no longer lets in, as an old or hand-edited journal may hold.
        conn = journal._conn
        conn.execute("UPDATE goals SET deadline = '', status = 'active' WHERE id IN "
                     "(SELECT id FROM goals ORDER BY id LIMIT 2)")
        conn.execute("UPDATE feedback_requests SET follow_up_on = '', status = 'sent' WHERE id IN "
                     "(SELECT id FROM feedback_requests ORDER BY id LIMIT 2)")
        conn.execute("UPDATE practice_cards SET due_at = '' WHERE id IN "
                     "(SELECT id FROM practice_cards ORDER BY id LIMIT 2)")
        conn.execute("UPDATE practice_cards SET due_at = NULL WHERE id IN "
                     "(SELECT id FROM practice_cards ORDER BY id LIMIT 2 OFFSET 2)")


def plain_stage_reached(processes, stages):
    """How far each process got, ranked stage by stage with pandas: the oracle for the one
    rule in SQL (`store.frames.reached`)."""
    import pandas as pd

    from nextround.rules.funnel import funnel_steps, stage_ranks

    steps = funnel_steps()
    mapping, interview = stage_ranks()
    out = pd.DataFrame({"process_id": processes["id"].astype("int64")})
    if len(stages):
        ranks = stages["kind"].map(mapping).fillna(interview).astype("int64")
        furthest = ranks.groupby(stages["process_id"].astype("int64")).max()
        out["reached"] = out["process_id"].map(furthest).fillna(0).astype("int64")
    else:
        out["reached"] = 0
    offered = (processes["outcome"] == "offer").to_numpy()
    out.loc[offered, "reached"] = len(steps) - 1
    out["reached_name"] = [steps[i] for i in out["reached"]]
    return out
