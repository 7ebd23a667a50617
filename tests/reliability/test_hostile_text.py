"""Hostile text in every text field of every table, shown by every workbook.

The journal is filled through the public API, every person's text field (generated from
`schema.TABLES`) holding one of the strings below. Then:
- every workbook's cells run without an error on it (plain pytest, quick);
- every workbook, served by `nextround serve` in a real Chromium: no dialog fires, no element
  is injected, nothing is typeset as mathematics, no console error, the page is no wider than
  the window, and the text is shown literally;
- every CSV column of text neutralises a cell that starts like a formula.
"""

from __future__ import annotations

import json

import csv
import io
import sys
from pathlib import Path

import nbformat
import pytest

from nextround.store import processes
from nextround.documents.csv_export import export_csv
from nextround.store.journal import Journal
from nextround.store.schema import TABLES

from .conftest import fill_every_table, person_text_fields

LONG = ("Long reflection 📝 " * 6000)[:100_000]
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '<a href="javascript:alert(3)">see my portfolio</a>',
    "javascript:alert(4)",
    "<a href='https://evil.example'>Plotly link</a><br>second line",
    "%{y} %{customdata[0]} %{x:.2f}",
    "$\\href{javascript:alert(5)}{x}$",
    "$80k–$95k",
    "\u202eevil\u202c right-to-left override",
    "👩‍👩‍👧‍👦 family 🏳️‍🌈 flag",
]
WORKBOOKS = sorted(Path(__file__).parents[2].joinpath("workbooks").glob("*.ipynb"))
# Start here counts what a journal holds; the coach's page reads summaries, never a journal.
NO_JOURNAL_TEXT = ("00_start_here.ipynb", "coach_cohort.ipynb")
FIGURES = {"fields": 0, "pages": 0, "strings": len(HOSTILE) + 1}


def hostile_for(table: str, field: str) -> str:
    """Each field gets one hostile string (all of them used across the fields)."""
    if (table, field) == ("processes", "notes"):
        return LONG
    index = person_text_fields().index((table, field)) % len(HOSTILE)
    return HOSTILE[index]


def hostile_journal(folder: Path) -> Path:
    path = folder / "journal.sqlite3"
    with Journal.open(path, create=True) as j:
        fill_every_table(j, hostile_for, rows=2)
        processes.choose_process(j, 1)
        for table, field in person_text_fields():  # stored exactly as typed
            value = j.get(table, 1)[field]
            expected = hostile_for(table, field)
            assert value == (expected if TABLES[table][field] == "text" else [expected])
    FIGURES["fields"] = len(person_text_fields())
    return path


# ----------------------------------------------------------------- plain pytest
@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[p.stem for p in WORKBOOKS])
def test_every_workbook_runs_on_hostile_text(tmp_path, monkeypatch, notebook):
    hostile_journal(tmp_path / "data")
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(tmp_path / "data"))
    namespace: dict = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, f"{notebook.name} cell", "exec"), namespace)  # noqa: S102


def test_a_choice_saved_under_other_words_is_kept(tmp_path):
    # A coach renames a theme in coaching.toml: the old name stays on screen and in the
    # journal, and ticking another theme does not drop it.
    from nextround.ui.review import ReviewAndReflect

    with Journal.open(tmp_path / "journal.sqlite3", create=True) as j:
        process = j.add("processes", company="Acme", category="<b>Old category</b>")
        stage = j.add("stages", process_id=process["id"], position=0, kind="Old stage kind")
        j.add("reflections", stage_id=stage["id"], themes=["old theme $5"])
        step = ReviewAndReflect(j)
        step.header()
        exercise = step.process()
        assert exercise.fields["category"].value == "<b>Old category</b>"
        exercise.fields["notes"].value = "typed"
        assert j.get("processes", process["id"])["category"] == "<b>Old category</b>"
        reflections = step.stages()
        form = reflections.forms[stage["id"]]
        group = form.fields["themes"]
        box = next(iter(group._boxes.values()))
        box.value = True
        saved = j.find_one("reflections", stage_id=stage["id"])["themes"]
        assert saved == ["old theme $5", box.description]


def test_csv_neutralises_formulas_in_every_text_column(tmp_path):
    formulas = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
                "\t=1", "\r=1", "＝1", " =1"]

    def formula_for(table: str, field: str) -> str:
        return formulas[person_text_fields().index((table, field)) % len(formulas)]

    with Journal.open(tmp_path / "journal.sqlite3", create=True) as j:
        fill_every_table(j, formula_for)
        written = export_csv(j, tmp_path / "csv")
    checked = 0
    for file in written:
        table = file.stem
        rows = list(csv.DictReader(io.StringIO(file.read_bytes().decode("utf-8-sig"), newline="")))
        for table_, field in person_text_fields():
            if table_ != table:
                continue
            cell = rows[0][field]
            assert cell.startswith("'"), (table, field, cell)
            assert cell[1:] == formula_for(table, field)  # and otherwise exactly as typed
            checked += 1
    assert checked == len(person_text_fields())


# ----------------------------------------------------------------- a real browser
FIND_TEXT_JS = """() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('input, textarea')) parts.push(el.value);
  for (const el of document.querySelectorAll('option')) parts.push(el.textContent);
  for (const el of document.querySelectorAll('svg text')) parts.push(el.textContent);
  for (const el of document.querySelectorAll('[title]')) parts.push(el.getAttribute('title'));
  return parts.join('\\n');
}"""

INJECTED_JS = """() => ({
  img: document.querySelectorAll('img[src="x"], img[onerror]').length,
  script: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(')).length,
  js_links: document.querySelectorAll('a[href^="javascript"], a[href*="evil.example"]').length,
  math: document.querySelectorAll('mjx-container, .MathJax, .MathJax_Display, .katex, math').length,
  overflow: document.documentElement.scrollWidth - window.innerWidth,
})"""


@pytest.mark.browser
def test_every_workbook_shows_hostile_text_literally(browser, server_process, harness, tmp_path):
    data = tmp_path / "data"
    hostile_journal(data)
    server = server_process([sys.executable, "-m", "nextround.cli", "serve", "--no-browser",
                             "--port", "{port}", "--data", str(data)], startup_timeout=90)
    seen: set[str] = set()
    for notebook in WORKBOOKS:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        url = f"{server.url}/voila/render/{notebook.name}"
        report = harness.open_voila_page(page, url, timeout=120)
        if notebook.name not in NO_JOURNAL_TEXT:
            # The person's own words reach the page with the exercises' widgets: wait for them
            # (a busy machine draws late widget views seconds after the page is usable).
            page.wait_for_function(f"(() => {{ const words = {json.dumps(HOSTILE[:2])}; "
                                   f"const text = ({FIND_TEXT_JS})(); "
                                   "return words.some(w => text.includes(w)); })()",
                                   timeout=60_000)
        page.wait_for_timeout(1500)  # let charts and late widget views draw
        found = page.evaluate(INJECTED_JS)
        text = page.evaluate(FIND_TEXT_JS)
        shown = {h for h in [*HOSTILE, LONG] if h in text}
        seen |= shown
        assert dialogs == [], (notebook.name, dialogs)
        assert found["img"] == found["script"] == found["js_links"] == 0, (notebook.name, found)
        assert found["math"] == 0, (notebook.name, "typeset as mathematics", found)
        assert found["overflow"] <= 2, (notebook.name, "wider than the window", found)
        assert report.errors == [], (notebook.name, report.errors)
        assert "Traceback" not in text and "There was an error" not in text, notebook.name
        if notebook.name not in NO_JOURNAL_TEXT:
            assert shown, (notebook.name, "no hostile text shown literally")
        harness.shutdown_voila_kernel(page, server.url)
        page.close()
        FIGURES["pages"] += 1
    assert LONG in seen, "the 100,000-character note is not shown in full anywhere"
    missing = [h for h in HOSTILE if h not in seen]
    assert not missing, f"never shown literally: {missing}"


def test_report_figures(capsys):
    if not FIGURES["fields"]:
        pytest.skip("run with the other tests of this file to see the figures")
    with capsys.disabled():
        print(f"\nhostile text: {FIGURES['strings']} strings over {FIGURES['fields']} text fields, "
              f"{FIGURES['pages']} workbook pages in Chromium; nothing ran")
