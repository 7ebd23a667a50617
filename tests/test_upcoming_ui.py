"""The page's widgets in plain Python: hostile names shown as text, the countdown in My progress."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from nextround.store import contacts, next_steps, processes, upcoming
from nextround.ui.next_interview import NextInterview
from nextround.ui.people import ContactsList
from widget_tree import containing, find, find_all, text_of

NOW = dt.datetime(2026, 3, 7, 12, 0, tzinfo=dt.timezone.utc)
HOSTILE = "<img src=x onerror=alert(1)> Ｐriya"


def html_of(widget) -> str:
    """All the markup `widget` shows."""
    return "".join(w.value for w in find_all(widget, widgets.HTML))


def test_hostile_names_are_escaped_in_the_plan_and_the_contacts(journal):
    process = processes.add_process(journal, "<script>x</script>")
    stage = processes.add_stage(journal, process["id"], interviewers=HOSTILE)
    contacts.sync_stage(journal, stage)
    upcoming.add_upcoming(journal, "<b>Acme</b>", dt.date(2026, 3, 10), "10:00", "UTC",
                          people=HOSTILE)
    page = NextInterview(journal, clock=lambda: NOW)
    markup = html_of(page.fit()) + html_of(ContactsList(journal))
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "<img" not in markup and "<script>" not in markup and "<b>Acme" not in markup


def test_my_progress_lists_the_countdown_first(journal):
    upcoming.add_upcoming(journal, "Acme", dt.date(2026, 3, 10), "10:00", "UTC", role="Analyst")
    steps = next_steps.next_steps(journal, NOW)
    assert steps[0].kind == next_steps.INTERVIEW
    assert steps[0].title == "3 days left: 7 areas to research."
    assert steps[0].workbook == "04b_before_your_next_interview.ipynb"
    assert steps[0].detail == ("Acme Analyst, Tue 10 Mar 2026 at 10:00. Your plan is ready in "
                               "Before your next interview.")


def test_logging_from_the_page_moves_on_to_the_next_interview(journal):
    first = upcoming.add_upcoming(journal, "First", dt.date(2026, 3, 10), "10:00", "UTC")
    upcoming.add_upcoming(journal, "Second", dt.date(2026, 3, 20), "10:00", "UTC")
    page = NextInterview(journal, clock=lambda: NOW)
    log_part = page.log_it()
    assert page.state.upcoming["id"] == first["id"]
    log_part.button.click()
    assert [p["company"] for p in journal.rows("processes")] == ["First"]
    assert page.state.upcoming["company"] == "Second"
    logged = find(log_part, widgets.HTML, value=containing("Logged:"))
    assert text_of(logged) == "Logged: First is now a process in step 1. Open step 1 to review it"
    assert 'href="01_review_and_reflect.ipynb"' in logged.value
