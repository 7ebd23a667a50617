"""The interview coming up and its plan: research, practice, themes, questions, countdown,
calendar and logging it afterwards — with time always given, never read from the clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from nextround.store import goals as goal_store
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store import upcoming
from nextround.errors import JournalError
from nextround.words import preparation_areas
from nextround.store.upcoming import calendar
from nextround.store.upcoming import planning

UTC = dt.timezone.utc
LONDON = "Europe/London"
FIELDS = [f for f, _ in preparation_areas()]


def at(text: str, zone: str = "UTC") -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def coming(journal, day="2026-03-10", time="10:00", zone=LONDON, **fields):
    return upcoming.add_upcoming(journal, fields.pop("company", "Juniper Health"),
                                 dt.date.fromisoformat(day), time, zone, **fields)


def audit(journal, company, ratings):
    process = process_store.add_process(journal, company)
    journal.add("preparations", process_id=process["id"], **dict(zip(FIELDS, ratings)))
    return process


def question(journal, text, created=None):
    q = question_store.add_question(journal, text)
    question_store.save_answer(journal, q["id"], {"situation": "s", "action": "I did it"})
    if created:
        version = question_store.latest_answer(journal, q["id"])
        journal.update("answer_versions", version["id"], version["rev"])
        journal._conn.execute("UPDATE answer_versions SET created_at = ? WHERE id = ?",
                              (created, version["id"]))
    return q


# ------------------------------------------------------------------ entries
def test_an_interview_keeps_its_local_time_and_zone(journal):
    row = coming(journal, time="9:30", zone="America/New_York")
    assert (row["held_on"], row["starts_at"], row["timezone"]) == ("2026-03-10", "09:30",
                                                                   "America/New_York")
    assert upcoming.starts(row) == dt.datetime(2026, 3, 10, 9, 30,
                                               tzinfo=ZoneInfo("America/New_York"))
    assert upcoming.starts(row).astimezone(UTC) == dt.datetime(2026, 3, 10, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["25:00", "10h", "", "10:5", "ten"])
def test_a_start_time_that_is_not_a_time_is_refused_in_words(journal, typed):
    with pytest.raises(JournalError, match="is not a time"):
        coming(journal, time=typed)
    assert journal.count("upcoming_interviews") == 0


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", " UTC"])
def test_an_unknown_time_zone_is_refused(journal, zone):
    with pytest.raises(JournalError, match="not a time zone"):
        coming(journal, zone=zone)


def test_an_interview_needs_a_company(journal):
    with pytest.raises(JournalError, match="company"):
        upcoming.add_upcoming(journal, "  ", dt.date(2026, 3, 10))


def test_the_soonest_interview_not_logged_comes_first(journal):
    later = coming(journal, day="2026-04-01", company="Later")
    sooner = coming(journal, day="2026-03-20", company="Sooner")
    assert [r["id"] for r in upcoming.still_to_come(journal)] == [sooner["id"], later["id"]]
    assert upcoming.next_one(journal)["id"] == sooner["id"]


# -------------------------------------------------------------- the countdown
@pytest.mark.parametrize("now, days", [
    (at("2026-03-09T23:59", LONDON), 1),   # a minute before midnight: tomorrow
    (at("2026-03-10T00:00", LONDON), 0),   # at midnight: today
    (at("2026-03-10T00:01", LONDON), 0),
    (at("2026-03-07T12:00", LONDON), 3),
    (at("2026-03-11T00:00", LONDON), -1),
])
def test_days_left_turn_over_at_the_persons_midnight(journal, now, days):
    row = coming(journal)
    assert upcoming.days_left(row, now) == days


def test_days_left_are_counted_on_the_persons_clock_not_in_utc(journal):
    # 11:30 UTC on the 9th is already 00:30 on the 10th in Auckland: the interview is today.
    row = coming(journal, day="2026-03-10", zone="Pacific/Auckland")
    assert upcoming.days_left(row, at("2026-03-09T11:30")) == 0
    assert upcoming.days_left(row, at("2026-03-09T10:59")) == 1
    # And 23:30 on the 9th in Los Angeles is 07:30 UTC on the 10th: still tomorrow there.
    row = coming(journal, day="2026-03-10", zone="America/Los_Angeles", company="LA")
    assert upcoming.days_left(row, at("2026-03-10T06:30")) == 1


def test_the_countdown_says_days_questions_and_areas():
    begins = at("2026-03-10T10:00", LONDON)
    assert upcoming.countdown_sentence(3, 2, 1, begins) == (
        "3 days left: 2 questions to practise, 1 area to research.")
    assert upcoming.countdown_sentence(1, 1, 0, begins) == "Tomorrow at 10:00: 1 question to practise."
    assert upcoming.countdown_sentence(0, 0, 0, begins) == (
        "Today at 10:00: nothing left on your list, you are ready.")
    assert upcoming.countdown_sentence(-2, 4, 4, begins) == (
        "The interview was on Tue 10 Mar 2026: log how it went.")


def test_the_countdown_counts_weak_areas_not_ticked_and_questions_due(journal):
    audit(journal, "A", [0, 3, 3, 3, 3, 3, 1])   # company research and logistics are weak
    audit(journal, "B", [1, 3, 3, 3, 3, 3, 2])
    question(journal, "Why us?")
    row = coming(journal)
    row = upcoming.tick(journal, row, "logistics", True)
    now = at("2026-03-07T12:00", LONDON)
    assert upcoming.plan(journal, row, now).countdown() == (
        "3 days left: 1 question to practise, 1 area to research.")
    assert upcoming.countdown_sentence_for(journal, row, now) == upcoming.plan(
        journal, row, now).countdown()


# ----------------------------------------------------------------- research
def test_the_weakest_areas_across_past_audits_come_first_with_this_companys_name(journal):
    audit(journal, "A", [0, 2, 1, 3, 3, 2, 3])
    audit(journal, "B", [1, 2, 2, 3, 3, 0, 3])
    journal.add("preparations", process_id=process_store.add_process(journal, "C")["id"])  # unrated
    plan = upcoming.plan(journal, coming(journal, role="Data engineer"), at("2026-03-07T12:00"))
    assert [(a.field, a.average, a.weak) for a in plan.areas] == [
        ("company_research", 0.5, True), ("questions_to_ask", 1.0, True),
        ("interviewers", 1.5, True), ("role_requirements", 2.0, False),
        ("examples", 3.0, False), ("technical_practice", 3.0, False), ("logistics", 3.0, False)]
    assert plan.audits == 3
    assert plan.areas[0].task == ("Read up on Juniper Health: its mission, products, recent news "
                                  "and competitors.")
    assert plan.to_research == 3


def test_with_no_audit_yet_every_area_is_on_the_list(journal):
    plan = upcoming.plan(journal, coming(journal), at("2026-03-07T12:00"))
    assert [a.field for a in plan.areas] == FIELDS
    assert plan.audits == 0 and plan.to_research == 7


def test_ticking_an_area_is_kept_and_can_be_undone(journal):
    row = coming(journal)
    row = upcoming.tick(journal, row, "logistics", True)
    row = upcoming.tick(journal, row, "company_research", True)
    assert row["ticked"] == ["company_research", "logistics"]
    row = upcoming.tick(journal, row, "logistics", False)
    assert row["ticked"] == ["company_research"]
    with pytest.raises(JournalError):
        upcoming.tick(journal, row, "<script>", True)


# ----------------------------------------------------------------- practice
def test_questions_due_after_the_day_are_left_and_due_ones_planned_before_it(journal):
    noon = at("2026-03-01T12:00")
    kept = question(journal, "Easy one")
    practice.review(journal, kept["id"], 4, noon)      # easy: due in weeks
    soon = question(journal, "Due on the day")
    practice.review(journal, soon["id"], 3, noon)      # good: due in a few days
    never = question(journal, "Never practised")
    due_day = practice.parse_time(journal.find_one("practice_cards", question_id=soon["id"])["due_at"])
    interview_day = due_day.astimezone(ZoneInfo(LONDON)).date()
    row = coming(journal, day=interview_day.isoformat(), time="23:00")
    now = at("2026-03-02T08:00")
    plan = upcoming.plan(journal, row, now)
    assert [i.question_id for i in plan.practice] == [never["id"], soon["id"]]  # weakest recall first
    assert plan.not_due == 1
    never_item, soon_item = plan.practice
    assert never_item.recall == 0.0 < soon_item.recall <= 1
    assert never_item.planned_on == dt.date(2026, 3, 2)   # overdue: today
    # Due on the interview day itself: brought in to the day before.
    assert soon_item.planned_on == interview_day - dt.timedelta(days=1)
    assert soon_item.brought_in


def test_an_interview_today_plans_practice_for_today(journal):
    question(journal, "Why us?")
    row = coming(journal, day="2026-03-10", time="15:00")
    plan = upcoming.plan(journal, row, at("2026-03-10T08:10", LONDON))
    assert [i.planned_on for i in plan.practice] == [dt.date(2026, 3, 10)]
    (session,) = plan.sessions
    # Not at 18:00, after the interview: over an hour before it starts.
    assert (session.start, session.minutes) == (at("2026-03-10T13:45", LONDON), 15)


def test_a_practice_session_today_is_never_in_the_past(journal):
    question(journal, "Why us?")
    row = coming(journal, day="2026-03-10", time="09:00")
    (session,) = upcoming.plan(journal, row, at("2026-03-10T08:10", LONDON)).sessions
    assert session.start == at("2026-03-10T08:15", LONDON)


def test_a_practice_session_ends_before_an_interview_that_starts_early(journal):
    question(journal, "Why us?")
    row = coming(journal, day="2026-03-10", time="18:05")
    (session,) = upcoming.plan(journal, row, at("2026-03-10T09:00", LONDON)).sessions
    assert session.start == at("2026-03-10T16:50", LONDON)


def test_practising_a_question_takes_it_off_the_plan_when_it_is_no_longer_due(journal):
    q = question(journal, "Why us?")
    row = coming(journal, day="2026-03-10")
    now = at("2026-03-07T12:00", LONDON)
    assert len(upcoming.plan(journal, row, now).practice) == 1
    practice.review(journal, q["id"], 4, now)
    plan = upcoming.plan(journal, row, now)
    assert plan.practice == [] and plan.not_due == 1


# ------------------------------------------------------------ what to address
def test_themes_named_more_than_once_come_with_takeaways_and_active_goals(journal):
    a = process_store.add_process(journal, "Northwind Data")
    b = process_store.add_process(journal, "Brightpath Bank")
    p1 = journal.add("feedback_points", process_id=a["id"], themes=["Technical depth", "Communication"])
    journal.add("feedback_points", process_id=b["id"], themes=["Technical depth", "Technical depth"])
    journal.add("feedback_points", process_id=b["id"], themes=["Communication"])
    journal.add("feedback_points", process_id=b["id"], themes=["Salary expectations"])
    takeaway = journal.add("takeaways", process_id=a["id"], position=0, text="Go deeper on testing",
                           theme="Technical depth")
    today = dt.date(2026, 3, 1)
    goal_store.add_goal(journal, "Build a dbt project", today, source="Feedback", source_id=p1["id"])
    goal_store.add_goal(journal, "Write about testing", today, source="Takeaway",
                        source_id=takeaway["id"])
    dropped = goal_store.add_goal(journal, "Dropped one", today, source="Takeaway",
                                  source_id=takeaway["id"])
    journal.update("goals", dropped["id"], dropped["rev"], status="dropped")
    themes = planning.feedback_themes(journal)
    # Most named first; equal counts by name.
    assert [(t.name, t.count, t.companies) for t in themes] == [
        ("Communication", 2, ("Northwind Data", "Brightpath Bank")),
        ("Technical depth", 2, ("Northwind Data", "Brightpath Bank"))]
    assert themes[1].takeaways == ("Go deeper on testing",) and themes[0].takeaways == ()
    assert themes[1].goals == ("Build a dbt project", "Write about testing")
    assert themes[0].goals == ("Build a dbt project",)


# ------------------------------------------------------------ questions to ask
def test_questions_to_ask_come_from_values_then_must_haves_and_deal_breakers(journal):
    for i, (name, weight) in enumerate([("Team culture", 4), ("Autonomy", 5), ("Ponies", 3),
                                        ("Stability", 1)]):
        journal.add("work_values", name=name, weight=weight, position=i)
    journal.add("target_roles", role="Data engineer", must_haves=["a mentor"],
                deal_breakers=["on-call every week"])
    asks = planning.questions_to_ask(journal, coming(journal))
    assert [a.because for a in asks] == [
        "From what matters to you: Autonomy", "From what matters to you: Team culture",
        "From what matters to you: Ponies", "A must-have of your target role: a mentor",
        "A deal-breaker of your target role: on-call every week"]
    assert asks[2].question == "Ponies matters to me: how does it show in this team, day to day?"
    assert asks[3].question == "How does this role offer a mentor?"


# ------------------------------------------------------------------- calendar
def test_the_calendar_has_the_interview_in_its_zone_and_each_practice_session(journal):
    question(journal, "Why us?")
    question(journal, "Tell me about a failure")
    row = coming(journal, day="2026-03-10", time="10:00", role="Data engineer",
                 people="Priya Shah", kind="Technical interview")
    plan = upcoming.plan(journal, row, at("2026-03-07T12:00", LONDON))
    parsed = Calendar.from_ical(calendar.calendar_ics(plan, stamp=at("2026-03-07T12:00")))
    events = parsed.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Technical interview: Juniper Health Data engineer",
        "Practise 2 interview questions for Juniper Health"]
    interview, session = events
    start = interview.decoded("dtstart")
    assert start == dt.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo(LONDON))
    assert interview["dtstart"].params["TZID"] == LONDON
    assert [str(t["tzid"]) for t in parsed.walk("VTIMEZONE")] == [LONDON]
    assert interview.decoded("dtend") - start == dt.timedelta(minutes=60)
    assert session.decoded("dtstart") == dt.datetime(2026, 3, 7, 18, 0, tzinfo=ZoneInfo(LONDON))
    assert "Why us?" in str(session["description"])


def test_the_calendar_is_right_across_a_change_of_the_clocks(journal):
    # London moves to summer time on 29 March 2026: 10:00 is 09:00 UTC after it.
    row = coming(journal, day="2026-03-30", time="10:00")
    plan = upcoming.plan(journal, row, at("2026-03-27T12:00", LONDON))
    (event,) = Calendar.from_ical(calendar.calendar_ics(plan)).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == dt.datetime(2026, 3, 30, 9, 0, tzinfo=UTC)


def test_hostile_text_reaches_the_calendar_as_text(journal):
    row = coming(journal, company="Acme;\nBEGIN:VEVENT", role="<script>x</script>")
    plan = upcoming.plan(journal, row, at("2026-03-07T12:00"))
    parsed = Calendar.from_ical(calendar.calendar_ics(plan))
    (event,) = parsed.walk("VEVENT")
    assert str(event["summary"]) == "Interview: Acme;\nBEGIN:VEVENT <script>x</script>"
    assert calendar.calendar_file_name(row) == "nextround-acme-begin-vevent-2026-03-10.ics"


# --------------------------------------------------------------------- log it
def test_log_it_makes_a_process_with_the_stage_and_the_audit_from_the_ticks(journal):
    row = coming(journal, role="Data engineer", kind="Technical interview", format="Video",
                 people="Priya Shah, Noor Haddad", notes="bring a laptop")
    row = upcoming.tick(journal, row, "company_research", True)
    row = upcoming.tick(journal, row, "examples", True)
    process = upcoming.log_it(journal, row, today=dt.date(2026, 3, 10))
    assert (process["company"], process["role"], process["outcome"], process["notes"]) == (
        "Juniper Health", "Data engineer", "in progress", "bring a laptop")
    (stage,) = process_store.stages(journal, process["id"])
    assert (stage["kind"], stage["held_on"], stage["format"], stage["interviewers"]) == (
        "Technical interview", "2026-03-10", "Video", "Priya Shah, Noor Haddad")
    audit_row = journal.find_one("preparations", process_id=process["id"])
    assert {f: audit_row[f] for f in FIELDS} == {
        "company_research": 2, "role_requirements": 0, "interviewers": 0, "examples": 2,
        "technical_practice": 0, "questions_to_ask": 0, "logistics": 0}
    assert sorted(l["contact_id"] for l in journal.rows("contact_links", {"stage_id": stage["id"]})) \
        == sorted(c["id"] for c in journal.rows("contacts"))
    logged = journal.get("upcoming_interviews", row["id"])
    assert (logged["status"], logged["process_id"]) == ("logged", process["id"])
    assert process_store.current_process_id(journal) == process["id"]
    assert upcoming.next_one(journal) is None


def test_logging_twice_makes_one_process(journal):
    row = coming(journal)
    first = upcoming.log_it(journal, row)
    second = upcoming.log_it(journal, row)
    assert first["id"] == second["id"] and journal.count("processes") == 1


def test_a_stage_removed_keeps_its_surprise_questions_unlinked(journal):
    process = process_store.add_process(journal, "Acme")
    stage = process_store.add_stage(journal, process["id"])
    q = question_store.add_question(journal, "Why us?", process_id=process["id"], stage_id=stage["id"])
    seen = []
    journal.subscribe(seen.append)
    process_store.remove_stage(journal, journal.get("stages", stage["id"]))
    kept = journal.get("questions", q["id"])
    assert (kept["stage_id"], kept["process_id"], kept["rev"]) == (None, process["id"], q["rev"] + 1)
    assert seen[-1] == {"questions", "stages"}


def test_the_journal_itself_unlinks_questions_of_a_removed_stage(journal):
    process = process_store.add_process(journal, "Acme")
    stage = process_store.add_stage(journal, process["id"])
    q = question_store.add_question(journal, "Why us?", stage_id=stage["id"])
    journal.delete("stages", stage["id"])
    assert journal.get("questions", q["id"])["stage_id"] is None
