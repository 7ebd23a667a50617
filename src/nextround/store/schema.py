"""The journal's tables: the SQL that creates them and the field types the store enforces.

Every table has `id`, `rev` (bumped by each update, so a stale edit is refused), `created_at`
and `updated_at`. Migrations are ordered; each runs in the same transaction that bumps
`PRAGMA user_version`, so a failed migration leaves the journal as it was.
"""

from __future__ import annotations

APPLICATION_ID = 0x4E58524E  # "NXRN"
# The longest text a field holds, and the most entries a list holds: a save refuses more, and
# so does a backup, so every saved journal can be backed up and restored.
MAX_TEXT_CHARS = 100_000
MAX_LIST_ITEMS = 1_000
SCHEMA_VERSION = 2

# Field types: text, int, real, bool, date (YYYY-MM-DD), datetime (ISO 8601 UTC), json (list).
# `ref:<table>` is an int that points at a row of another table.
COMMON = {"id": "int", "rev": "int", "created_at": "datetime", "updated_at": "datetime"}

TABLES: dict[str, dict[str, str]] = {
    "settings": {"key": "text", "value": "text"},
    "processes": {
        "company": "text", "role": "text", "category": "text", "seniority": "text",
        "company_type": "text", "applied_via": "text", "applied_on": "date",
        "outcome": "text", "ended_on": "date", "notes": "text", "fit_note": "text",
        "imported_from": "text",
    },
    "process_events": {
        "process_id": "ref:processes", "happened_on": "date", "outcome": "text", "note": "text",
    },
    "stages": {
        "process_id": "ref:processes", "position": "int", "kind": "text", "held_on": "date",
        "interviewers": "text", "format": "text", "outcome": "text", "notes": "text",
    },
    "preparations": {
        "process_id": "ref:processes", "company_research": "int", "role_requirements": "int",
        "interviewers": "int", "examples": "int", "technical_practice": "int",
        "questions_to_ask": "int", "logistics": "int", "enough": "text", "why": "text",
    },
    "reflections": {
        "stage_id": "ref:stages", "went_well": "text", "do_differently": "text",
        "technical_share": "int", "soft_skills": "json", "self_rating": "int", "themes": "json",
    },
    "takeaways": {
        "process_id": "ref:processes", "position": "int", "text": "text", "theme": "text",
    },
    "feedback_requests": {
        "process_id": "ref:processes", "person_name": "text", "person_role": "text",
        "channel": "text", "address": "text", "tone": "text", "message": "text",
        "status": "text", "sent_on": "date", "follow_up_on": "date", "answered_on": "date",
    },
    "feedback_points": {
        "process_id": "ref:processes", "request_id": "ref:feedback_requests",
        "received_on": "date", "text": "text", "themes": "json", "surprise": "bool",
        "action": "text",
    },
    "reasons": {
        "process_id": "ref:processes", "text": "text", "source": "text", "control": "text",
    },
    "work_values": {"name": "text", "weight": "int", "position": "int"},
    "fit_ratings": {"process_id": "ref:processes", "value_id": "ref:work_values", "rating": "int"},
    "target_roles": {
        "role": "text", "category": "text", "seniority": "text", "company_type": "text",
        "must_haves": "json", "deal_breakers": "json",
    },
    "questions": {
        "process_id": "ref:processes", "stage_id": "ref:stages", "text": "text",
        "category": "text", "answered_then": "text",
    },
    "answer_versions": {
        "question_id": "ref:questions", "situation": "text", "task": "text", "action": "text",
        "result": "text", "learned": "text",
    },
    "practice_cards": {"question_id": "ref:questions", "card": "text", "due_at": "datetime"},
    "practice_reviews": {
        "question_id": "ref:questions", "reviewed_at": "datetime", "rating": "int",
        "confidence": "int",
    },
    "goals": {
        "title": "text", "specific": "text", "measure": "text", "deadline": "date",
        "source": "text", "source_id": "int", "resources": "text", "progress": "int",
        "status": "text",
    },
    "learning_sessions": {
        "goal_id": "ref:goals", "held_on": "date", "minutes": "int", "note": "text",
    },
    "topics": {"name": "text", "sources": "text"},
    "topic_notes": {"topic_id": "ref:topics", "noted_on": "date", "text": "text"},
    # Journal format 2 (migrations/0002_journal_format_2.sql): people met, interviews to come.
    "contacts": {
        "name": "text", "name_key": "text", "kind": "text", "company": "text",
        "address": "text", "notes": "text",
    },
    "upcoming_interviews": {
        "company": "text", "role": "text", "held_on": "date", "starts_at": "text",
        "timezone": "text", "minutes": "int", "kind": "text", "format": "text",
        "people": "text", "notes": "text", "ticked": "json", "status": "text",
        "process_id": "ref:processes",
    },
    "contact_links": {
        "contact_id": "ref:contacts", "process_id": "ref:processes", "stage_id": "ref:stages",
        "request_id": "ref:feedback_requests", "upcoming_id": "ref:upcoming_interviews",
        "role": "text",
    },
}

# What each journal format added after the first: whole tables, and fields of tables it had.
# A backup of an earlier format is read with them empty (`documents.backup`).
ADDED_TABLES: dict[int, tuple[str, ...]] = {2: ("contacts", "upcoming_interviews", "contact_links")}
ADDED_FIELDS: dict[int, dict[str, tuple[str, ...]]] = {2: {"processes": ("imported_from",)}}

# Tables in an order where every reference points backwards (for restore and deletes).
TABLE_ORDER = list(TABLES)

# Which fields each table requires on insert (beyond the common ones).
REQUIRED = {
    "settings": ("key",),
    "processes": ("company",),
    "process_events": ("process_id", "outcome"),
    "stages": ("process_id",),
    "preparations": ("process_id",),
    "reflections": ("stage_id",),
    "takeaways": ("process_id",),
    "feedback_requests": ("process_id",),
    "feedback_points": ("process_id",),
    "reasons": ("text",),
    "work_values": ("name",),
    "fit_ratings": ("process_id", "value_id"),
    "questions": ("text",),
    "answer_versions": ("question_id",),
    "practice_cards": ("question_id",),
    "practice_reviews": ("question_id", "rating"),
    "goals": ("title",),
    "learning_sessions": ("goal_id",),
    "topics": ("name",),
    "topic_notes": ("topic_id",),
    "contacts": ("name",),
    "upcoming_interviews": ("company", "held_on"),
    "contact_links": ("contact_id",),
}





def migrations() -> list[tuple[int, str]]:
    """The numbered SQL steps in `migrations/`: step n takes a journal from version n-1 to n."""
    from importlib.resources import files

    steps = []
    for entry in files("nextround.store.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            steps.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    steps.sort()
    assert [n for n, _ in steps] == list(range(1, SCHEMA_VERSION + 1)), "migration steps have a gap"
    return steps
