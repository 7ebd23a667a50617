"""The STAR check: each pointer appears for its own reason, and only then."""

from __future__ import annotations

from nextround.rules import star_check

GOOD = {
    "situation": "Last spring our data platform team at a logistics firm was missing its nightly "
                 "loads about twice a week, and the warehouse dashboards went stale by morning.",
    "task": "I owned the ingestion pipeline, so it was my job to find the cause and make the "
            "loads reliable before the peak season started in six weeks.",
    "action": "I traced every failed run back to its source, found that two upstream exports "
              "arrived late, and I rewrote the scheduler to wait on their arrival instead of "
              "a fixed time. I added alerts, wrote a runbook, and I walked the on-call "
              "engineers through it.",
    "result": "Failed loads fell from eight a month to one in the next quarter, and the "
              "dashboards were fresh by 7am on 98% of days.",
    "learned": "Measure the failure before fixing it.",
}


def codes(answer):
    return [p.code for p in star_check.check(answer)]


def test_a_good_answer_gets_no_pointers_and_a_kind_word():
    assert codes(GOOD) == []
    pointers, praise = star_check.summary(GOOD)
    assert pointers == [] and "All four parts" in praise


def test_a_blank_answer_gets_nothing_at_all():
    assert star_check.check({}) == []
    assert star_check.summary({"situation": "  "}) == ([], None)


def test_a_missing_part_is_named_and_only_that_part():
    answer = dict(GOOD, task="")
    pointers = star_check.check(answer)
    assert [(p.code, p.part) for p in pointers] == [("missing_part", "task")]
    assert "task" in pointers[0].message


def test_we_in_the_action_is_pointed_out_when_it_outweighs_i():
    answer = dict(GOOD, action="We traced the failed runs, we found the late exports and our "
                               "team rewrote the scheduler. We added alerts and I wrote a "
                               "runbook for the on-call engineers to use afterwards.")
    pointers = star_check.check(answer)
    assert [p.code for p in pointers] == ["we_not_i"]
    assert '"we" 4 times' in pointers[0].message and '"I" 1 times' in pointers[0].message


def test_we_in_the_situation_is_fine_and_one_we_in_the_action_is_fine():
    answer = dict(GOOD, situation=GOOD["situation"] + " We all felt it; we were tired of it.",
                  action=GOOD["action"] + " We celebrated.")
    assert "we_not_i" not in codes(answer)


def test_a_result_without_a_measure_is_pointed_out():
    answer = dict(GOOD, result="The loads became much more reliable and the team was happy "
                               "with the dashboards afterwards, which felt like a real win.")
    assert codes(answer) == ["result_unmeasured"]


def test_number_words_count_as_measured():
    answer = dict(GOOD, result="Failed loads fell by half within a quarter and the dashboards "
                               "were fresh every single morning after that, for everyone.")
    assert "result_unmeasured" not in codes(answer)


def test_a_missing_result_is_not_also_called_unmeasured():
    answer = dict(GOOD, result="")
    assert "result_unmeasured" not in codes(answer)
    assert "missing_part" in codes(answer)


def test_too_short_and_too_long():
    short = {"situation": "A late project.", "task": "Fix it.", "action": "I fixed it.",
             "result": "Done in 2 days."}
    pointers = star_check.check(short)
    assert [p.code for p in pointers] == ["too_short"]
    assert "About 12 words" in pointers[0].message
    long = dict(GOOD, action=(GOOD["action"] + " ") * 12)
    pointers = star_check.check(long)
    assert [p.code for p in pointers] == ["too_long"]
    assert "minutes out loud" in pointers[0].message


def test_what_was_learned_is_not_counted_towards_the_length():
    assert star_check.word_count(dict(GOOD, learned="word " * 500)) == star_check.word_count(GOOD)


def test_curly_apostrophes_and_other_scripts_are_words():
    assert star_check.tokens("We’re done. مرحبا بالعالم") == ["we're", "done", "مرحبا", "بالعالم"]
