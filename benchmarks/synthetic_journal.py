"""A journal of any size for the benchmarks: N interview processes with everything around them.

Each process gets what a real one gathers over the four steps: stages and a reflection for each,
a preparation audit, takeaways, where it ended (with its history), a feedback request and the
feedback that came back, sorted reasons and culture-fit ratings; around them sit surprise
questions with better answers and practice, learning goals with sessions, and niche topics.
Everything is written through the journal's public API, in one transaction (a save per row
would spend the benchmark's time on fsync, not on what it measures). The mix is seeded, so
two runs build the same journal.
"""

from __future__ import annotations

import datetime as dt
import random

from nextround.store import goals as goal_store
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.store.journal import Journal
from nextround.words import preparation_areas, themes, words

COMPANIES = ["Northwind", "Lumen", "Brightpath", "Quanta", "Orbital", "Greenleaf", "Cobalt",
             "Atlas", "Fjord", "Helix", "Marigold", "Juniper", "Tessera", "Kestrel", "Solace"]
ROLES = ["Data engineer", "Analytics engineer", "Machine learning engineer", "Data scientist",
         "Platform engineer", "Analytics lead", "Software engineer"]
WORK_VALUES = [("Learning and growth", 5), ("Flexible / remote work", 4), ("Team culture", 4),
               ("Mission I believe in", 2), ("Pay and benefits", 3)]
WENT_WELL = "Explained my design clearly and kept to time — they nodded along at the trade-offs."
DIFFERENTLY = "Ask more clarifying questions before diving in; prepare a sharper closing question."
FEEDBACK = ["Your examples were thin on measurable outcomes.",
            "Communication with the panel was excellent.",
            "The other finalist had run this kind of platform in production.",
            "We wanted deeper knowledge of testing data models."]
REASONS = [("Another candidate had more directly relevant experience", "common", "can't know"),
           ("Have sharper stories about leading without authority.", "reflection",
            "within my control"),
           ("The role went to an internal candidate", "common", "outside my control")]
OUTCOME_MIX = [("rejected", 70), ("withdrew", 10), ("offer", 5), ("waiting", 10),
               ("in progress", 5)]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w for w, _ in weighted], weights=[n for _, n in weighted])[0]


def build(journal: Journal, processes: int, *, today: dt.date | None = None,
          seed: int = 8) -> dict[str, int]:
    """Fill an empty `journal` with `processes` processes; return how many rows each table got."""
    if not journal.is_empty():
        raise ValueError("the benchmark journal is built in an empty journal")
    today = today or dt.date.today()
    rng = random.Random(seed)
    w = words()
    kinds = w["process"]["stage_kinds"]
    skills = w["reflection"]["soft_skills"]
    theme_list = themes()
    prep_fields = [field for field, _ in preparation_areas()]
    categories = w["learning"]["question_categories"]
    # A job search of a few hundred processes spans a couple of years; a huge one, ten.
    span = min(3650, max(90, processes * 2))
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=dt.timezone.utc)

    with journal.transaction():
        values = [journal.add("work_values", name=name, weight=weight, position=i)
                  for i, (name, weight) in enumerate(WORK_VALUES)]
        journal.add("target_roles", role="Data engineer", category="Data engineering",
                    seniority="Mid-level", company_type="Scale-up",
                    must_haves=["Learning and growth", "Python stack"],
                    deal_breakers=["on-call every week"])
        takeaway_ids: list[int] = []
        last_process = None
        for i in range(processes):
            applied = today - dt.timedelta(days=(processes - i) * span // processes)
            outcome = "in progress" if i >= processes - 2 else _pick(rng, OUTCOME_MIX)
            process = journal.add(
                "processes", company=f"{rng.choice(COMPANIES)} {i + 1}", role=rng.choice(ROLES),
                category=rng.choice(w["process"]["role_categories"][:5]),
                seniority=rng.choice(w["process"]["seniorities"][1:5]),
                company_type=rng.choice(w["process"]["company_types"]),
                applied_via=rng.choice(w["process"]["applied_via"]), applied_on=applied,
                outcome=outcome, notes="Python stack; hybrid, two days in the office." if i % 3 else None)
            last_process = process
            pid = process["id"]
            journal.add("process_events", process_id=pid, outcome="in progress", happened_on=applied)
            stage_count = rng.randint(1, 4)
            stage_ids = []
            for position in range(stage_count):
                last = position == stage_count - 1
                stage = journal.add(
                    "stages", process_id=pid, position=position,
                    kind=kinds[0] if position == 0 else rng.choice(kinds[2:11]),
                    held_on=applied + dt.timedelta(days=7 + 6 * position),
                    interviewers="Recruiter" if position == 0 else "Hiring manager",
                    format=rng.choice(w["process"]["stage_formats"]),
                    outcome=("Rejected" if outcome == "rejected" else "Waiting") if last else "Passed")
                stage_ids.append(stage["id"])
                journal.add("reflections", stage_id=stage["id"], went_well=WENT_WELL,
                            do_differently=DIFFERENTLY, technical_share=rng.randrange(0, 101, 10),
                            soft_skills=rng.sample(skills, 2), self_rating=rng.randint(1, 5),
                            themes=rng.sample(theme_list, rng.randint(0, 2)))
            if rng.random() < 0.8:
                journal.add("preparations", process_id=pid, enough=rng.choice(["yes", "partly", "no"]),
                            why="Ran out of time for the company research.",
                            **{field: rng.randint(0, 3) for field in prep_fields})
            for position in range(rng.randint(0, 2)):
                takeaway = journal.add("takeaways", process_id=pid, position=position,
                                       text="Prepare three STAR stories with a measured result",
                                       theme=rng.choice(theme_list))
                takeaway_ids.append(takeaway["id"])
            ended = min(applied + dt.timedelta(days=10 + 6 * stage_count), today)
            if outcome != "in progress":
                journal.update("processes", pid, process["rev"], ended_on=ended
                               if outcome in ("rejected", "withdrew", "offer") else None)
                journal.add("process_events", process_id=pid, outcome=outcome, happened_on=ended)
            if outcome in ("rejected", "withdrew") and rng.random() < 0.6:
                status = _pick(rng, [("answered", 40), ("no reply", 25), ("declined", 10),
                                     ("sent", 15), ("followed up", 5), ("draft", 5)])
                sent = None if status == "draft" else ended + dt.timedelta(days=2)
                answered = (sent + dt.timedelta(days=rng.randint(1, 14))
                            if status in ("answered", "declined") else None)
                follow = (sent + dt.timedelta(days=5)) if status in ("sent", "followed up") else None
                request = journal.add(
                    "feedback_requests", process_id=pid, person_name="Priya Shah",
                    person_role="Recruiter", channel="Email", tone="Warm", status=status,
                    message="Thank you for the interview — could you share which areas could be stronger?",
                    sent_on=sent, follow_up_on=follow, answered_on=answered)
                if status == "answered":
                    for text in rng.sample(FEEDBACK, rng.randint(1, 3)):
                        journal.add("feedback_points", process_id=pid, request_id=request["id"],
                                    received_on=answered, text=text,
                                    themes=rng.sample(theme_list, rng.randint(1, 2)),
                                    surprise=rng.random() < 0.3,
                                    action="Rewrite my STAR stories" if rng.random() < 0.4 else None)
            if rng.random() < 0.5:
                for text, source, control in rng.sample(REASONS, 2):
                    journal.add("reasons", process_id=pid, text=text, source=source, control=control)
            if rng.random() < 0.7:
                for value in values:
                    journal.add("fit_ratings", process_id=pid, value_id=value["id"],
                                rating=rng.randint(1, 5))
            if i % 2 == 0:
                question = journal.add(
                    "questions", process_id=pid, stage_id=rng.choice(stage_ids),
                    text="Tell me about a time you led a project without formal authority.",
                    category=rng.choice(categories), answered_then="I talked in general terms.")
                for _ in range(rng.randint(1, 2)):
                    journal.add("answer_versions", question_id=question["id"],
                                situation="The nightly pipeline failed twice a week.",
                                task="Nobody owned it; I wanted it fixed before peak season.",
                                action="I logged every failure and proposed a shared rota.",
                                result="Failures fell from eight a month to one.",
                                learned="Make the problem visible, then do the first piece of work.")
                for back in sorted(rng.sample(range(1, 60), rng.randint(0, 3)), reverse=True):
                    practice.review(journal, question["id"], rng.randint(1, 4),
                                    noon - dt.timedelta(days=back), confidence=rng.randint(1, 5))
            if i % 5 == 0:
                created = max(applied, today - dt.timedelta(days=120))
                goal = journal.add(
                    "goals", title="Prepare three STAR stories about leading a project",
                    specific="Three stories, said aloud in under two minutes each",
                    measure="Timed recordings", deadline=created + dt.timedelta(weeks=6),
                    source=goal_store.TAKEAWAY if takeaway_ids else goal_store.OWN,
                    source_id=takeaway_ids[-1] if takeaway_ids else None,
                    progress=rng.randrange(0, 101, 5),
                    status=_pick(rng, [("active", 60), ("done", 30), ("dropped", 10)]),
                    created_at=dt.datetime.combine(created, dt.time(9), tzinfo=dt.timezone.utc))
                for _ in range(rng.randint(0, 3)):
                    journal.add("learning_sessions", goal_id=goal["id"],
                                held_on=created + dt.timedelta(days=rng.randint(0, 40)),
                                minutes=rng.choice([20, 30, 45, 60]), note="Drafted the rota story")
            if i % 50 == 0:
                topic = journal.add("topics", name=f"Lakehouse table formats {i // 50 + 1}",
                                    sources="Data Engineering Weekly")
                for back in (20, 6):
                    journal.add("topic_notes", topic_id=topic["id"],
                                noted_on=today - dt.timedelta(days=back),
                                text="Row-level deletes: merge-on-read against copy-on-write.")
        if last_process is not None:
            process_store.choose_process(journal, last_process["id"])
    from nextround.store.schema import TABLES

    return {table: journal.count(table) for table in TABLES}
