"""Demo data for step 1: processes, stages, preparation audits, reflections, takeaways."""

from __future__ import annotations

import datetime as dt

from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row

# company, role, category, seniority, company type, applied via, days ago, outcome,
# stages (kind, stage outcome), preparation ratings (7 areas, 0–3), enough
PROCESSES = [
    ("Northwind Data", "Data engineer", "Data engineering", "Mid-level", "Scale-up", "Referral", 120,
     "rejected", [("Screening call", "Passed"), ("Technical test", "Passed"), ("Technical interview", "Passed"),
                  ("Final interview", "Rejected")], [3, 2, 1, 2, 3, 2, 3], "partly"),
    ("Lumen Health", "Machine learning engineer", "Data science / ML", "Senior", "Start-up", "Applied directly", 105,
     "rejected", [("Screening call", "Rejected")], [1, 1, 0, 1, 1, 0, 2], "no"),
    ("Brightpath Bank", "Analytics engineer", "Data engineering", "Mid-level", "Large company", "Recruitment agency", 96,
     "rejected", [("Recruiter call", "Passed"), ("Take-home task", "Passed"), ("Panel interview", "Passed"),
                  ("Final interview", "Rejected")], [2, 3, 2, 2, 2, 1, 3], "partly"),
    ("Quanta AI", "ML research engineer", "Data science / ML", "Senior", "Scale-up", "Recruiter reached out", 88,
     "rejected", [("Screening call", "Rejected")], [1, 0, 0, 1, 2, 1, 2], "no"),
    ("Orbital Logistics", "Data platform engineer", "Data engineering", "Senior", "Large company", "Job board", 75,
     "rejected", [("Screening call", "Passed"), ("Technical interview", "Passed"), ("Final interview", "Rejected")],
     [3, 3, 2, 3, 3, 2, 3], "yes"),
    ("Greenleaf Energy", "Data scientist", "Data science / ML", "Mid-level", "Public sector", "Applied directly", 64,
     "rejected", [("Screening call", "Rejected")], [2, 1, 0, 1, 1, 1, 2], "partly"),
    ("Cobalt Payments", "Senior data engineer", "Data engineering", "Senior", "Scale-up", "Referral", 50,
     "rejected", [("Screening call", "Passed"), ("Technical test", "Passed"), ("Competency interview", "Rejected")],
     [2, 2, 1, 1, 3, 1, 3], "partly"),
    ("Atlas Retail", "Machine learning engineer", "Data science / ML", "Mid-level", "Large company", "Recruitment agency", 38,
     "rejected", [("Recruiter call", "Rejected")], [1, 1, 1, 0, 2, 0, 1], "no"),
    ("Fjord Analytics", "Analytics lead", "Analytics", "Lead / principal", "Start-up", "Careers fair", 26,
     "withdrew", [("Screening call", "Passed"), ("Case study", "Withdrew")], [2, 2, 1, 2, 1, 2, 2], "partly"),
    ("Helix Biotech", "Data engineer", "Data engineering", "Mid-level", "Scale-up", "Applied directly", 15,
     "waiting", [("Screening call", "Passed"), ("Technical interview", "Passed"), ("Panel interview", "Waiting")],
     [3, 3, 3, 3, 2, 3, 3], "yes"),
    ("Marigold Media", "Data scientist", "Data science / ML", "Junior", "Agency / consultancy", "Job board", 6,
     "in progress", [], [], None),
]

REFLECTIONS = {
    "Technical interview": ("Explained my pipeline design clearly and drew it out step by step.",
                            "Ask more clarifying questions before diving in.", 80,
                            ["Communication", "Problem solving"], 4, ["Technical depth"]),
    "Final interview": ("Good rapport with the hiring manager; my questions about the roadmap landed well.",
                        "Have sharper stories about leading without authority.", 30,
                        ["Communication", "Curiosity", "Teamwork"], 3,
                        ["Examples and evidence", "Experience level"]),
    "Screening call": ("Friendly, on time, clear about why I wanted the role.",
                       "Research the product properly — I was vague about what they sell.", 20,
                       ["Communication"], 3, ["Preparation and research"]),
    "Competency interview": ("Stayed calm when a question threw me.",
                             "Prepare STAR examples with measured results, not just stories.", 20,
                             ["Resilience", "Adaptability"], 2, ["Examples and evidence"]),
    "Panel interview": ("Handled questions from four people without losing the thread.",
                        "Look at everyone, not just the most senior person.", 50,
                        ["Communication", "Stakeholder management"], 4, ["Confidence and presence"]),
}

TAKEAWAYS = {
    "Northwind Data": [("Prepare three STAR stories about leading a project end to end", "Examples and evidence"),
                       ("Read the team's engineering blog before the final", "Preparation and research")],
    "Orbital Logistics": [("Quantify the impact of my pipeline migration (cost, latency)", "Examples and evidence")],
    "Cobalt Payments": [("Practise behavioural questions out loud, timed", "Communication"),
                        ("Ask the recruiter what the competency framework is", "Preparation and research")],
    "Lumen Health": [("Stop applying to senior ML roles until I have shipped a model", "Role mismatch")],
}


def write(journal: Journal, today: dt.date) -> dict[str, Row]:
    """Write step 1's data; return the processes by company for the later steps."""
    from nextround.words import preparation_areas

    fields = [field for field, _ in preparation_areas()]
    made: dict[str, Row] = {}
    for (company, role, category, seniority, company_type, via, days_ago, outcome, stage_list,
         ratings, enough) in PROCESSES:
        applied = today - dt.timedelta(days=days_ago)
        process = process_store.add_process(
            journal, company, role, category=category, seniority=seniority,
            company_type=company_type, applied_via=via, applied_on=applied)
        for i, (kind, stage_outcome) in enumerate(stage_list):
            held = applied + dt.timedelta(days=7 + 6 * i)
            stage = process_store.add_stage(journal, process["id"], kind=kind, held_on=held,
                                            format="Video" if i == 0 else "In person",
                                            outcome=stage_outcome,
                                            interviewers="Recruiter" if i == 0 else "Hiring manager, senior engineer")
            if kind in REFLECTIONS:
                went, differently, technical, skills, rating, themes = REFLECTIONS[kind]
                journal.add("reflections", stage_id=stage["id"], went_well=went,
                            do_differently=differently, technical_share=technical,
                            soft_skills=skills, self_rating=rating, themes=themes)
        if ratings:
            journal.add("preparations", process_id=process["id"], enough=enough,
                        why="Ran out of time for the company research." if enough != "yes" else
                        "I gave it a full weekend and it showed.",
                        **dict(zip(fields, ratings)))
        for position, (text, theme) in enumerate(TAKEAWAYS.get(company, [])):
            journal.add("takeaways", process_id=process["id"], position=position, text=text,
                        theme=theme)
        if outcome != "in progress":
            ended = applied + dt.timedelta(days=10 + 6 * len(stage_list))
            process = process_store.set_outcome(journal, process, outcome,
                                                on=min(ended, today))
        made[company] = process
    return made
