"""The page frame's guard and drafts in a real Chromium: a page that loses its kernel or its
connection says so, and what is typed afterwards comes back after a reload, into its field and
into the journal — but never over a save made meanwhile in another tab without showing both."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from nextround.demo import write_demo
from nextround.store.journal import Journal
from nextround.store.processes import current_process_id
from nextround.ui.kit.drafts import text_hash
from nextround.words import words

pytestmark = pytest.mark.browser

STEP1 = "/voila/render/01_review_and_reflect.ipynb"
GUARD = words()["frame"]["guard"]
TYPED = "Typed after the page stopped: <b>bold?</b> $80k 🙂 שלום"


def demo_journal(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        write_demo(journal)
    return data


def first_process_notes(data: Path) -> tuple[int, str | None]:
    """The process step 1 shows (the one worked on last), and its notes."""
    with Journal.open(data / "journal.sqlite3") as journal:
        row = journal.get("processes", current_process_id(journal))
        return row["id"], row["notes"]


def wait_guarded(page) -> None:
    """The guard watches the kernel, and every widget of the page is drawn (the harness's
    "done" can come while a view still says "Loading widget...")."""
    page.wait_for_function("""() => window.nextround && window.nextround.guard.hooked === true
        && document.querySelector('.nr-nav:not([hidden])')
        && ![...document.querySelectorAll('.jp-OutputArea-output')].some(
             o => o.textContent.trim() === 'Loading widget...')""", timeout=30_000)


def notes_field(page):
    return page.locator(".nr-exercise-process").get_by_label("Notes")


def wait_field_value(page, selector: str, value: str, timeout: float = 20_000) -> None:
    try:
        page.wait_for_function(
            "([sel, v]) => [...document.querySelectorAll(sel)].some(e => e.value === v)",
            arg=[selector, value], timeout=timeout)
    except PlaywrightTimeout:
        state = page.evaluate("""(sel) => ({drafts: window.nextround.drafts.all(),
            guard: window.nextround.guard.state,
            fields: [...document.querySelectorAll(sel)].map(e => [e.value, e.disabled])})""",
                              selector)
        raise AssertionError(f"no {selector} holds {value!r}: {state}") from None


def wait_journal_notes(data: Path, value: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if first_process_notes(data)[1] == value:
            return
        time.sleep(0.2)
    raise AssertionError(f"the journal holds {first_process_notes(data)[1]!r}, not {value!r}")


REFUSED = "console: Failed to load resource: the server responded with a status of {}"
EXPECTED = {  # answers the browser logs as errors, and that are what a lost kernel looks like
    403: "/voila/api/shutdown/",  # on unload, Voila's kernel shutdown call lacks its _xsrf
    404: "/api/kernels/",  # the guard asking after a kernel that is gone
}


def watch_refusals(page) -> list[tuple[int, str]]:
    refused: list[tuple[int, str]] = []
    page.on("response", lambda r: refused.append((r.status, r.url)) if r.status >= 400 else None)
    return refused


OFFLINE = "console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED"


def own_errors(report, refused: list[tuple[int, str]], offline: bool = False) -> list[str]:
    """The page's console errors, less those of the expected refusals above (and, offline,
    of the guard's questions to a server it cannot reach)."""
    errors = [e for e in report.errors if not (offline and e == OFFLINE)]
    for status, url in refused:
        assert EXPECTED.get(status, "\0") in url, (status, url)
        for error in errors:
            if error.startswith(REFUSED.format(status)):
                errors.remove(error)
                break
    return errors


def reload_and_wait(page, harness, url: str, report) -> None:
    page.reload(wait_until="domcontentloaded")
    harness.open_voila_page(page, url, timeout=90, report=report)
    wait_guarded(page)


def type_then_reload_and_find_it_saved(page, harness, url, report, data) -> None:
    """After the guard tripped: type, reload, and the text is back in its field and journal."""
    notes = notes_field(page)
    assert notes.is_editable()  # text fields stay open: typing is kept
    notes.fill(TYPED)
    page.wait_for_function("v => window.nextround.drafts.all().some(d => d.draft.v === v)",
                           arg=TYPED)
    reload_and_wait(page, harness, url, report)
    wait_field_value(page, ".nr-exercise-process textarea", TYPED)
    wait_journal_notes(data, TYPED)
    page.locator(".nr-drafts").get_by_text("“Notes”").wait_for()
    page.wait_for_function("window.nextround.drafts.all().length === 0", timeout=20_000)


# ------------------------------------------------------------------------------- the hook
def test_the_guard_finds_voilas_kernel_connection(browser, server_process, harness, tmp_path):
    """The frame's one hook into Voila's front end (window.jupyterapp's widget manager and
    its kernel connection) takes: if Voila changes it, this fails here, not for a person."""
    server = harness.serve(server_process, demo_journal(tmp_path))
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + STEP1, timeout=90)
    try:
        page.wait_for_function("window.nextround && window.nextround.guard.hooked === true",
                               timeout=20_000)
    except Exception:
        state = page.evaluate("""() => ({app: typeof window.jupyterapp,
            promise: !!(window.jupyterapp && window.jupyterapp.widgetManagerPromise),
            error: window.nextround && window.nextround.guard.hookError})""")
        pytest.fail(f"frame.js could not reach the page's kernel connection through Voila's "
                    f"window.jupyterapp.widgetManagerPromise (Voila changed?): {state}")
    watched = page.evaluate("[window.nextround.guard.kernel.id, "
                            "window.nextround.guard.kernel.connectionStatus]")
    assert watched == [harness.page_kernel_id(page), "connected"]
    assert page.locator(".nr-guard").is_hidden()
    assert report.errors == []


def test_the_browser_and_python_hash_text_alike(browser, server_process, harness, tmp_path):
    server = harness.serve(server_process, demo_journal(tmp_path))
    page = browser.new_page()
    harness.open_voila_page(page, server.url + "/voila/render/00_start_here.ipynb", timeout=90)
    texts = ["", "a", "Notes", TYPED, "👩🏽‍💻 e\u0301 \u202eRTL", "x" * 5000,
             "line\nbreak\ttab"]
    assert page.evaluate("texts => texts.map(t => window.nextround.drafts.hash(t))",
                         texts) == [text_hash(t) for t in texts]


# ------------------------------------------------------------------------- kernel lost
def test_a_killed_kernel_says_so_and_what_is_typed_after_comes_back(browser, server_process,
                                                                   harness, tmp_path):
    data = demo_journal(tmp_path)
    server = harness.serve(server_process, data)
    page = browser.new_page()
    refused = watch_refusals(page)
    url = server.url + STEP1
    report = harness.open_voila_page(page, url, timeout=90)
    wait_guarded(page)
    _, before = first_process_notes(data)

    harness.kill_kernel(page)
    banner = page.locator(".nr-guard")
    banner.wait_for(state="visible", timeout=5_000)
    assert GUARD["kernel_title"] in banner.inner_text()
    assert GUARD["kept"] in banner.inner_text()
    assert banner.get_by_role("button", name=GUARD["reload"]).is_enabled()
    # Controls that cannot reach the journal any more stop pretending to work.
    assert page.locator(".nr-exercise-process").get_by_role(
        "button", name="Add a stage").is_disabled()
    assert first_process_notes(data)[1] == before
    assert harness.axe_violations(page) == []  # the banner too

    type_then_reload_and_find_it_saved(page, harness, url, report, data)
    assert page.locator(".nr-guard").is_hidden()  # a new kernel: the page works again
    assert own_errors(report, refused) == []


def test_a_culled_kernel_says_so_and_what_is_typed_after_comes_back(browser, server_process,
                                                                   harness, tmp_path):
    """As mybinder.org does (a kernel idle for cull_idle_timeout, even with its tab open), with
    a cull timeout short enough for a test and long enough for a page to load on a busy
    machine (a kernel culled before its page has drawn its widgets leaves nothing to guard)."""
    from nextround.cli import _voila_config_dir, workbooks_dir

    data = demo_journal(tmp_path)
    env = {"NEXTROUND_DATA_DIR": str(data)}
    command = harness.voila_command(
        workbooks_dir(), f"--Voila.config_file_paths={_voila_config_dir()}",
        "--MappingKernelManager.cull_idle_timeout=25", "--MappingKernelManager.cull_interval=1",
        "--MappingKernelManager.cull_connected=True")
    server = server_process(command, env=env, startup_timeout=90)
    page = browser.new_page()
    refused = watch_refusals(page)
    url = server.url + STEP1
    report = harness.open_voila_page(page, url, timeout=90)
    wait_guarded(page)
    loaded = time.monotonic()
    culled = harness.page_kernel_id(page)

    banner = page.locator(".nr-guard")
    while harness.kernel_pids(culled):  # culled after 25 s without use
        assert time.monotonic() - loaded < 90, "the kernel was not culled"
        time.sleep(0.1)
    gone = time.monotonic()
    banner.wait_for(state="visible", timeout=5_000)
    assert time.monotonic() - gone < 5
    text = banner.inner_text()
    assert GUARD["kernel_title"] in text or GUARD["connection_title"] in text
    # The reloaded page's kernel is culled too once idle: type and reload at once.
    type_then_reload_and_find_it_saved(page, harness, url, report, data)
    assert own_errors(report, refused) == []


def test_a_dropped_connection_says_so_and_what_is_typed_meanwhile_comes_back(
        browser, server_process, harness, tmp_path):
    data = demo_journal(tmp_path)
    server = harness.serve(server_process, data)
    context = browser.new_context()
    page = context.new_page()
    refused = watch_refusals(page)
    url = server.url + STEP1
    report = harness.open_voila_page(page, url, timeout=90)
    wait_guarded(page)

    context.set_offline(True)
    banner = page.locator(".nr-guard")
    banner.wait_for(state="visible", timeout=5_000)
    assert GUARD["connection_title"] in banner.inner_text()
    notes = notes_field(page)
    notes.fill(TYPED)
    page.wait_for_function("v => window.nextround.drafts.all().some(d => d.draft.v === v)",
                           arg=TYPED)
    context.set_offline(False)
    page.wait_for_function("document.querySelector('.nr-guard').dataset.nrState === 'back'",
                           timeout=30_000)
    assert GUARD["back_title"] in banner.inner_text()

    reload_and_wait(page, harness, url, report)
    wait_field_value(page, ".nr-exercise-process textarea", TYPED)
    wait_journal_notes(data, TYPED)
    page.wait_for_function("window.nextround.drafts.all().length === 0", timeout=20_000)
    assert own_errors(report, refused, offline=True) == []
    context.close()


# --------------------------------------------------------------------------- two tabs
def test_a_draft_is_never_put_over_a_newer_save_from_another_tab(browser, server_process,
                                                                harness, tmp_path):
    data = demo_journal(tmp_path)
    server = harness.serve(server_process, data)
    context = browser.new_context()  # one browser: both tabs share its storage
    url = server.url + STEP1
    tab_a, tab_b = context.new_page(), context.new_page()
    refused = watch_refusals(tab_a)
    report_a = harness.open_voila_page(tab_a, url, timeout=90)
    harness.open_voila_page(tab_b, url, timeout=90)
    wait_guarded(tab_a)
    wait_guarded(tab_b)

    harness.kill_kernel(tab_a)
    tab_a.locator(".nr-guard").wait_for(state="visible", timeout=5_000)
    notes_field(tab_a).fill("Written in tab A while its page had stopped")
    tab_a.wait_for_function("window.nextround.drafts.all().length === 1")
    newer = "Saved from tab B, after tab A's typing"
    notes_field(tab_b).fill(newer)
    wait_journal_notes(data, newer)
    tab_b.wait_for_function("window.nextround.drafts.all().length === 1", timeout=20_000)

    reload_and_wait(tab_a, harness, url, report_a)
    conflict = tab_a.locator(".nr-draft-item[data-nr-kind='conflict']")
    conflict.wait_for(timeout=20_000)
    # Both are shown: the saved text in the field, tab A's in the list beside it.
    assert notes_field(tab_a).input_value() == newer
    assert conflict.locator(".nr-draft-text").inner_text() == (
        "Written in tab A while its page had stopped")
    assert "“Notes”" in conflict.inner_text()
    assert harness.axe_violations(tab_a) == []  # the list of drafts is for everyone
    tab_a.wait_for_timeout(2_000)
    assert first_process_notes(data)[1] == newer  # nothing was put over tab B's save

    # The person chooses: their own text goes in and is saved.
    conflict.get_by_role("button", name=words()["frame"]["drafts"]["use_mine"]).click()
    wait_journal_notes(data, "Written in tab A while its page had stopped")
    tab_a.wait_for_function("window.nextround.drafts.all().length === 0", timeout=20_000)
    assert own_errors(report_a, refused) == []
    context.close()


# ------------------------------------------------------------------ other frame duties
def test_a_journal_damaged_while_the_server_runs_is_named_in_our_words(
        browser, server_process, harness, tmp_path):
    data = demo_journal(tmp_path)
    server = harness.serve(server_process, data)
    journal = data / "journal.sqlite3"
    journal.write_bytes(journal.read_bytes()[:8192])  # damaged after the server checked it
    page = browser.new_page()
    harness.open_voila_page(page, server.url + STEP1, timeout=90)
    message = page.locator(".nr-journal-error")
    message.wait_for(timeout=20_000)
    text = message.inner_text()
    assert words()["frame"]["notices"]["journal_error"] in text
    assert str(journal) in text and "restore" in text
    body = page.locator("#rendered_cells").inner_text()
    assert "There was an error when executing cell" not in body and "Traceback" not in body
    # The header still lists the pages.
    page.locator(".nr-nav a[aria-current='page']").wait_for(timeout=20_000)


def test_an_upload_above_the_limit_gets_a_message_and_is_not_sent(browser, server_process,
                                                                 harness, tmp_path):
    from nextround.documents.backup import MAX_BACKUP_BYTES

    server = harness.serve(server_process, demo_journal(tmp_path))
    page = browser.new_page()
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    report = harness.open_voila_page(page, server.url + "/voila/render/00_start_here.ipynb",
                                     timeout=90)
    wait_guarded(page)
    big = tmp_path / "too-big.json"
    with open(big, "wb") as f:
        f.truncate(MAX_BACKUP_BYTES + 1)
    assert sent, "the page's websocket was not watched"
    with page.expect_file_chooser() as chooser:
        page.locator(".nr-exercise-restore .widget-upload").click()
    chooser.value.set_files(str(big))
    refused = page.locator(".nr-upload-refused")
    refused.wait_for(timeout=10_000)
    assert "too-big.json" in refused.inner_text() and "20.0 MB" in refused.inner_text()
    page.wait_for_timeout(1_000)
    assert page.locator(".nr-guard").is_hidden()  # the connection held
    assert all(size < 1_000_000 for size in sent)
    assert report.errors == []


def test_text_typed_outside_a_form_comes_back_unsaved_until_its_button(browser, server_process,
                                                                      harness, tmp_path):
    """A field that feeds a button (here: a new process's company) is kept too; after a reload
    it is put back, and only its button saves it."""
    data = demo_journal(tmp_path)
    server = harness.serve(server_process, data)
    page = browser.new_page()
    refused = watch_refusals(page)
    url = server.url + STEP1
    report = harness.open_voila_page(page, url, timeout=90)
    wait_guarded(page)
    harness.kill_kernel(page)
    page.locator(".nr-guard").wait_for(state="visible", timeout=5_000)
    page.locator(".nr-new-process").get_by_label("Company").fill("Typed while stopped Ltd")
    page.wait_for_function("window.nextround.drafts.all().length === 1")

    reload_and_wait(page, harness, url, report)
    company = page.locator(".nr-new-process").get_by_label("Company")
    wait_field_value(page, ".nr-new-process input", "Typed while stopped Ltd")
    note = words()["frame"]["drafts"]["restored_unsaved"].format(fields="“Company”")
    page.locator(".nr-drafts").get_by_text(note).wait_for(timeout=10_000)
    with Journal.open(data / "journal.sqlite3") as journal:
        assert journal.find_one("processes", company="Typed while stopped Ltd") is None
    page.locator(".nr-new-process").get_by_role("button", name="Add this process").click()
    page.wait_for_function("window.nextround.drafts.all().length === 0", timeout=20_000)
    assert company.input_value() == ""
    with Journal.open(data / "journal.sqlite3") as journal:
        assert journal.find_one("processes", company="Typed while stopped Ltd") is not None
    assert own_errors(report, refused) == []


def test_starting_afresh_clears_the_drafts_this_browser_kept(browser, server_process, harness,
                                                            tmp_path):
    server = harness.serve(server_process, demo_journal(tmp_path))
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + "/voila/render/00_start_here.ipynb",
                                     timeout=90)
    wait_guarded(page)
    journal_id = page.evaluate("""() => JSON.parse(
        document.querySelector('.nr-frame-data script').textContent).journal""")
    page.evaluate("""id => localStorage.setItem(`nextround.draft.v1/${id}/somekey/oldtab`,
        JSON.stringify({v: 'typed before', b: 'x', t: 1, l: 'Notes',
                        p: '01_review_and_reflect', u: 0}))""",
                  journal_id)
    assert len(drafts_of(page)) == 1
    demo = page.locator(".nr-exercise-demo")
    demo.get_by_role("button", name="Empty my journal").click()
    demo.get_by_role("button", name="Yes, empty my journal").click()
    page.wait_for_function(
        "id => !Object.keys(localStorage).some(k => k.startsWith(`nextround.draft.v1/${id}/`))",
        arg=journal_id, timeout=20_000)
    assert report.errors == []


def drafts_of(page) -> list[dict]:
    return page.evaluate("window.nextround.drafts.all()")
