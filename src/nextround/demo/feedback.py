"""Demo data for step 2: feedback requests in every status, and the feedback that came back."""

from __future__ import annotations

import datetime as dt

from nextround.store import feedback_points as point_store
from nextround.store import feedback_requests as request_store
from nextround.store.journal import Journal, Row

# company: person, their role, channel, address, tone, days after the process ended that the
# request went out (None: still a draft), then what happened: (status, days after sending).
REQUESTS = {
    "Northwind Data": ("Priya Shah", "Hiring manager", "Email", "priya.shah@northwind.example",
                       "Warm", 2, [("answered", 6)]),
    "Brightpath Bank": ("Tom Okafor", "Recruiter", "LinkedIn message",
                        "https://www.linkedin.com/in/tom-okafor-example", "Brief", 1,
                        [("followed up", 7), ("answered", 10)]),
    "Greenleaf Energy": ("Ana Lima", "Recruiter", "Phone call", "", "Warm", 2, [("answered", 0)]),
    "Orbital Logistics": ("Jordan Reyes", "Recruiter", "Email", "jordan.reyes@orbital.example",
                          "Formal", 2, [("declined", 3)]),
    "Lumen Health": ("", "Recruiter", "Email", "talent@lumen.example", "Brief", 2,
                     [("no reply", 20)]),
    "Quanta AI": ("Mei Chen", "Interviewer", "LinkedIn message", "", "Warm", None, []),
}
# Requests sent a fixed number of days before today, so the demo always has follow-ups
# waiting and one that is due.
RECENT = {
    "Cobalt Payments": ("Sara Novak", "Recruiter", "Email", "sara.novak@cobalt.example", "Warm", 10),
    "Atlas Retail": ("Dev Patel", "Recruiter", "Email", "dev.patel@atlas-recruit.example", "Brief", 2),
}

# company: (what they said, then per point: themes, surprise, action)
FEEDBACK = {
    "Northwind Data": (
        "- Your pipeline design was clear and well reasoned.\n"
        "- Your examples of leading projects were thin on measurable outcomes.\n"
        "- The other finalist had run a streaming platform in production.\n"
        "- In the final you undersold your own impact.",
        [(["Technical depth", "Communication"], False, None),
         (["Examples and evidence"], False, "Rewrite my three STAR stories with a measured result each"),
         (["Another candidate", "Experience level"], False, None),
         (["Confidence and presence"], True, "Practise telling the migration story out loud, with numbers")]),
    "Brightpath Bank": (
        "The panel wanted deeper knowledge of testing data models. "
        "Your communication with the panel was excellent. "
        "They also felt you had not looked at how the bank uses its data today.",
        [(["Technical depth"], True, "Build a small dbt project with tests and CI"),
         (["Communication"], False, None),
         (["Preparation and research"], False, "Read two recent annual reports before a final")]),
    "Greenleaf Energy": (
        "They were looking for someone with public-sector data experience.\n\n"
        "Your modelling answers were more junior than the role needed.",
        [(["Experience level", "Role mismatch"], True, None),
         (["Technical depth", "Experience level"], True, "Take a course on experiment design")]),
}


def _dates(process: Row, today: dt.date) -> dt.date:
    return dt.date.fromisoformat(process["ended_on"]) if process.get("ended_on") else today


def _make(journal: Journal, process: Row, person: str, role: str, channel: str, address: str,
          tone: str) -> Row:
    request = request_store.start_request(journal, process["id"], person_role=role,
                                          channel=channel, tone=tone)
    request = journal.update("feedback_requests", request["id"], request["rev"],
                             person_name=person or None, address=address or None)
    message = request_store.draft_message(request_store.draft_input(journal, request))
    return journal.update("feedback_requests", request["id"], request["rev"], message=message)


def write(journal: Journal, today: dt.date, made: dict[str, Row]) -> None:
    journal.set_setting(request_store.SIGN_OFF, "Sam")
    for company, (person, role, channel, address, tone, after, steps) in REQUESTS.items():
        process = made[company]
        request = _make(journal, process, person, role, channel, address, tone)
        if after is None:
            continue
        sent = min(_dates(process, today) + dt.timedelta(days=after), today)
        request = request_store.mark_sent(journal, request, sent)
        for status, days in steps:
            request = request_store.set_status(journal, request, status,
                                               min(sent + dt.timedelta(days=days), today))
        if company in FEEDBACK:
            text, tags = FEEDBACK[company]
            points = point_store.record_feedback(journal, process["id"], text,
                                                 request_id=request["id"],
                                                 received_on=request["answered_on"])
            for point, (themes, surprise, action) in zip(points, tags):
                journal.update("feedback_points", point["id"], point["rev"], themes=themes,
                               surprise=surprise, action=action)
    for company, (person, role, channel, address, tone, days_ago) in RECENT.items():
        request = _make(journal, made[company], person, role, channel, address, tone)
        request_store.mark_sent(journal, request, today - dt.timedelta(days=days_ago))
