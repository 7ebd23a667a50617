"""Demo data for the people Sam met and the interview coming up: contacts from every feedback
request and from the stages where they were met, and one upcoming interview, four days out,
with a person Sam met before — so the plan has something in every part."""

from __future__ import annotations

import datetime as dt

from nextround.store import contacts as contact_store
from nextround.store import processes as process_store
from nextround.store import upcoming as upcoming_store
from nextround.store.journal import Journal, Row

# company: (person, the stage kinds where they were met)
MET_AT_STAGES = {
    "Northwind Data": ("Priya Shah", ("Technical interview", "Final interview")),
    "Brightpath Bank": ("Tom Okafor", ("Recruiter call",)),
    "Cobalt Payments": ("Sara Novak", ("Screening call",)),
}

UPCOMING = {"company": "Juniper Health", "role": "Senior data engineer",
            "kind": "Technical interview", "format": "Video", "starts_at": "10:00",
            "minutes": 60, "people": "Priya Shah, Noor Haddad",
            "notes": "Priya moved here from Northwind Data and asked me to apply.",
            "days_ahead": 4, "ticked": ["logistics"]}


def write(journal: Journal, today: dt.date, made: dict[str, Row]) -> None:
    for request in journal.rows("feedback_requests"):
        contact_store.sync_request(journal, request)
    for company, (person, kinds) in MET_AT_STAGES.items():
        contact = contact_store.find_or_add(journal, person, company=company)
        for stage in process_store.stages(journal, made[company]["id"]):
            if stage["kind"] in kinds:
                contact_store.link(journal, contact["id"], process_id=stage["process_id"],
                                   stage_id=stage["id"], role=contact["kind"])
    values = dict(UPCOMING)
    ahead, ticked = values.pop("days_ahead"), values.pop("ticked")
    upcoming = upcoming_store.add_upcoming(
        journal, held_on=today + dt.timedelta(days=ahead),
        timezone=upcoming_store.local_timezone_name(), **values)
    for area in ticked:
        upcoming = upcoming_store.tick(journal, upcoming, area, True)
