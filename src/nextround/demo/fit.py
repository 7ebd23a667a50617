"""Demo data for step 3: sorted reasons, Sam's work values and company ratings, a target role."""

from __future__ import annotations

import datetime as dt

from nextround.store import fit, reasons
from nextround.store.journal import Journal, Row
from nextround.store.reasons import OUTSIDE, UNKNOWN, WITHIN

# company → (text, source, pile)
SORTED = {
    "Northwind Data": [
        ("Have sharper stories about leading without authority.", "reflection", WITHIN),
        ("Experience level", "theme", OUTSIDE),
        ("Another candidate had more directly relevant experience", "common", UNKNOWN),
        ("The decision was made by people I never met", "common", OUTSIDE),
    ],
    "Lumen Health": [
        ("Research the product properly — I was vague about what they sell.", "reflection", WITHIN),
        ("Stop applying to senior ML roles until I have shipped a model", "takeaway", WITHIN),
        ("The team changed what they were looking for", "common", UNKNOWN),
    ],
    "Orbital Logistics": [
        ("Quantify the impact of my pipeline migration (cost, latency)", "takeaway", WITHIN),
        ("The role went to an internal candidate", "common", OUTSIDE),
        ("The role was paused or the budget changed", "common", UNKNOWN),
    ],
    "Cobalt Payments": [
        ("Prepare STAR examples with measured results, not just stories.", "reflection", WITHIN),
        ("Practise behavioural questions out loud, timed", "takeaway", WITHIN),
        ("Another candidate had more directly relevant experience", "common", UNKNOWN),
    ],
}
OWN = {"Brightpath Bank": ("They wanted someone who already knew their reporting tool", OUTSIDE)}

# value, weight
VALUES = [("Learning and growth", 5), ("Flexible / remote work", 4), ("Team culture", 4),
          ("Mission I believe in", 2), ("Pay and benefits", 3)]

# company → ratings in the order of VALUES, and the "would I have been a good fit?" note
RATINGS = {
    "Northwind Data": ([5, 4, 4, 3, 3], "Yes: the team pairs a lot and ships small changes, which is how I like to work."),
    "Lumen Health": ([3, 2, 3, 5, 2], "Probably not yet: they needed someone who had shipped models to production."),
    "Brightpath Bank": ([3, 3, 2, 2, 5], "Partly: good pay, but the team felt rigid about process."),
    "Quanta AI": ([4, 2, 3, 3, 4], None),
    "Orbital Logistics": ([4, 5, 4, 3, 3], "Yes — remote-first and a real platform team."),
    "Cobalt Payments": ([5, 3, 4, 3, 4], "I think so: the interviewers were the kind of people I learn from."),
    "Atlas Retail": ([2, 2, 3, 2, 3], "No: it was a reporting role with an ML title."),
    "Helix Biotech": ([5, 4, 5, 4, 3], "Very much: small team, clear mission, mentoring on offer."),
}
NOTES = {
    "Orbital Logistics": "Python stack on Airflow; on-call every week for the platform team.",
    "Helix Biotech": "Python stack, dbt, a mentor assigned for the first six months.",
    "Cobalt Payments": "Scala and Python; hybrid, two days in the office.",
}

TARGET = dict(role="Data engineer", category="Data engineering", seniority="Mid-level",
              company_type="Scale-up",
              must_haves=["Learning and growth", "Flexible / remote work", "Python stack"],
              deal_breakers=["on-call every week"])


def write(journal: Journal, today: dt.date, made: dict[str, Row]) -> None:
    for company, items in SORTED.items():
        for text, source, pile in items:
            reasons.sort_reason(journal, made[company]["id"], text, source, pile)
    for company, (text, pile) in OWN.items():
        reasons.add_own_reason(journal, made[company]["id"], text, pile)

    values = [fit.add_value(journal, name, weight) for name, weight in VALUES]
    for company, (given, note) in RATINGS.items():
        process_id = made[company]["id"]
        for value, rating in zip(values, given):
            fit.rate(journal, process_id, value["id"], rating)
        changes = {}
        if note:
            changes["fit_note"] = note
        if company in NOTES:
            changes["notes"] = NOTES[company]
        if changes:
            current = journal.get("processes", process_id)
            journal.update("processes", process_id, current["rev"], **changes)
    journal.add("target_roles", **TARGET)
