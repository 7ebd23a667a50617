"""Reading only the columns a chart needs: the same values as a whole read, one read per
journal state, and every analysis still finds every column it touches."""

from __future__ import annotations

import pandas as pd
import pytest

from messy_journal import NOW, build, plain_stage_reached
from nextround.store import frames
from nextround.analysis import feedback, fit, review
from nextround.demo import write_demo
from nextround.errors import JournalError
from nextround.store.journal import Journal
from nextround.store.schema import COMMON, TABLES
from nextround.analysis.columns import merge_columns


@pytest.fixture
def reads(journal, monkeypatch):
    """The SQL `frames` sends, in order."""
    sent: list[str] = []
    records = journal.records

    def counting(sql, params=()):
        sent.append(sql)
        return records(sql, params)

    monkeypatch.setattr(journal, "records", counting)
    return sent


@pytest.fixture
def filled(journal):
    build(journal, processes=30, seed=2)
    return journal


def test_a_narrow_read_has_the_whole_reads_values(filled):
    whole = frames._read_table(filled, "reflections")
    narrow = frames.table(filled, "reflections", ["themes", "self_rating"])
    assert list(narrow.columns) == ["id", "self_rating", "themes"]  # the table's own order
    pd.testing.assert_frame_equal(narrow, whole[["id", "self_rating", "themes"]])
    points = frames.table(filled, "feedback_points", {"feedback_points": ["surprise"]})
    assert list(points.columns) == ["id", "surprise"]
    assert set(points["surprise"].map(repr)) <= {"None", "True", "False"}


def test_a_table_not_named_in_a_mapping_is_read_whole(filled):
    data = frames.tables(filled, "processes", "stages", columns={"stages": ["kind"]})
    assert list(data["stages"].columns) == ["id", "kind"]
    assert list(data["processes"].columns) == list(COMMON) + list(TABLES["processes"])


def test_a_wider_read_serves_narrower_requests_without_asking_again(filled, reads):
    frames.table(filled, "stages")
    frames.table(filled, "stages", ["kind"])
    frames.table(filled, "stages", ["process_id", "kind"])
    assert len(reads) == 1


def test_a_wider_request_fetches_only_the_missing_columns(filled, reads):
    whole = frames._read_table(filled, "stages")
    reads.clear()
    first = frames.table(filled, "stages", ["kind"])
    wider = frames.table(filled, "stages", ["kind", "process_id"])
    assert len(reads) == 2
    assert reads[1].startswith("SELECT id, process_id FROM stages")
    pd.testing.assert_frame_equal(wider[["id", "kind"]], first)
    pd.testing.assert_frame_equal(wider, whole[["id", "process_id", "kind"]])
    # Both are kept now: asking for either again reads nothing.
    frames.table(filled, "stages", ["process_id"])
    assert len(reads) == 2


def test_a_save_means_reading_again(filled, reads):
    frames.table(filled, "stages", ["kind"])
    stage = filled.rows("stages")[0]
    filled.update("stages", stage["id"], stage["rev"], kind="Final interview")
    again = frames.table(filled, "stages", ["kind"])
    assert len(reads) == 2
    assert again.loc[again["id"] == stage["id"], "kind"].item() == "Final interview"


def test_columns_read_at_two_moments_are_never_put_side_by_side(filled, reads, monkeypatch):
    """Another kernel saves between the narrow read and the wider one: the answer is read in
    one go, all of it from after the save."""
    frames.table(filled, "stages", ["kind"])
    stage = filled.rows("stages")[0]
    other = Journal.open(filled.path)
    records = filled.records

    def save_elsewhere_first(sql, params=()):
        if "process_id" in sql and not reads[1:]:
            other.update("stages", stage["id"], stage["rev"], kind="Final interview",
                         position=99)
        reads.append(sql)
        return records(sql, params)

    monkeypatch.setattr(filled, "records", save_elsewhere_first)
    try:
        wider = frames.table(filled, "stages", ["kind", "process_id", "position"])
    finally:
        other.close()
    row = wider[wider["id"] == stage["id"]].iloc[0]
    assert (row["kind"], row["position"]) == ("Final interview", 99)
    assert reads[-1].startswith("SELECT id, process_id, position, kind FROM stages")


def test_every_caller_gets_its_own_copy(filled):
    mine = frames.table(filled, "stages", ["kind"])
    mine["kind"] = "changed"
    assert "changed" not in set(frames.table(filled, "stages", ["kind"])["kind"])
    assert "changed" not in set(frames.table(filled, "stages")["kind"])


def test_unknown_columns_are_refused(filled):
    with pytest.raises(JournalError):
        frames.table(filled, "stages", ["kind", "nonsense"])


def test_an_empty_table_has_the_asked_columns(journal):
    empty = frames.table(journal, "reflections", ["themes"])
    assert empty.empty and list(empty.columns) == ["id", "themes"]


def test_merge_columns_keeps_each_column_once():
    assert merge_columns({"a": ["x", "y"]}, {"a": ["y", "z"], "b": ["w"]}) == {
        "a": ["x", "y", "z"], "b": ["w"]}


# ----------------------------------------------------- every analysis has its columns
def _same(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, list) and a and isinstance(a[0], fit.Finding):
        assert [vars(x) for x in a] == [vars(x) for x in b]
    else:
        assert a == b


def _reached(read):
    """How far each process got, from the tables as `read` gives them (the SQL rule itself
    reads no frame)."""
    return plain_stage_reached(*read(("processes", "stages"), {
        "processes": ["outcome"], "stages": ["process_id", "kind"]}).values())


def _review(read):
    data = read(("processes", "preparations"), review.score_vs_stage_columns())
    reached = _reached(read)
    prep_id = int(data["preparations"]["process_id"].iloc[0])
    return [review.funnel_counts(reached),
            review.preparation_profile(
                read(("preparations",), review.preparation_columns())["preparations"], prep_id),
            review.score_vs_stage(review.preparation_scores(data["preparations"]), reached,
                                  data["processes"])]


def _fit(read):
    data = read(("processes",), fit.progress_columns())
    reached = _reached(read)
    scores = read(("work_values", "fit_ratings", "processes"), fit.fit_score_columns())
    reasons = read(("reasons", "processes"), fit.control_columns())
    fit_scores = fit.fit_scores(scores["work_values"], scores["fit_ratings"])
    return [fit.findings(data["processes"], reached, 2),
            *[fit.progress_by(data["processes"], reached, d) for d in fit.dimensions()],
            fit.fit_vs_stage(fit_scores, reached, data["processes"]),
            fit.with_names(fit_scores, scores["processes"]),
            fit.control_shares(reasons["reasons"], reasons["processes"])]


def _feedback(read):
    requests = read(("feedback_requests",), feedback.request_columns())["feedback_requests"]
    times = read(("feedback_requests", "processes"), feedback.answer_time_columns())
    points = read(("feedback_points",), feedback.theme_columns())["feedback_points"]
    gap = read(("reflections", "takeaways", "feedback_points"), feedback.perception_columns())
    return [feedback.request_outcomes(requests), feedback.response_rate(requests),
            feedback.answer_times(times["feedback_requests"], times["processes"]),
            feedback.theme_counts(points),
            feedback.perception_gap(gap["reflections"], gap["takeaways"],
                                    gap["feedback_points"]),
            int(gap["feedback_points"]["themes"].map(bool).sum())]


@pytest.mark.parametrize("analysis", [_review, _fit, _feedback])
@pytest.mark.parametrize("journal_kind", ["messy", "demo"])
def test_each_analysis_gives_the_same_from_the_columns_it_names(journal, analysis,
                                                                journal_kind):
    if journal_kind == "messy":
        build(journal, processes=50, seed=4)
    else:
        write_demo(journal, NOW.date())

    def whole(names, _columns):
        return {name: frames._read_table(journal, name) for name in names}

    def narrow(names, columns):
        return {name: frames._read_table(journal, name, frames._wanted(name, columns.get(name)))
                for name in names}

    for a, b in zip(analysis(whole), analysis(narrow), strict=True):
        _same(a, b)


@pytest.mark.parametrize("table, column", [("reflections", "themes"),
                                           ("feedback_points", "themes"),
                                           ("reflections", "soft_skills")])
def test_tag_counts_in_sqlite_agree_with_counting_the_rows(filled, table, column):
    # A tag twice in one row, an empty list, and odd text count the same both ways.
    row = filled.rows(table)[0]
    filled.update(table, row["id"], row["rev"], **{column: ["Zeta", "Zeta", "<b>$5</b>", "Ä"]})
    second = filled.rows(table)[1]
    filled.update(table, second["id"], second["rev"], **{column: []})
    counted = frames.tag_counts(filled, table, column)
    expected = feedback.tag_counts(frames.table(filled, table)[column])
    assert counted.to_dict() == expected.to_dict()
    assert counted["Zeta"] == 1 and counted["<b>$5</b>"] == 1  # twice in one row: one row
    assert list(counted) == sorted(counted, reverse=True)


def test_tag_counts_of_an_empty_table_and_of_a_plain_column(journal):
    assert frames.tag_counts(journal, "reflections", "themes").empty
    with pytest.raises(JournalError):
        frames.tag_counts(journal, "takeaways", "theme")
