"""Workbook 1 widgets, driven as a person would: typing sets `.value`, buttons are clicked."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import pytest

from nextround import Journal
from nextround.store import processes
from nextround.ui import kit
from nextround.ui.review import ReviewAndReflect
from widget_tree import card, click, find, find_all, text_of


@pytest.fixture
def step(tmp_path):
    journal = Journal.open(tmp_path / "j.sqlite3", create=True)
    step = ReviewAndReflect(journal)
    step.header()
    step.exercises = {
        "process": step.process(), "preparation": step.preparation(),
        "stages": step.stages(), "takeaways": step.takeaways(), "charts": step.charts(),
    }
    return step


def add_process(step, company="Acme", role="Data engineer"):
    step.picker.company.value = company
    step.picker.role.value = role
    step.picker.add_button.click()
    return step.journal.get("processes", step.picker.process_id)


def test_adding_a_process_selects_it_and_remembers_the_choice(step):
    process = add_process(step, "<img src=x onerror=alert(1)>", "$80k–$95k")
    assert process["company"] == "<img src=x onerror=alert(1)>"
    assert process["role"] == "$80k–$95k"
    assert step.picker.dropdown.value == process["id"]
    assert step.journal.setting(processes.CURRENT_PROCESS) == process["id"]
    # A second workbook opened on the same journal starts on the same process.
    assert ReviewAndReflect(step.journal).picker.process_id == process["id"]
    assert step.picker.company.value == ""


def test_adding_a_process_without_company_says_so(step):
    step.picker.add_button.click()
    assert step.journal.count("processes") == 0
    assert step.picker.status.state == "error"
    assert text_of(step.picker.status) == "Not saved: type the company's name first."


def test_process_fields_save_as_you_type(step):
    add_process(step)
    exercise = step.exercises["process"]
    exercise.fields["category"].value = "Data engineering"
    exercise.fields["applied_on"].value = dt.date(2026, 3, 2)
    exercise.fields["notes"].value = "مرحبا 👩‍💻 <b>bold</b>"
    row = step.journal.get("processes", step.picker.process_id)
    assert row["category"] == "Data engineering"
    assert row["applied_on"] == "2026-03-02"
    assert row["notes"] == "مرحبا 👩‍💻 <b>bold</b>"
    assert exercise.form.status.state == "saved"


def test_stages_are_added_in_order_and_can_be_moved_and_removed(step):
    add_process(step)
    exercise = step.exercises["process"]
    exercise.stage_list.add_button.click()
    exercise.stage_list.add_button.click()
    pid = step.picker.process_id
    first, second = processes.stages(step.journal, pid)
    first_card = card(exercise, "Stage 1")
    find(first_card, widgets.Dropdown, description="Stage").value = "Screening call"
    assert step.journal.get("stages", first["id"])["kind"] == "Screening call"
    # "Move down" on the first card puts it second.
    click(first_card, "Move down")
    assert [s["id"] for s in processes.stages(step.journal, pid)] == [second["id"], first["id"]]
    assert find(card(exercise, "Stage 2"), widgets.Dropdown, description="Stage").value == (
        "Screening call")
    # Removing asks first, then removes and renumbers.
    top = card(exercise, "Stage 1")
    click(top, "Remove stage")
    assert step.journal.count("stages") == 2
    click(top, "Yes, remove stage")
    remaining = processes.stages(step.journal, pid)
    assert [(s["id"], s["position"]) for s in remaining] == [(first["id"], 0)]


def test_outcome_changes_keep_history(step):
    add_process(step)
    exercise = step.exercises["process"]
    exercise.outcome.value = "waiting"
    exercise.outcome.value = "rejected"
    events = processes.history(step.journal, step.picker.process_id)
    assert [e["outcome"] for e in events] == ["in progress", "waiting", "rejected"]
    assert step.journal.get("processes", step.picker.process_id)["outcome"] == "rejected"
    assert text_of(exercise.history) == "History (nothing is erased): " + " ".join(
        f"{e['happened_on']}: {e['outcome']}" for e in events)


def test_preparation_audit_and_score(step):
    add_process(step)
    exercise = step.exercises["preparation"]
    assert step.journal.count("preparations") == 0
    exercise.fields["company_research"].value = 3
    exercise.fields["examples"].value = 0
    exercise.fields["enough"].value = "partly"
    exercise.fields["why"].value = "Too little time"
    row = step.journal.find_one("preparations", process_id=step.picker.process_id)
    assert (row["company_research"], row["examples"], row["enough"], row["why"]) == (
        3, 0, "partly", "Too little time")
    assert text_of(exercise.score) == (  # (3 + 0) / 2 of 3 = 50
        "Preparation score: 50 out of 100 — the average of the areas you rated.")


def test_stage_reflection_follows_new_stages(step):
    add_process(step)
    reflections = step.exercises["stages"]
    assert reflections.forms == {}
    step.exercises["process"].stage_list.add_button.click()
    assert len(reflections.forms) == 1
    stage_id, form = next(iter(reflections.forms.items()))
    form.fields["went_well"].value = "Clear pipeline design"
    form.fields["soft_skills"].value = ["Communication", "Curiosity"]
    form.fields["self_rating"].value = 4
    form.fields["themes"].value = ["Technical depth"]
    row = step.journal.find_one("reflections", stage_id=stage_id)
    assert row["went_well"] == "Clear pipeline design"
    assert row["soft_skills"] == ["Communication", "Curiosity"]
    assert row["self_rating"] == 4
    assert row["themes"] == ["Technical depth"]


def test_at_most_three_takeaways(step):
    add_process(step)
    editor = step.exercises["takeaways"].list
    for _ in range(3):
        editor.add_button.click()
    assert step.journal.count("takeaways") == 3
    assert editor.add_button.layout.display == "none"
    find(editor, widgets.Text, description="Takeaway 1").value = "Prepare STAR stories"
    assert step.journal.rows("takeaways")[0]["text"] == "Prepare STAR stories"


def test_switching_process_reloads_every_exercise(step):
    first = add_process(step, "First")
    step.exercises["process"].fields["notes"].value = "first notes"
    add_process(step, "Second")
    assert step.exercises["process"].fields["company"].value == "Second"
    assert step.exercises["process"].fields["notes"].value == ""
    step.picker.dropdown.value = first["id"]
    assert step.exercises["process"].fields["notes"].value == "first notes"


def test_edit_that_lost_a_race_is_refused_and_text_kept(step, tmp_path):
    add_process(step)
    exercise = step.exercises["process"]
    other_tab = Journal.open(step.journal.path)
    row = other_tab.get("processes", step.picker.process_id)
    other_tab.update("processes", row["id"], row["rev"], notes="from the other tab")
    exercise.fields["notes"].value = "typed here"
    assert exercise.form.status.state == "error"
    assert text_of(exercise.form.status) == (
        "Not saved: This entry was changed elsewhere (another tab or window) — reload to see "
        "the latest version. What you typed has not been saved and is still in the form.")
    assert exercise.fields["notes"].value == "typed here"
    assert step.journal.get("processes", row["id"])["notes"] == "from the other tab"


def test_charts_draw_once_there_is_data_and_redraw_on_save(step):
    panels = {p.spec.name: p for p in find_all(step.exercises["charts"], kit.ChartPanel)}
    assert list(panels) == ["profile", "funnel", "preparation_vs_stage"]
    radar, funnel = panels["profile"], panels["funnel"]
    assert funnel.shown == "message"
    add_process(step)
    assert funnel.shown == "figure"
    assert radar.shown == "message"
    step.exercises["preparation"].fields["logistics"].value = 2
    assert radar.shown == "figure"
    assert text_of(radar.summary).startswith("Strongest: logistics.")


def test_read_only_journal_disables_inputs(tmp_path):
    import sqlite3

    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path, create=True)
    processes.add_process(journal, "Acme")
    journal.close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    step = ReviewAndReflect(Journal.open(path))
    header = step.header()
    notice = find(header, widgets.HTML, classes="nr-notice-warn")
    assert text_of(notice) == step.journal.read_only_reason
    assert "written by a newer version of NextRound" in step.journal.read_only_reason
    exercise = step.process()
    assert all(w.disabled for w in exercise.fields.values())
    assert step.picker.add_button.disabled


def test_save_status_words_carry_the_meaning():
    status = kit.SaveStatus()
    status.unsaved()
    assert text_of(status) == "Unsaved changes…"
    status.error("<script>alert(1)</script>")
    assert "<script>" not in status.value and "&lt;script&gt;" in status.value
