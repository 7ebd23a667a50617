"""The progress report: one self-contained HTML file, charts inlined, the person's words escaped."""

from __future__ import annotations

import json
import re
import stat

import pytest

from nextround import Journal
from nextround.store import processes as process_store
from nextround.cli import main
from nextround.demo import write_demo
from nextround.documents.report import build_report, script_json, write_report
from widget_tree import text_of

HOSTILE = "</script><script>alert('x')</script> <img src=x onerror=alert(1)> $x$"


def chart_specs(page: str) -> list[dict]:
    match = re.search(r'<script type="application/json" id="nr-chart-data">(.*?)</script>',
                      page, re.S)
    assert match
    return json.loads(match[1])


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "journal.sqlite3"
    journal = Journal.open(path, create=True)
    write_demo(journal)
    page = build_report(journal)
    journal.close()
    return page


def test_the_report_is_self_contained(demo_report):
    assert demo_report.startswith("<!DOCTYPE html>")
    # plotly.js is inside; nothing is fetched: no src= or href= pointing anywhere.
    assert "Plotly.newPlot" in demo_report and len(demo_report) > 3_000_000
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", demo_report)
    assert "@media print" in demo_report


def test_the_report_has_a_chart_for_every_drawn_step_chart(demo_report):
    specs = chart_specs(demo_report)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", demo_report)
    assert [text_of(c) for c in captions] == [
        "My preparation profile", "How far my processes get", "Preparation against stage reached",
        "What happened to my requests", "How long replies took", "What the feedback is about",
        "Perception gap: what I named beside what they named",
        "What was in my control", "Where I progress", "Fit against stage reached",
        "My goals against their deadlines", "Practice confidence over time", "Activity by week"]
    assert len(specs) == len(captions) and all(spec["data"] for spec in specs)
    # One drawing slot per chart, numbered in order.
    assert re.findall(r'id="nr-chart-(\d+)"', demo_report) == [str(i) for i in range(len(specs))]
    for step in ("Step 1 · Review and reflect", "Step 2 · A rejection isn&#x27;t feedback — ask for it",
                 "Step 3 · It&#x27;s not personal", "Step 4 · Keep learning and progressing"):
        assert step in demo_report


def test_the_report_holds_the_persons_own_words(demo_report):
    for section in ("What to do next", "Where I stand", "My interview processes",
                    "Learning and progressing", "Takeaways", "Feedback received",
                    "Possible reasons", "My learning plan"):
        assert section in demo_report
    assert "Northwind Data" in demo_report


def test_hostile_text_is_shown_literally_and_cannot_break_out(journal):
    process = process_store.add_process(journal, HOSTILE, "Role")
    journal.add("takeaways", process_id=process["id"], position=0, text=HOSTILE)
    stage = process_store.add_stage(journal, process["id"], kind="Screening call")
    journal.add("reflections", stage_id=stage["id"], went_well=HOSTILE)
    page = build_report(journal)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)" in page
    assert "&#36;x&#36;" in page  # never typeset as mathematics
    # Every </script> closes one of the report's own scripts.
    assert page.count("</script>") == page.count("<script")


def test_script_json_survives_any_text():
    text = '</script><!-- & \u2028 "'
    encoded = script_json({"t": text})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == {"t": text}


def test_an_empty_journal_gives_a_short_kind_report(journal):
    page = build_report(journal)
    assert chart_specs(page) == []
    assert "No interview process logged yet" in page
    assert "Nothing is due right now" in page


def test_write_report_and_the_command(journal, tmp_path, capsys):
    process_store.add_process(journal, "Acme")
    out = write_report(journal, tmp_path / "report.html")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Acme" in out.read_text(encoding="utf-8")
    target = tmp_path / "from-cli.html"
    assert main(["report", "--data", str(journal.path.parent), "-o", str(target)]) == 0
    assert "Report written to" in capsys.readouterr().out
    assert "Acme" in target.read_text(encoding="utf-8")


def test_the_command_says_plainly_when_there_is_no_journal(tmp_path, capsys):
    assert main(["report", "--data", str(tmp_path / "nowhere"), "-o",
                 str(tmp_path / "r.html")]) == 1
    assert "No journal at" in capsys.readouterr().err
