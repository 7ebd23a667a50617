"""The kernel's side of the page frame: the data the header and the guard read, the names a
save-as-you-type form gives its text fields for the browser's drafts, and a journal that cannot
be opened shown in our words. (What the browser does with them: tests/browser/test_frame.py.)"""

from __future__ import annotations

import json
import re

import pytest

from nextround.errors import DamagedJournal
from nextround.ui import kit
from nextround.ui.kit import drafts, frame
from nextround.words import words


def frame_data(widget: frame.FrameData) -> dict:
    match = re.fullmatch(r'<script type="application/json">(.*)</script>', widget.value, re.S)
    assert match, widget.value
    return json.loads(match[1])


def classes(widget) -> dict[str, str]:
    found = {}
    for name in widget._dom_classes:
        if name.startswith("nr-draft-"):
            kind, _, value = name[len("nr-draft-"):].partition("-")
            found[kind] = value
    return found


# ------------------------------------------------------------------------- frame data
def test_the_frame_lists_the_pages_of_the_words_file_in_order(journal):
    data = frame_data(frame.FrameData(journal))
    assert [p["file"] for p in data["pages"]] == [p["file"] for p in words()["frame"]["pages"]]
    assert data["pages"][0] == {"file": "00_start_here", "label": "Start here",
                                "title": "Start here"}


def test_a_step_is_marked_once_one_of_its_kinds_of_entry_holds_one(journal):
    widget = frame.FrameData(journal)
    assert frame_data(widget)["filled"] == []
    process = journal.add("processes", company="Acme")
    assert frame_data(widget)["filled"] == ["01_review_and_reflect"]  # kept current
    journal.add("feedback_requests", process_id=process["id"])
    assert frame_data(widget)["filled"] == ["01_review_and_reflect", "02_ask_for_feedback"]


def test_the_journal_id_is_random_kept_and_says_nothing_of_the_path(journal):
    first = frame_data(frame.FrameData(journal))["journal"]
    again = frame_data(frame.FrameData(journal))["journal"]
    assert first == again and re.fullmatch(r"[0-9a-f]{24}", first)
    assert str(journal.path) not in json.dumps(frame_data(frame.FrameData(journal)))


def test_a_read_only_journal_keeps_no_drafts(journal_file):
    from nextround.store.journal import Journal

    Journal.open(journal_file, create=True).close()
    journal = Journal.open(journal_file)
    journal.read_only_reason = "read-only for this test"
    assert frame_data(frame.FrameData(journal))["journal"] is None


def test_starting_afresh_tells_the_page_to_forget_the_drafts(journal):
    widget = frame.FrameData(journal)
    old = frame_data(widget)["journal"]
    journal.add("processes", company="Acme")
    from nextround.ui.start import LoadDemo

    assert LoadDemo(journal).start_afresh()
    data = frame_data(widget)
    assert data["forget"] == [old]
    assert data["journal"] not in (None, old)


def test_the_temporary_server_says_how_long_an_idle_page_lives(journal, monkeypatch):
    monkeypatch.setenv("NEXTROUND_TEMPORARY", "1")
    monkeypatch.delenv(frame.IDLE_MINUTES_VAR, raising=False)
    assert frame_data(frame.FrameData(journal))["idle_minutes"] == 10
    monkeypatch.setenv(frame.IDLE_MINUTES_VAR, "20")
    [notice] = [n for n in kit.journal_notices(journal) if not isinstance(n, frame.FrameData)]
    assert "20 minutes" in notice.children[0].value


def test_the_frame_data_cannot_break_out_of_its_script(journal):
    journal.add("processes", company="Acme")
    widget = frame.FrameData(journal)
    body = widget.value[len('<script type="application/json">'):-len("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body


# --------------------------------------------------------------------- drafts' names
def test_text_hash_is_cyrb53_in_base_36():
    # cyrb53's published values (seed 0); frame.js gives the same (tests/browser/test_frame.py).
    published = {"a": 7929297801672961, "b": 8684336938537663, "revenge": 4051478007546757,
                 "revenue": 8309097637345594}
    assert {text: int(drafts.text_hash(text), 36) for text in published} == published


def test_a_form_names_each_text_field_after_its_entry_and_what_is_saved(journal):
    row = journal.add("processes", company="Acme", notes="First notes")
    fields = {"company": kit.text_input("Company"),
              "notes": kit.text_input("Notes", multiline=True),
              "category": kit.choice_input("Role category", ["A", "B"])}
    form = kit.RowForm(journal, "processes", fields)
    form.load(row)
    notes = classes(fields["notes"])
    assert "nr-draft" in fields["notes"]._dom_classes
    assert notes["saved"] == drafts.text_hash("First notes")
    assert notes["key"] == drafts.field_key("processes", {"id": row["id"]}, "notes")
    assert classes(fields["company"])["key"] != notes["key"]
    assert "nr-draft" not in fields["category"]._dom_classes  # only text fields


def test_a_save_renews_what_the_field_says_is_saved(journal):
    row = journal.add("processes", company="Acme")
    notes = kit.text_input("Notes", multiline=True)
    form = kit.RowForm(journal, "processes", {"notes": notes})
    form.load(row)
    assert classes(notes)["saved"] == drafts.text_hash("")
    notes.value = "Saved now"  # outside a kernel the form saves at once
    assert classes(notes)["saved"] == drafts.text_hash("Saved now")
    notes.value = "   "  # blank is kept as nothing
    assert classes(notes)["saved"] == drafts.text_hash("")


def test_a_refused_save_leaves_the_saved_value_named(journal):
    row = journal.add("processes", company="Acme", notes="Mine")
    notes = kit.text_input("Notes", multiline=True)
    form = kit.RowForm(journal, "processes", {"notes": notes})
    form.load(row)
    journal.update("processes", row["id"], row["rev"], notes="Another tab's")
    notes.value = "Typed here"
    assert form.status.state == "error"  # changed elsewhere
    assert notes.value == "Typed here"
    assert classes(notes)["saved"] == drafts.text_hash("Mine")  # the browser keeps the draft


def test_a_keyed_form_keeps_its_name_before_and_after_its_first_save(journal):
    process = journal.add("processes", company="Acme")
    why = kit.text_input("Why", multiline=True)
    form = kit.RowForm(journal, "preparations", {"why": why})
    form.load(None, key={"process_id": process["id"]})
    before = classes(why)["key"]
    why.value = "Ran out of time"
    assert classes(why)["key"] == before
    again = kit.RowForm(journal, "preparations", {"why": kit.text_input("Why", multiline=True)})
    again.load(journal.find_one("preparations", process_id=process["id"]),
               key={"process_id": process["id"]})
    assert classes(again.fields["why"])["key"] == before


def test_too_long_a_text_is_refused_and_stays_in_the_form(journal):
    from nextround.store.schema import MAX_TEXT_CHARS

    row = journal.add("processes", company="Acme")
    notes = kit.text_input("Notes", multiline=True)
    form = kit.RowForm(journal, "processes", {"notes": notes})
    form.load(row)
    notes.value = "x" * (MAX_TEXT_CHARS + 1)
    assert form.status.state == "error" and "100,000" in form.status.value
    assert len(notes.value) == MAX_TEXT_CHARS + 1
    assert journal.get("processes", row["id"])["notes"] is None


# ------------------------------------------------------------------- journal errors
class FakeShell:
    kernel = object()

    def __init__(self):
        self.handlers = None

    def set_custom_exc(self, exceptions, handler):
        self.handlers = (exceptions, handler)


def test_in_a_kernel_journal_errors_are_shown_our_way(monkeypatch, tmp_path):
    shell = FakeShell()
    assert frame.install(shell)
    exceptions, handler = shell.handlers
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append((a, k)))
    error = DamagedJournal(tmp_path / "journal.sqlite3", "file is not a database")
    assert handler(shell, DamagedJournal, error, None) == []  # no traceback
    assert issubclass(DamagedJournal, exceptions[0])
    (bundle,), options = shown[0]
    assert options == {"raw": True}
    assert str(tmp_path / "journal.sqlite3") in bundle["text/html"]
    assert frame.ERROR_CLASS in bundle["text/html"]
    assert words()["frame"]["notices"]["journal_error"] in bundle["text/plain"]
    assert isinstance(shown[1][0][0], frame.FrameData)  # the header still lists the pages


def test_outside_a_kernel_nothing_is_installed():
    class Plain:
        kernel = None

    assert frame.install(Plain()) is False


def test_the_journal_error_escapes_the_path(tmp_path):
    error = DamagedJournal(tmp_path / "<img src=x onerror=alert(1)>" / "journal.sqlite3", "x")
    assert "<img" not in frame.journal_error_output(error)["text/html"]


@pytest.mark.parametrize("page", words()["frame"]["pages"], ids=lambda p: p["file"])
def test_every_page_of_the_header_is_a_workbook(page):
    from nextround.cli import workbooks_dir

    notebook = workbooks_dir() / f"{page['file']}.ipynb"
    assert notebook.exists()
    assert json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["voila"] == {
        "template": "nextround"}


def test_the_tree_page_and_the_brand_lead_to_start_here():
    from nextround.cli import START_PAGE, jupyter_data_dir

    template = jupyter_data_dir() / "voila" / "templates" / "nextround"
    for name in ("tree.html", "tree-lab.html", "index.html.j2"):
        assert START_PAGE in (template / name).read_text(encoding="utf-8"), name
    assert words()["frame"]["pages"][0]["file"] + ".ipynb" == START_PAGE


def test_no_page_of_the_template_names_another_host():
    from nextround.cli import jupyter_data_dir

    template = jupyter_data_dir() / "voila" / "templates" / "nextround"
    for path in template.rglob("*"):
        if path.is_file():
            assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path

