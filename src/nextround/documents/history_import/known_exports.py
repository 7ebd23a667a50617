"""Other trackers' CSV exports that NextRound recognises without asking.

Each is recognised by its exact column names, as the tracker writes them, and read with the
columns and statuses below. Only exports whose columns could be checked against the
tracker's own code, or against a real export file, are here; Teal is not, as neither its
export format nor a real export could be found.

- JobSync (github.com/Gsync/jobsync): the column list `FIELDS` in
  src/app/api/jobs/export/route.ts; missing values are written as "N/A"; statuses from
  src/lib/data/jobStatusesData.ts and src/lib/constants.ts (`JOB_STATUSES`).
- Reactive Resume (github.com/reactive-resume/reactive-resume): `exportApplicationsCsv` in
  apps/web/src/features/applications/csv.ts; "Stage" holds the stage's value (saved, applied,
  screening, interview, offer, closed) and "Closed Reason" why a closed one ended
  (not-selected, withdrew, accepted-other, no-response); "Stage History" lists every stage
  with its date, "Applied (2026-01-05) → Interview (2026-01-20) → Closed (2026-02-01)"; a
  cell a spreadsheet would run as a formula is written with a leading "'".
- Huntr: the columns of a Huntr export (2022) kept in github.com/keenlychuang/huntr-to-notion
  (data/sample_data/*.csv, read by utilities.py), not Huntr's own documentation, which does
  not describe its export. "listName" is the board list a job is in (the person's own list
  names, matched like any status), "-" marks an empty cell, and there is no date applied:
  the date the job was added ("createdAt") stands for it.
- NextRound's own processes.csv (`nextround csv`), with its formula guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nextround.words import words


@dataclass(frozen=True)
class KnownExport:
    key: str  # its words: [history_import.exports] <key>
    signature: frozenset[str]  # column names that are all present in such a file
    columns: dict[str, str]  # field → column name
    statuses: dict[str, str] = field(default_factory=dict)  # status text → outcome key
    stages: dict[str, str] = field(default_factory=dict)  # stage text → funnel step or "ignore"
    empty: frozenset[str] = frozenset()  # cell texts that mean "nothing here"
    formula_guard: bool = False  # a leading ' was added to formula-like cells
    note: str = ""  # what the person should know about reading it

    @property
    def name(self) -> str:
        """As the person reads it: "a JobSync export"."""
        return words()["history_import"]["exports"][self.key]


JOBSYNC = KnownExport(
    key="jobsync",
    signature=frozenset({"index", "createdAt", "applied", "appliedDate", "Company", "JobTitle",
                         "Location", "JobSource", "Status"}),
    columns={"company": "Company", "role": "JobTitle", "applied_on": "appliedDate",
             "status": "Status", "applied_via": "JobSource", "location": "Location"},
    statuses={"New": "left_out", "Draft": "left_out", "Applied": "applied",
              "Interview": "interview", "Offer": "offer", "Rejected": "rejected",
              "Expired": "no_reply", "Archived": "no_reply"},
    empty=frozenset({"N/A"}),
)

REACTIVE_RESUME = KnownExport(
    key="reactive_resume",
    signature=frozenset({"Company", "Role", "Stage", "Application Date", "Closed Reason",
                         "Stage History", "Created At", "Updated At"}),
    columns={"company": "Company", "role": "Role", "applied_on": "Application Date",
             "status": "Stage", "status_detail": "Closed Reason", "stage": "Stage History",
             "location": "Location", "applied_via": "Source", "notes": "Notes",
             "contact": "Contacts"},
    statuses={"saved": "left_out", "applied": "applied", "screening": "screening",
              "interview": "interview", "offer": "offer", "closed": "rejected",
              "closed · not-selected": "rejected", "closed · withdrew": "withdrew",
              "closed · accepted-other": "withdrew", "closed · no-response": "no_reply"},
    stages={"Saved": "ignore", "Applied": "Applied", "Screening": "Screening",
            "Interview": "Interview", "Offer": "Offer", "Closed": "ignore"},
    formula_guard=True,
)

HUNTR = KnownExport(
    key="huntr",
    signature=frozenset({"id", "createdAt", "title", "listName", "boardName", "companyName"}),
    columns={"company": "companyName", "role": "title", "applied_on": "createdAt",
             "status": "listName", "location": "location"},
    empty=frozenset({"-"}),
    note="huntr_dates",
)

NEXTROUND = KnownExport(
    key="nextround",
    signature=frozenset({"id", "rev", "created_at", "updated_at", "company", "role",
                         "applied_on", "outcome", "ended_on"}),
    columns={"company": "company", "role": "role", "category": "category",
             "seniority": "seniority", "company_type": "company_type",
             "applied_via": "applied_via", "applied_on": "applied_on", "status": "outcome",
             "ended_on": "ended_on", "notes": "notes"},
    statuses={"in progress": "applied", "waiting": "waiting", "rejected": "rejected",
              "withdrew": "withdrew", "offer": "offer"},
    formula_guard=True,
)

KNOWN_EXPORTS = (REACTIVE_RESUME, JOBSYNC, HUNTR, NEXTROUND)


def recognise(headers: list[str]) -> KnownExport | None:
    present = set(headers)
    for export in KNOWN_EXPORTS:
        if export.signature <= present:
            return export
    return None
