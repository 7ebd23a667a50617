"""Demo data for step 4: surprise questions with better answers, practice, goals, topics."""

from __future__ import annotations

import datetime as dt

from nextround.store import goals as goal_store
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store import topics as topic_store
from nextround.store.journal import Journal, Row

# company, stage kind, question, category, what Sam answered then, answer versions (S, T, A, R, learned)
QUESTIONS = [
    ("Northwind Data", "Final interview", "Tell me about a time you led a project without formal authority.",
     "Behavioural", "I talked about a team project in general terms and ran out of things to say.",
     [("At my last company our reporting pipeline kept breaking.", "We needed to fix it.",
       "We got together and rebuilt it.", "It worked better.", ""),
      ("At a 40-person logistics firm the nightly reporting pipeline failed about twice a week, "
       "and the operations team had stopped trusting the morning dashboards.",
       "Nobody owned the pipeline. I was a mid-level engineer with no reports, and I wanted to fix "
       "it before peak season, six weeks away.",
       "I logged every failure for two weeks and showed the pattern to the three teams involved. "
       "I proposed a shared on-call rota, wrote the runbook myself, and I paired with each team's "
       "engineer to move their export to an event trigger. I sent a short weekly update so "
       "everyone could see progress.",
       "Failures fell from eight a month to one, the dashboards were fresh by 7am on 98% of days "
       "through peak season, and the rota is still running a year later.",
       "Influence comes from making the problem visible and doing the first piece of work myself.")]),
    ("Cobalt Payments", "Competency interview", "What would you do in your first 90 days here?",
     "Situational", "Something about learning the codebase. Vague.",
     [("In my last two roles I joined teams mid-way through a platform migration.",
       "Here I would be joining a data team that is consolidating two warehouses.",
       "I would spend the first month listening: I would meet every stakeholder, read the incident "
       "history and ship one small fix to learn the deploy path. In month two I would pick the "
       "migration's riskiest table and own it end to end.",
       "By day 90 I would aim to have one domain fully migrated with its tests, and a written list "
       "of the next three risks.", "Have a plan ready for the obvious questions.")]),
    ("Lumen Health", "Screening call", "Why machine learning, and why now?", "Motivation",
     "I said it was the future, which sounded hollow.", []),
    ("Orbital Logistics", "Final interview", "If you could delete one tool from the modern data stack, which one?",
     "Curveball", "I froze, then said 'none of them'.",
     [("", "", "I would pick the tool I have seen cause the most incidents and explain why.", "", "")]),
]

# (question index, days ago, rating 1–4, confidence 1–5)
REVIEWS = [(0, 30, 1, 1), (0, 29, 2, 2), (0, 26, 3, 3), (1, 24, 2, 2), (1, 23, 3, 3),
           (0, 16, 3, 4), (1, 12, 3, 4), (0, 3, 4, 5)]

GOALS = [
    # takeaway text (or None for the person's own), title, measure, weeks to deadline from created,
    # days since created, progress, status, sessions (days ago, minutes, note)
    ("Prepare three STAR stories about leading a project end to end", None,
     "Three stories written and said aloud in under two minutes each", 4, 26, 85, "active",
     [(24, 45, "Drafted the pipeline rota story"), (17, 30, "Said it aloud, timed: 2m40"),
      (9, 40, "Second story: the migration"), (2, 25, "Trimmed both to under two minutes")]),
    ("Quantify the impact of my pipeline migration (cost, latency)", None,
     "A one-page before-and-after with three numbers", 5, 20, 30, "active",
     [(18, 60, "Dug out last year's cloud bills")]),
    (None, "Finish the dbt Fundamentals course",
     "Course certificate and one model in my portfolio repo", 6, 35, 100, "done",
     [(33, 90, "Modules 1–3"), (27, 75, "Modules 4–6"), (20, 60, "Portfolio model")]),
]

TOPICS = [
    ("Lakehouse table formats", "Data Engineering Weekly; the Iceberg community calls",
     [(20, "Iceberg and Delta are converging on the same features; interviewers ask why you'd pick one."),
      (6, "Row-level deletes: how merge-on-read differs from copy-on-write.")]),
    ("Data contracts", "Chad Sanders' newsletter; the #data-contracts community",
     [(11, "Contracts are mostly about ownership; the schema check is the easy part.")]),
]


def _stage(journal: Journal, process: Row, kind: str) -> int | None:
    for stage in process_store.stages(journal, process["id"]):
        if stage["kind"] == kind:
            return stage["id"]
    return None


def write(journal: Journal, today: dt.date, made: dict[str, Row]) -> None:
    noon = dt.datetime.combine(today, dt.time(12, 0), tzinfo=dt.timezone.utc)
    asked = []
    for company, kind, text, category, then, answers in QUESTIONS:
        process = made.get(company)
        question = question_store.add_question(
            journal, text, category=category, answered_then=then,
            process_id=process["id"] if process else None,
            stage_id=_stage(journal, process, kind) if process else None)
        for fields in answers:
            question_store.save_answer(journal, question["id"], dict(zip(
                question_store.ANSWER_FIELDS, fields)))
        asked.append(question)
    for index, days_ago, rating, confidence in REVIEWS:
        practice.review(journal, asked[index]["id"], rating, noon - dt.timedelta(days=days_ago),
                        confidence=confidence)

    takeaways = {t["text"]: t for t in journal.rows("takeaways")}
    for takeaway_text, own_title, measure, weeks, age, progress, status, logged in GOALS:
        created = today - dt.timedelta(days=age)
        set_at = dt.datetime.combine(created, dt.time(9, 0), tzinfo=dt.timezone.utc)
        source = takeaways.get(takeaway_text)
        goal = goal_store.add_goal(
            journal, own_title or takeaway_text, created, specific=takeaway_text or own_title,
            measure=measure, deadline=created + dt.timedelta(weeks=weeks),
            source=goal_store.TAKEAWAY if source else goal_store.OWN,
            source_id=source["id"] if source else None, set_at=set_at)
        goal = journal.update("goals", goal["id"], goal["rev"], progress=progress, status=status)
        for days_ago, minutes, note in logged:
            goal_store.log_session(journal, goal["id"], today - dt.timedelta(days=days_ago),
                                   minutes, note)

    for name, sources, noted in TOPICS:
        topic = topic_store.add_topic(journal, name, sources)
        for days_ago, text in noted:
            topic_store.add_note(journal, topic["id"], text, today - dt.timedelta(days=days_ago))
