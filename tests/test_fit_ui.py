"""Workbook 3 widgets, driven as a person would: choosing sets `.value`, buttons are clicked."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from nextround import Journal
from nextround.store import fit, reasons
from nextround.store import processes as store
from nextround.demo import write_demo
from nextround.ui import kit
from nextround.ui.fit import ItsNotPersonal
from nextround.words import words
from widget_tree import card as card_titled
from widget_tree import click, confirm, containing, find, find_all, text_of


def open_step(journal):
    step = ItsNotPersonal(journal)
    step.header()
    step.exercises = {"reasons": step.reasons(), "culture_fit": step.culture_fit(),
                      "right_roles": step.right_roles(), "target_role": step.target_role()}
    return step


@pytest.fixture
def journal(tmp_path):
    journal = Journal.open(tmp_path / "j.sqlite3", create=True)
    yield journal
    journal.close()


@pytest.fixture
def step(journal):
    process = store.add_process(journal, "Acme", "Data engineer")
    stage = store.add_stage(journal, process["id"], kind="Screening call")
    journal.add("reflections", stage_id=stage["id"], do_differently="Research $their$ product",
                themes=["Preparation and research"])
    return open_step(journal)


def test_every_exercise_shows_a_kind_word_without_a_process(journal):
    step = open_step(journal)
    for name in ("reasons", "culture_fit"):
        assert text_of(find(step.exercises[name], widgets.HTML, classes="nr-muted")) == (
            "Add or choose a process above to start this exercise.")
    assert text_of(step.exercises["right_roles"].findings) == (
        "Not enough to say anything yet: 0 finished processes, and findings need at least 3. "
        "Keep logging; a pattern takes a few rounds to show. "
        "A process still open counts only for the steps it has already reached.")


def test_choosing_a_pile_keeps_the_reason_and_moving_it_updates_it(step):
    exercise = step.exercises["reasons"]
    pid = step.picker.process_id
    card = exercise.card("Research $their$ product")
    assert card.form.row is None and card.remove.layout.display == "none"
    card.pile.value = reasons.WITHIN
    row = step.journal.find_one("reasons", process_id=pid, text="Research $their$ product")
    assert row["control"] == "within my control" and row["source"] == "reflection"
    assert card.form.status.state == "saved"
    assert card.remove.layout.display is None
    card.pile.value = reasons.UNKNOWN
    assert step.journal.get("reasons", row["id"])["control"] == "can't know"
    assert text_of(exercise.share).endswith(
        ": 0 within your control (0%), 0 outside it, 1 you can't know.")


def test_own_reason_is_added_sorted_and_the_share_follows(step):
    exercise = step.exercises["reasons"]
    exercise.add_button.click()
    assert exercise.own_status.state == "error"
    exercise.own.value = "<script>x</script> 🙃"
    exercise.add_button.click()
    assert exercise.own.value == ""
    card = exercise.card("<script>x</script> 🙃")
    line = find(card, widgets.HTML, value=containing("🙃"))
    assert text_of(line) == "<script>x</script> 🙃 · my own" and "<script>" not in line.value
    card.pile.value = reasons.WITHIN
    exercise.card("The role went to an internal candidate").pile.value = reasons.OUTSIDE
    assert text_of(exercise.share) == ("You sorted 2 reasons: 1 within your control (50%), "
                                       "1 outside it, 0 you can't know.")
    assert exercise.chart.shown == "figure"
    assert text_of(exercise.chart.summary) == (
        "Across 1 process you sorted 2 reasons: 1 within your control (50%).")


def test_removing_a_sorted_candidate_puts_it_back_unsorted(step):
    exercise = step.exercises["reasons"]
    exercise.card("Preparation and research").pile.value = reasons.OUTSIDE
    assert step.journal.count("reasons") == 1
    card = exercise.card("Preparation and research")
    confirm(card, "Take off my list")
    assert step.journal.count("reasons") == 0
    assert exercise.card("Preparation and research").pile.value is None


def test_a_pile_changed_in_another_tab_is_refused_and_kept_on_screen(step):
    exercise = step.exercises["reasons"]
    card = exercise.card("Preparation and research")
    card.pile.value = reasons.WITHIN
    row = card.form.row
    step.journal.update("reasons", row["id"], row["rev"], control="can't know")  # other tab
    card.pile.value = reasons.OUTSIDE
    assert card.form.status.state == "error"
    assert card.pile.value == reasons.OUTSIDE
    assert step.journal.get("reasons", row["id"])["control"] == "can't know"


def test_values_with_weights_and_a_rating_give_a_fit_score(step):
    exercise = step.exercises["culture_fit"]
    pid = step.picker.process_id
    assert "Learning and growth" in exercise.value_name.options
    exercise.value_name.value = "Learning and growth"
    exercise.add_button.click()
    exercise.value_name.value = "A $5k$ bonus"
    exercise.add_button.click()
    exercise.value_name.value = "learning and growth"
    exercise.add_button.click()
    assert exercise.add_status.state == "error"
    assert text_of(exercise.add_status) == (
        "Not saved: “learning and growth” is already in your list.")
    assert "Learning and growth" not in exercise.value_name.options
    growth, bonus = fit.work_values(step.journal)
    weight = {name: find(card_titled(exercise, name), kit.RatingInput, description="Weight")
              for name in ("Learning and growth", "A $5k$ bonus")}
    weight["Learning and growth"].value = 5
    weight["A $5k$ bonus"].value = 1
    assert step.journal.get("work_values", growth["id"])["weight"] == 5
    assert step.journal.get("work_values", bonus["id"])["weight"] == 1
    exercise.rating_inputs[growth["id"]].value = 5
    exercise.rating_inputs[bonus["id"]].value = 1
    assert step.journal.find_one("fit_ratings", process_id=pid, value_id=growth["id"])["rating"] == 5
    # 5·4 / (5·4 + 1·4) = 83
    assert text_of(exercise.score) == ("Fit score: 83 out of 100 — 2 of 2 values rated, "
                                       "the heavier ones counting more.")
    assert exercise.chart.shown == "figure"
    exercise.note.value = "Yes — they pair a lot."
    assert step.journal.get("processes", pid)["fit_note"] == "Yes — they pair a lot."
    # A weight change moves the score at once.
    weight["A $5k$ bonus"].value = 5
    assert text_of(exercise.score) == ("Fit score: 50 out of 100 — 2 of 2 values rated, "
                                       "the heavier ones counting more.")


def test_removing_a_value_asks_first_and_drops_its_ratings(step):
    exercise = step.exercises["culture_fit"]
    exercise.value_name.value = "Autonomy"
    exercise.add_button.click()
    value = fit.work_values(step.journal)[0]
    exercise.rating_inputs[value["id"]].value = 4
    autonomy = card_titled(exercise, "Autonomy")
    click(autonomy, "Remove")
    assert step.journal.count("work_values") == 1
    click(autonomy, "Yes, remove")
    assert step.journal.count("work_values") == 0
    assert step.journal.count("fit_ratings") == 0
    assert text_of(find(exercise.ratings_box, widgets.HTML, classes="nr-muted")) == (
        words()["fit"]["no_values"])


def test_target_role_saves_and_scores_the_processes_where_they_are_listed(step):
    exercise = step.exercises["target_role"]
    pid = step.picker.process_id
    assert step.picker.dropdown.options == (("Acme — Data engineer", pid),)  # no target yet
    exercise.fields["role"].value = "Data engineer"
    exercise.fields["category"].value = "Data engineering"
    exercise.fields["must_haves"].box.value = "Python stack\n\nmentor"
    exercise.fields["deal_breakers"].box.value = "on-call"
    target = fit.target(step.journal)
    assert target["role"] == "Data engineer" and target["category"] == "Data engineering"
    assert target["must_haves"] == ["Python stack", "mentor"]
    assert target["deal_breakers"] == ["on-call"]
    assert step.journal.count("target_roles") == 1
    # Acme: role title matches, category not recorded, must-haves not in notes → 100%.
    assert step.picker.dropdown.options[0] == ("Acme — Data engineer · target match 100%", pid)
    assert step.journal.count("target_roles") == 1
    assert exercise.form.status.state == "saved"
    assert "<b>100%</b>" in exercise.table.value
    assert exercise.chart.shown == "figure"
    # A new process is scored as soon as it is logged.
    step.picker.company.value = "Beta"
    step.picker.role.value = "Sales lead"
    step.picker.add_button.click()
    beta = step.journal.find_one("processes", company="Beta")
    label, value = step.picker.dropdown.options[0]  # the newest first, with its date
    assert label.startswith("Beta — Sales lead") and label.endswith(" · target match 0%")
    assert value == beta["id"]
    assert step.picker.process_id == beta["id"]
    # Reopening the workbook shows the saved target.
    again = open_step(step.journal).exercises["target_role"]
    assert again.fields["must_haves"].box.value == "Python stack\nmentor"
    assert again.fields["category"].value == "Data engineering"


def test_right_roles_on_the_demo_journal(journal):
    write_demo(journal)
    step = open_step(journal)
    exercise = step.exercises["right_roles"]
    assert ("3 of 4 Data engineering processes reached the final stage; 0 of 4 Data science / ML "
            "processes passed screening.") in exercise.findings.value
    assert exercise.progress.shown == "figure"
    assert text_of(exercise.progress.summary) == (
        "3 of 4 Data engineering processes reached the final stage; 0 of 4 Data science / ML "
        "processes passed screening.")
    exercise.dimension.value = "applied_via"
    assert exercise.progress.shown == "figure"
    assert text_of(exercise.progress.summary) == (
        "No group has 3 or more processes yet (Applied directly 2, Referral 2, Recruitment "
        "agency 2, Careers fair 1, Recruiter reached out 1, Job board 1), so no finding.")
    assert exercise.fit_vs_stage.shown == "figure"
    assert text_of(exercise.fit_vs_stage.summary) == (
        "Across 8 rated companies, you got further where the fit was better (correlation 0.7): "
        "aim for places that suit you.")
    # The demo's sorted reasons and ratings are on screen for its processes.
    assert step.exercises["reasons"].chart.shown == "figure"
    assert step.exercises["target_role"].chart.shown == "figure"


def test_findings_follow_new_processes(journal):
    step = open_step(journal)
    exercise = step.exercises["right_roles"]
    for _ in range(3):
        process = store.add_process(journal, "Co", category="Analytics")
        store.set_outcome(journal, process, "rejected")
    assert "0 of 3 Analytics processes passed screening" in exercise.findings.value


def test_read_only_journal_disables_the_inputs(tmp_path):
    import sqlite3

    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path, create=True)
    store.add_process(journal, "Acme")
    fit.add_value(journal, "Pay")
    journal.close()
    with sqlite3.connect(path) as conn:  # as if a newer NextRound had written it
        conn.execute("PRAGMA user_version = 99")
    journal = Journal.open(path)
    assert journal.read_only
    step = open_step(journal)
    assert step.exercises["culture_fit"].add_button.disabled
    weights = find_all(step.exercises["culture_fit"], kit.RatingInput, description="Weight")
    assert [w.disabled for w in weights] == [True]  # the one value, "Pay"
    assert step.exercises["reasons"].add_button.disabled
    piles = find_all(step.exercises["reasons"], widgets.ToggleButtons, description="Pile")
    assert piles and all(p.disabled for p in piles)
    assert step.exercises["target_role"].fields["must_haves"].disabled
    journal.close()
