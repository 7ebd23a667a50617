"""Workbook 3 widgets, driven as a person would: choosing sets `.value`, buttons are clicked."""

from __future__ import annotations

import pytest

from nextround import Journal
from nextround.store import fit, reasons
from nextround.store import processes as store
from nextround.demo import write_demo
from nextround.ui.fit import ItsNotPersonal


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
    assert "Add or choose a process" in step.exercises["reasons"].children[0].value
    assert "Add or choose a process" in step.exercises["culture_fit"].children[0].value
    findings = step.exercises["right_roles"].findings.value
    assert "Not enough to say anything yet" in findings


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
    assert "0 within your control (0%)" in exercise.share.value


def test_own_reason_is_added_sorted_and_the_share_follows(step):
    exercise = step.exercises["reasons"]
    exercise.add_button.click()
    assert exercise.own_status.state == "error"
    exercise.own.value = "<script>x</script> 🙃"
    exercise.add_button.click()
    assert exercise.own.value == ""
    card = exercise.card("<script>x</script> 🙃")
    assert "<script>" not in card.children[0].value and "&lt;script&gt;" in card.children[0].value
    card.pile.value = reasons.WITHIN
    exercise.card("The role went to an internal candidate").pile.value = reasons.OUTSIDE
    assert "2 reasons: 1 within your control (50%)" in exercise.share.value
    assert exercise.chart.shown == "figure"
    assert "1 process you sorted 2 reasons" in exercise.chart.summary.value


def test_removing_a_sorted_candidate_puts_it_back_unsorted(step):
    exercise = step.exercises["reasons"]
    exercise.card("Preparation and research").pile.value = reasons.OUTSIDE
    assert step.journal.count("reasons") == 1
    card = exercise.card("Preparation and research")
    card.remove._start.click()
    card.remove._yes.click()
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
    assert exercise.add_status.state == "error" and "already" in exercise.add_status.value
    assert "Learning and growth" not in exercise.value_name.options
    growth, bonus = fit.work_values(step.journal)
    exercise.value_cards[0].weight.value = 5
    exercise.value_cards[1].weight.value = 1
    assert step.journal.get("work_values", growth["id"])["weight"] == 5
    assert step.journal.get("work_values", bonus["id"])["weight"] == 1
    exercise.rating_inputs[growth["id"]].value = 5
    exercise.rating_inputs[bonus["id"]].value = 1
    assert step.journal.find_one("fit_ratings", process_id=pid, value_id=growth["id"])["rating"] == 5
    # 5·4 / (5·4 + 1·4) = 83
    assert ">83<" in exercise.score.value and "2 of 2 values rated" in exercise.score.value
    assert exercise.chart.shown == "figure"
    exercise.note.value = "Yes — they pair a lot."
    assert step.journal.get("processes", pid)["fit_note"] == "Yes — they pair a lot."
    # A weight change moves the score at once.
    exercise.value_cards[1].weight.value = 5
    assert ">50<" in exercise.score.value


def test_removing_a_value_asks_first_and_drops_its_ratings(step):
    exercise = step.exercises["culture_fit"]
    exercise.value_name.value = "Autonomy"
    exercise.add_button.click()
    value = fit.work_values(step.journal)[0]
    exercise.rating_inputs[value["id"]].value = 4
    remover = exercise.value_cards[0].children[1].children[2]
    remover._start.click()
    assert step.journal.count("work_values") == 1
    remover._yes.click()
    assert step.journal.count("work_values") == 0
    assert step.journal.count("fit_ratings") == 0
    assert "Name what matters to you above" in exercise.ratings_box.children[0].value


def test_target_role_saves_and_scores_the_processes_where_they_are_listed(step):
    exercise = step.exercises["target_role"]
    pid = step.picker.process_id
    assert "Acme" in step.picker.dropdown.options[0][0]
    assert "target match" not in step.picker.dropdown.options[0][0]
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
    assert step.picker.dropdown.options[0][0].endswith("· target match 0%")
    assert step.picker.process_id == step.picker.dropdown.options[0][1]
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
    assert "3 of 4 Data engineering" in exercise.progress.summary.value
    exercise.dimension.value = "applied_via"
    assert exercise.progress.shown == "figure"
    assert "No group has 3 or more processes yet" in exercise.progress.summary.value
    assert exercise.fit_vs_stage.shown == "figure"
    assert "Across 8 rated companies" in exercise.fit_vs_stage.summary.value
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
    assert step.exercises["culture_fit"].value_cards[0].weight.disabled
    assert step.exercises["reasons"].add_button.disabled
    assert step.exercises["reasons"].cards[0].pile.disabled
    assert step.exercises["target_role"].fields["must_haves"].disabled
    journal.close()
