"""The benchmark script's pieces run on tiny sizes, and the speed fixes keep their answers.

No timing is asserted here: timings belong to `python benchmarks/run.py`, on a quiet machine.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nextround.store import feedback_requests, frames, practice, questions
from nextround.store.journal import Journal

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
TODAY = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("nextround_benchmarks_run", BENCHMARKS / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_synthetic_journal_has_everything_my_progress_draws(run, tmp_path):
    path = run.make_journal(tmp_path, 12, TODAY)
    journal = Journal.open(path)
    try:
        counts = {t: journal.count(t) for t in (
            "processes", "stages", "reflections", "preparations", "feedback_requests",
            "feedback_points", "questions", "answer_versions", "practice_reviews", "goals",
            "fit_ratings", "reasons", "topics")}
        assert counts["processes"] == 12
        assert all(n > 0 for n in counts.values()), counts
        # every stage has its reflection, and stages are numbered from 0 in each process
        assert counts["reflections"] == counts["stages"]
        for process in journal.rows("processes"):
            positions = [s["position"] for s in journal.rows("stages", {"process_id": process["id"]},
                                                             order_by="position")]
            assert positions == list(range(len(positions)))
    finally:
        journal.close()


def test_synthetic_journal_is_the_same_each_time(run, tmp_path):
    one = run.make_journal(tmp_path / "one", 20, TODAY)
    two = run.make_journal(tmp_path / "two", 20, TODAY)
    a, b = Journal.open(one), Journal.open(two)
    try:
        for table in ("processes", "stages", "feedback_points", "practice_reviews"):
            strip = lambda rows: [{k: v for k, v in r.items() if k not in ("created_at", "updated_at")}
                                  for r in rows]
            assert strip(a.rows(table)) == strip(b.rows(table))
    finally:
        a.close()
        b.close()


def test_workload_draws_every_chart_and_saves_are_timed(run, tmp_path):
    path = run.make_journal(tmp_path, 15, TODAY)
    progress = run.measure_progress(path, TODAY, repeat=1)
    parts = progress["median_s"]
    assert {"open", "next_steps", "charts", "total", "total_cpu"} <= parts.keys()
    assert parts["total"] >= parts["charts"] > 0
    save = run.measure_save(path, 12)
    assert save["count"] == 12 and 0 < save["median_ms"] <= save["p95_ms"]
    journal = Journal.open(path)
    try:  # the saves went into the journal
        assert "(11)" in journal.rows("processes", order_by="id DESC")[0]["notes"]
    finally:
        journal.close()


def test_store_child_reports_json(run, tmp_path, capsys):
    path = run.make_journal(tmp_path, 10, TODAY)
    args = run.parse(["--child-store", "--journal", str(path), "--today", TODAY.isoformat(),
                      "--repeat", "1", "--saves", "5", "--saves-with-charts", "2"])
    run.store_child(args)
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["save"]["count"] == 5
    assert result["save_with_charts"]["count"] == 2
    assert result["progress"]["median_s"]["total"] > 0


def test_import_probe_names_heavy_modules(run):
    result = run.measure_import(repeat=1)
    assert result["median_s"] > 0
    assert "pandas" not in result["heavy_modules"] and "plotly" not in result["heavy_modules"]


def page_row(first: float, usable: float, drawn: float, bytes_: float, kernel: float | None,
             base: tuple[float, float, float, float] = (2.0, 2.0, 2.0, 10e6)) -> dict:
    return {"first_widget_s_median": first, "usable_s_median": usable,
            "fully_drawn_s_median": drawn, "first_widget_ratio": first / base[0],
            "ratio": usable / base[1], "drawn_ratio": drawn / base[2], "bytes": bytes_,
            "bytes_ratio": bytes_ / base[3], "kernel_pss_mb": kernel, "charts": 3}


def test_report_says_which_targets_are_met(run):
    store = {size: {"progress": {"median_s": {"open": 0.01, "total": total, "total_cpu": total}},
                    "save": {"median_ms": 2.0, "p95_ms": p95, "count": 10}, "file_mb": 1.0}
             for size, total, p95 in (("1000", 0.2, 3.0), ("10000", 2.5, 25.0))}
    bare = page_row(2.0, 2.0, 2.0, 10e6, 60.0)
    results = {"started": "2026-03-31T12:00:00", "machine": "test", "store": store,
               "import": {"median_s": 0.05, "runs_s": [0.05], "heavy_modules": [],
                          "modules_loaded": 100},
               "pages": {"serve": {
                   "demo": {"bare.ipynb": bare, "01_x.ipynb": page_row(2.1, 2.4, 2.6, 16e6, 105.0)},
                   "10000": {"bare.ipynb": bare, "01_x.ipynb": page_row(2.2, 3.0, 4.2, 16e6, 140.0)},
               }}}
    results["growth"] = run.growth(store)
    assert results["growth"]["progress"] == pytest.approx(12.5)
    results["verdicts"] = run.verdicts(results)
    met = {v["target"]: v["met"] for v in results["verdicts"]}
    assert met == {
        "serve: 01_x.ipynb fully drawn vs bare page (demo journal)": True,  # 1.30×
        "serve: 01_x.ipynb first widget vs bare page (demo journal)": True,  # 1.05×
        "serve: 01_x.ipynb page weight vs bare page": False,  # 1.6×
        "serve: 01_x.ipynb kernel memory (demo journal)": True,  # 105 MB
        "serve: 01_x.ipynb fully drawn vs bare page (10000 journal)": False,  # 2.1×
        "serve: 01_x.ipynb kernel memory, 10,000 processes vs demo": False,  # 1.33×
        "import nextround": True,
        "import nextround loads neither pandas nor plotly": True,
        "10,000 processes: open + My progress + figures (CPU time)": False,
        "10,000 processes: open + My progress + figures (wall time)": False,
        "10,000 processes: one save, p95": False,
        "growth 1,000 → 10,000 (open + My progress + figures, CPU time)": False,
        "growth 1,000 → 10,000 (one save, median)": True,
    }
    text = run.markdown(results)
    assert "| 01_x.ipynb | 2.10 s | 1.05× | 2.40 s | 1.20× | 2.60 s | 1.30× | 16.0 MB | 1.60× " \
           "| 105 MB | 3 |" in text
    assert "| no |" in text


def test_page_folder_holds_the_bare_page_and_every_workbook(run, tmp_path):
    names = run.page_folder(tmp_path / "pages")
    workbooks = sorted(p.name for p in (BENCHMARKS.parent / "workbooks").glob("*.ipynb"))
    assert names == ["bare.ipynb", *workbooks]
    assert all((tmp_path / "pages" / n).exists() for n in names)


def test_bare_page_is_committed_without_outputs_and_uses_only_ipywidgets():
    nb = nbformat.read(BENCHMARKS / "baseline" / "bare.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    source = "\n".join(c.source for c in code)
    assert "import ipywidgets" in source and "nextround" not in source
    for widget in ("widgets.Text(", "widgets.Button(", "widgets.Label("):
        assert widget in source


# ------------------------------------------------------- the speed fixes keep their answers
def test_frames_see_every_write_here_and_in_another_tab(journal_file):
    journal = Journal.open(journal_file, create=True)
    other = Journal.open(journal_file)
    try:
        assert frames.table(journal, "processes").empty
        journal.add("processes", company="Acme")
        assert frames.table(journal, "processes")["company"].tolist() == ["Acme"]
        other.add("processes", company="Bolt")  # another kernel's commit
        assert frames.table(journal, "processes")["company"].tolist() == ["Acme", "Bolt"]
        row = journal.rows("processes")[0]
        journal.update("processes", row["id"], row["rev"], company="Acme Ltd")
        assert frames.table(journal, "processes")["company"].tolist() == ["Acme Ltd", "Bolt"]
        # a caller may change its frame without changing what the next caller gets
        mine = frames.table(journal, "processes")
        mine.loc[0, "company"] = "scribble"
        assert frames.table(journal, "processes")["company"].tolist() == ["Acme Ltd", "Bolt"]
    finally:
        other.close()
        journal.close()


def test_frames_read_inside_a_rolled_back_write_are_forgotten(journal):
    with pytest.raises(RuntimeError):
        with journal.transaction():
            journal.add("processes", company="Never")
            assert len(frames.table(journal, "processes")) == 1
            raise RuntimeError("the save failed")
    assert frames.table(journal, "processes").empty


def test_frames_decode_lists_and_flags_like_the_store(journal):
    process = journal.add("processes", company="Acme")
    journal.add("feedback_points", process_id=process["id"], themes=["Communication"],
                surprise=True)
    journal.add("feedback_points", process_id=process["id"])
    points = frames.table(journal, "feedback_points")
    assert points["themes"].tolist() == [["Communication"], []]
    assert points["surprise"].tolist() == [True, None]


def test_practice_deck_uses_latest_answer_and_first_version_date(journal):
    now = dt.datetime(2026, 3, 31, 12, tzinfo=dt.timezone.utc)
    blank_now = journal.add("questions", text="Blank latest")
    questions.save_answer(journal, blank_now["id"], {"situation": "Had words"})
    questions.save_answer(journal, blank_now["id"], {})
    q = journal.add("questions", text="Two versions")
    journal.add("answer_versions", question_id=q["id"], situation="Early",
                created_at="2026-03-01T09:00:00Z")
    journal.add("answer_versions", question_id=q["id"], situation="Later and better",
                created_at="2026-03-20T09:00:00Z")
    deck = practice.deck(journal, now)
    assert [e.question["text"] for e in deck] == ["Two versions"]
    assert deck[0].answer["situation"] == "Later and better"
    assert deck[0].due_at == dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc)


def test_follow_up_order_with_many_requests(journal):
    process = journal.add("processes", company="Acme")
    made = {}
    for i, (status, follow_up) in enumerate([("sent", "2026-03-01"), ("draft", None),
                                             ("answered", None), ("sent", "2026-05-01"),
                                             ("followed up", "2026-02-01"), ("no reply", None)]):
        made[i] = journal.add("feedback_requests", process_id=process["id"], status=status,
                              follow_up_on=follow_up, sent_on="2026-01-15" if status != "draft" else None)
    ordered = feedback_requests.follow_up_order(journal.rows("feedback_requests"), TODAY)
    ids = [r["id"] for r in ordered]
    assert sorted(ids) == sorted(r["id"] for r in made.values())
    assert ids[:2] == [made[4]["id"], made[0]["id"]]  # due: longest overdue first
    assert ids[2] == made[3]["id"]  # still waiting
    assert ids[3] == made[1]["id"]  # draft
    assert set(ids[4:]) == {made[2]["id"], made[5]["id"]}


def test_bare_page_is_timed_and_weighed_in_a_real_browser(run, tmp_path):
    pytest.importorskip("playwright")
    if run._harness().find_chromium() is None:
        pytest.skip("no Chromium on this machine")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "bare.ipynb").write_bytes((BENCHMARKS / "baseline" / "bare.ipynb").read_bytes())
    (tmp_path / "data").mkdir()
    # In a process of its own: Playwright's sync API refuses to start beside the browser
    # tests' instance, which lives for the whole session.
    script = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('bench', {str(BENCHMARKS / 'run.py')!r})\n"
        "run = importlib.util.module_from_spec(spec); sys.modules['bench'] = run\n"
        "spec.loader.exec_module(run)\n"
        "from pathlib import Path\n"
        f"result = run.measure_pages(Path({str(tmp_path / 'data')!r}), Path({str(pages)!r}), "
        "['bare.ipynb'], loads=1)\n"
        "print(json.dumps(result))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    bare = json.loads(out.stdout.strip().splitlines()[-1])["bare.ipynb"]
    assert bare["usable_median_s"] > 0 and bare["ratio"] == 1.0
    assert bare["bytes"] > 1_000_000  # Voila's own scripts, at least
    assert bare["charts"] == 0 and bare["page_errors"] == []
