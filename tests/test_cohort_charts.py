"""The coach's charts: declared as chart specs, drawn from a cohort by the steps' own figures,
and nothing shown about fewer than five people, per chart and per category."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from nextround import specs
from nextround.analysis import cohort as analysis
from nextround.analysis.cohort import Cohort
from nextround.documents.cohort import document, summary
from nextround.rules import cohort as rules
from nextround.specs.registry import COHORT, ChartSpec, Drawing, register

TODAY = dt.date(2026, 3, 31)
NAMES = ["funnel", "stops", "preparation", "themes", "perception_gap", "control", "learning"]


def base_counts() -> dict:
    return {
        "processes": [{"step": "Applied", "outcome": "in progress", "processes": 1},
                      {"step": "Screening", "outcome": "rejected", "processes": 2},
                      {"step": "Interview", "outcome": "rejected", "processes": 1}],
        "preparation": {"audited": 2, "areas": {f: 1.5 for f in document.preparation_fields()}},
        "themes": [{"theme": "Examples and evidence", "expected": 1, "surprise": 1,
                    "unmarked": 0, "mine": 0},
                   {"theme": "Preparation and research", "expected": 0, "surprise": 0,
                    "unmarked": 1, "mine": 3}],
        "other_themes": {"expected": 0, "surprise": 0, "unmarked": 0, "mine": 0},
        "feedback_points": 3,
        "reasons": {"within my control": 2, "outside my control": 1, "can't know": 1},
        "practice": {"questions": 2, "better_answers": 1, "reviews": 3},
        "goals": {"active": 1, "done": 0, "dropped": 0},
    }


def person(n: int, counts: dict | None = None) -> dict:
    return document.check({"format": document.FORMAT, "format_version": 1,
                           "participant": f"{n:032x}", "sequence": 1, "week": "2026-W14",
                           "withdrawn": False, "counts": counts or base_counts()})


def cohort_of(people: int, change=None) -> Cohort:
    docs = []
    for n in range(people):
        counts = base_counts()
        if change:
            change(n, counts)
        docs.append(person(n, counts))
    return Cohort(tuple(docs))


def drawing(name: str, cohort: Cohort) -> Drawing:
    return specs.get(f"{COHORT}.{name}").drawing(specs.Context(None, today=TODAY, cohort=cohort))


# ------------------------------------------------------------------ the specs
def test_the_cohort_charts_are_specs_of_their_own_step():
    assert [spec.name for spec in specs.for_step(COHORT)] == NAMES


def test_no_cohort_chart_is_on_my_progress_or_the_report():
    assert not [spec for spec in specs.on_progress() if spec.step == COHORT]
    assert COHORT not in specs.STEPS  # the four steps every participant's page lists


def test_a_cohort_spec_cannot_be_declared_for_my_progress():
    with pytest.raises(ValueError, match="never on My progress"):
        register(ChartSpec(COHORT, "mine", frozenset(), lambda c: Drawing(), on_progress=True))


def test_five_people_draw_every_chart():
    group = cohort_of(5)
    for name in NAMES:
        assert drawing(name, group).figure is not None, name


@pytest.mark.parametrize("name", NAMES)
def test_four_people_draw_no_chart_and_the_words_say_one_more_is_needed(name):
    drawn = drawing(name, cohort_of(4))
    assert drawn.figure is None
    assert drawn.summary == ("So far 4 people shared a summary. Nothing is shown for fewer "
                             "than 5 people: 1 more needed.")


def test_nobody_yet_says_five_more_are_needed():
    assert drawing("funnel", Cohort()).summary == (
        "So far 0 people shared a summary. Nothing is shown for fewer than 5 people: "
        "5 more needed.")


def test_one_person_reads_as_one_person():
    assert drawing("funnel", cohort_of(1)).summary.startswith("So far 1 person shared")


def test_a_chart_needs_five_people_behind_it_too():
    def only_two_sorted(n, counts):
        if n >= 2:
            counts["reasons"] = dict.fromkeys(counts["reasons"], 0)

    drawn = drawing("control", cohort_of(6, only_two_sorted))
    assert drawn.figure is None
    assert drawn.summary == ("So far 2 people shared sorted reasons; this chart needs 5: "
                             "3 more needed.")


def test_a_coach_may_ask_for_more_people_but_never_fewer(monkeypatch):
    for asked, expected in ((8, 8), (2, 5), ("many", 5)):
        monkeypatch.setattr(rules, "words",
                            lambda asked=asked: {"cohort": {"minimum_group": asked}})
        assert rules.minimum_group() == expected


# ------------------------------------------------------------------ per category
def test_themes_named_for_fewer_than_five_people_are_folded_into_other():
    def rare(n, counts):
        for theme, who in (("Communication", (0, 1, 2, 3)), ("Salary expectations", (3, 4))):
            if n in who:
                counts["themes"].append({"theme": theme, "expected": 1, "surprise": 0,
                                         "unmarked": 0, "mine": 0})

    shown = analysis.feedback_themes(cohort_of(6, rare))
    assert shown.data["theme"].tolist() == ["Examples and evidence", "Preparation and research",
                                            "Other"]
    other = shown.data.set_index("theme").loc["Other"]
    assert (int(other["total"]), int(other["people"])) == (6, 5)
    assert shown.left_out == []
    assert drawing("themes", cohort_of(6, rare)).summary.endswith(
        "Themes named for fewer than 5 people are counted together as “Other”.")


def test_other_itself_is_shown_only_with_five_people_behind_it():
    def rare(n, counts):
        if n < 3:
            counts["themes"].append({"theme": "Communication", "expected": 1, "surprise": 0,
                                     "unmarked": 0, "mine": 0})

    shown = analysis.feedback_themes(cohort_of(6, rare))
    assert "Other" not in shown.data["theme"].tolist()
    assert shown.left_out == ["Communication"]
    assert "Left out, for fewer than 5 people: communication." in drawing(
        "themes", cohort_of(6, rare)).summary


def test_themes_from_several_small_groups_add_up_to_an_other_of_five():
    def spread(n, counts):
        counts["themes"].append({"theme": ["Communication", "Salary expectations"][n % 2],
                                 "expected": 1, "surprise": 0, "unmarked": 0, "mine": 0})

    shown = analysis.feedback_themes(cohort_of(6, spread))  # 3 and 3 people: 6 behind "other"
    other = shown.data.set_index("theme").loc["Other"]
    assert (int(other["total"]), int(other["people"])) == (6, 6)
    assert shown.left_out == []


def test_other_comes_last_however_many_it_holds():
    def many_small(n, counts):
        counts["themes"].append({"theme": ["Communication", "Salary expectations"][n % 2],
                                 "expected": 9, "surprise": 0, "unmarked": 0, "mine": 0})

    shown = analysis.feedback_themes(cohort_of(6, many_small))
    assert shown.data["theme"].tolist()[-1] == "Other"
    assert int(shown.data["total"].iloc[-1]) == 54


def test_a_chart_with_nothing_but_other_says_so_instead():
    def stop_apart(n, counts):  # each person's processes end at a step of their own
        step = ["Screening", "Assessment", "Interview", "Final", "Screening", "Assessment"][n]
        counts["processes"] = [{"step": step, "outcome": "rejected", "processes": 1}]

    drawn = drawing("stops", cohort_of(6, stop_apart))
    assert drawn.figure is None
    assert drawn.summary == ("The processes that ended stopped at steps fewer than 5 people "
                             "share, so none is shown.")


def test_the_funnel_stops_at_the_first_step_fewer_than_five_people_reached():
    def one_final(n, counts):
        if n == 0:
            counts["processes"].append({"step": "Final", "outcome": "rejected", "processes": 3})

    shown = analysis.funnel(cohort_of(6, one_final))
    assert shown.data["step"].tolist() == ["Applied", "Screening", "Assessment", "Interview"]
    assert shown.left_out == ["Final", "Offer"]
    assert "Further steps (final, offer) are left out" in drawing(
        "funnel", cohort_of(6, one_final)).summary


def test_the_funnel_counts_every_process_shared():
    shown = analysis.funnel(cohort_of(5))
    assert shown.data["processes"].tolist() == [20, 15, 5, 5]
    assert shown.data["people"].tolist() == [5, 5, 5, 5]


def test_where_processes_stop_folds_steps_fewer_than_five_people_stopped_at():
    def two_at_final(n, counts):
        if n < 2:
            counts["processes"].append({"step": "Final", "outcome": "withdrew", "processes": 1})

    stops, outcomes = analysis.stops(cohort_of(6, two_at_final))
    assert stops.data[["step", "processes", "people"]].values.tolist() == [
        ["Screening", 12, 6], ["Interview", 6, 6]]
    assert stops.left_out == ["Final"]
    assert outcomes["outcome"].tolist() == ["in progress", "rejected"]  # withdrew: 2 people


def test_a_preparation_area_fewer_than_five_people_rated_is_left_out():
    def unrated(n, counts):
        if n < 3:
            counts["preparation"]["areas"]["logistics"] = None

    shown = analysis.preparation(cohort_of(6, unrated))
    assert "logistics" not in shown.data["field"].tolist()
    assert shown.left_out == ["Logistics"]
    assert len(shown.data) == len(document.preparation_fields()) - 1


def test_the_group_preparation_is_the_average_of_each_persons_level():
    def levels(n, counts):
        counts["preparation"]["areas"]["examples"] = [0.0, 1.0, 2.0, 3.0, 3.0][n]

    shown = analysis.preparation(cohort_of(5, levels))
    assert shown.data.set_index("field").loc["examples", "this"] == 1.8


def test_the_perception_gap_counts_both_sides_of_the_group():
    shown, mine, theirs = analysis.perception(cohort_of(5))
    assert mine.to_dict() == {"Examples and evidence": 0, "Preparation and research": 15}
    assert theirs.to_dict() == {"Examples and evidence": 10, "Preparation and research": 5}
    assert shown.people == 5


def test_a_pile_fewer_than_five_people_used_is_left_out_of_the_reasons():
    def few_unknown(n, counts):
        if n >= 2:
            counts["reasons"]["can't know"] = 0

    shown = analysis.control(cohort_of(6, few_unknown))
    row = shown.data.iloc[0]
    assert (row["within my control"], row["outside my control"], row["can't know"]) == (12, 6, 0)
    assert shown.left_out == ["Can't know"]
    assert row["company"] == "All 6 people"


# ------------------------------------------------------------------ the words
def test_each_chart_comes_with_findings_to_discuss():
    group = cohort_of(5)
    assert drawing("funnel", group).summary == (
        "Of 20 processes from 5 people, 5 reached interview. The biggest drop is from screening "
        "to assessment (15 → 5): ask the room what happens there. Further steps (final, offer) "
        "are left out: the processes of fewer than 5 people got that far.")
    assert drawing("control", group).summary.startswith(
        "Of 20 reasons 5 people sorted, 10 (50%) were within their control, 5 outside it and "
        "5 can't be known.")
    assert "Ask the room: what usually happens at screening" in drawing("stops", group).summary
    assert drawing("themes", group).summary.startswith(
        "Interviewers named examples and evidence most: 10 feedback points, for 5 of the 5 "
        "people who recorded feedback.")


def test_the_cohort_charts_reuse_the_steps_figures():
    group = cohort_of(5)
    funnel = drawing("funnel", group).figure
    assert funnel["data"][0]["type"] == "funnel"
    gap = drawing("perception_gap", group).figure
    assert [t["name"] for t in gap["data"]] == ["The group named it", "Interviewers named it"]
    radar = drawing("preparation", group).figure
    assert [t["name"] for t in radar["data"]] == ["The group, on average"]


def test_a_persons_summary_and_a_journal_give_the_same_funnel(journal):
    from cohort_journals import fill

    from nextround.analysis.review import funnel_counts
    from nextround.store import frames

    fill(journal, 3)
    doc = summary.build(journal, "f" * 32, 1, TODAY)
    group = Cohort(tuple(copy.deepcopy(doc) | {"participant": f"{n:032x}"} for n in range(5)))
    mine = funnel_counts(frames.reached(journal))["processes"] * 5
    shown = analysis.funnel(group)
    assert shown.data["processes"].tolist() == mine.tolist()[:len(shown.data)]
