"""A cohort on a real JupyterHub: people sign in at once, work, and keep their journals private.

The hub runs deploy/one-machine's configuration (see conftest.py); every participant is a real
system user. NEXTROUND_HUB_PARTICIPANTS sets how many sign in (5 by default; 30 for the
figures in docs/cohorts.md). The figures are printed and written to hub-figures.json in the
test's temporary folder, and to benchmarks/results/hub-N.json.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hub.conftest import Person, kill_user_processes, run_as

pytestmark = pytest.mark.hub

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("participants.py")
START_HERE = "/voila/render/workbooks/00_start_here.ipynb"
STEP_1 = "/voila/render/workbooks/01_review_and_reflect.ipynb"
MY_PROGRESS = "/voila/render/workbooks/05_my_progress.ipynb"
COACH = "/voila/render/workbooks/coach_cohort.ipynb"
READ_JOURNAL = """\
import json, sys
from nextround.store.journal import Journal
journal = Journal.open(sys.argv[1], create=False)
print(json.dumps({"integrity_ok": journal.integrity_ok(),
                  "processes": [dict(r) for r in journal.rows("processes")],
                  "reflections": [dict(r) for r in journal.rows("reflections")]}, default=str))
"""


def participants_wanted() -> int:
    return int(os.environ.get("NEXTROUND_HUB_PARTICIPANTS", "5"))


def read_journal(person: Person) -> dict:
    """The journal as its owner's NextRound reads it (a journal opened by root would leave
    root's files beside it)."""
    result = run_as(person.name, [sys.executable, "-c", READ_JOURNAL, str(person.journal)],
                    env={**os.environ, "HOME": str(person.home)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 2)


def figures(outcome: dict, n: int) -> dict:
    people = outcome["participants"]

    def timings(key: str, group: str) -> dict:
        values = [p[key] for p in people if p.get("group") == group and key in p]
        return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
                "max": max(values) if values else None}

    usage = [p["usage"] for p in people if "usage" in p]
    mib = [u["pss_mib"] for u in usage]
    rss = [u["rss_mib"] for u in usage]
    cpu = [u["cpu_s"] for u in usage]
    return {
        "participants": n,
        "cores": os.cpu_count(),
        "sign_in_to_server_started_s": {
            g: timings("server_started_s", g) for g in ("alone", "under load")},
        "sign_in_to_start_here_s": {g: timings("start_here_s", g) for g in ("alone", "under load")},
        "step_1_usable_s": {g: timings("step_1_s", g) for g in ("alone", "under load")},
        "log_process_and_reflection_s": {
            g: timings("saving_s", g) for g in ("alone", "under load")},
        "memory_per_participant_mib": {
            "pss_p50": percentile(mib, 50), "pss_max": max(mib, default=None),
            "rss_p50": percentile(rss, 50), "rss_max": max(rss, default=None),
            "kernels_each": sorted({u["kernels"] for u in usage}),
            "kernels_pss_p50": percentile([u["kernels_pss_mib"] for u in usage], 50),
            "pss_all_participants": round(sum(mib), 1)},
        "cpu_s_per_participant": {"p50": percentile(cpu, 50), "max": max(cpu, default=None)},
        "hub_proxy_and_culler": outcome["hub"],
        "batches": outcome["batches"],
    }


@pytest.fixture(scope="module")
def room(hub, tmp_path_factory, request):
    """N participants sign in, work through step 1 and save, in batches; pages stay open."""
    n = participants_wanted()
    people = hub.add_people([f"{hub.prefix}p{i:02d}" for i in range(n)])
    plan = {
        "hub": hub.url,
        "hub_pid": hub.process.pid,
        "alone": 3 if n >= 10 else 1,
        "batch": int(os.environ.get("NEXTROUND_HUB_BATCH", "5")),
        "participants": [
            {"name": p.name, "password": p.password, "uid": p.uid,
             "company": f"Firm {i} ‹{secrets.token_hex(3)}› & Co",
             "role": f"Analyst $80k {i}",
             "went_well": f"Told the story of project {i} 🙂 {secrets.token_hex(4)}"}
            for i, p in enumerate(people)],
    }
    folder = tmp_path_factory.mktemp("hub-room")
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    load_before = os.getloadavg()
    driver = subprocess.run([sys.executable, str(DRIVER), str(folder / "plan.json"),
                             str(folder / "results.json")], capture_output=True, text=True,
                            timeout=3600)
    assert driver.returncode == 0, f"{driver.stderr[-4000:]}\n--- hub log\n{hub.log()}"
    outcome = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    found = figures(outcome, n)
    found["load_average_before"] = load_before
    text = json.dumps(found, indent=2)
    (folder / "hub-figures.json").write_text(text, encoding="utf-8")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"hub-{n}.json").write_text(text, encoding="utf-8")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"\nJupyterHub with {n} participants ({folder / 'hub-figures.json'}):")
        reporter.write_line(text)
    return {"plan": plan, "people": people, "outcome": outcome, "figures": found}


# ----------------------------------------------------------------------------- the room
def test_every_participant_signs_in_opens_step_1_and_sees_the_save(room, hub):
    failures = {p["name"]: p.get("failure") for p in room["outcome"]["participants"]
                if not p.get("saved")}
    assert failures == {}, f"{failures}\n--- hub log\n{hub.log()}"
    # NextRound's page frame asks no other host for anything (no Font Awesome from a CDN) and
    # asks the hub only what it may: any error in the browser is a failure.
    errors = {p["name"]: p.get("errors", []) for p in room["outcome"]["participants"]}
    assert errors == {name: [] for name in errors}


def test_no_save_is_lost(room):
    lost = []
    for typed, person in zip(room["plan"]["participants"], room["people"]):
        journal = read_journal(person)
        processes = [(p["company"], p["role"]) for p in journal["processes"]]
        reflections = [r["went_well"] for r in journal["reflections"]]
        if processes != [(typed["company"], typed["role"])] or reflections != [typed["went_well"]]:
            lost.append((person.name, processes, reflections))
    assert lost == []


def test_each_server_holds_only_its_participant_and_their_kernels(room):
    usage = {p["name"]: p.get("usage", {}) for p in room["outcome"]["participants"]}
    # Start here was left for step 1: under Jupyter Server, Voila shuts down the kernel of the
    # page it leaves, so the open page's kernel is the only one.
    assert {name: u.get("kernels") for name, u in usage.items()} == {
        name: 1 for name in usage}


def test_no_participant_reads_another_participant_s_journal(room, hub):
    """As a real second system user: the journal file, the home's listing, and SQLite."""
    people = room["people"] + [hub.coach]
    readable = []
    for i, owner in enumerate(room["people"]):
        other = people[i + 1] if i + 1 < len(room["people"]) else hub.coach
        attempts = {
            "read the file": ["cat", str(owner.journal)],
            "list the home": ["ls", str(owner.home)],
            "open with sqlite3": [sys.executable, "-c",
                                  "import sqlite3, sys; c = sqlite3.connect("
                                  "f'file:{sys.argv[1]}?mode=ro', uri=True); "
                                  "print(c.execute('SELECT count(*) FROM processes').fetchone())",
                                  str(owner.journal)],
        }
        for what, command in attempts.items():
            result = run_as(other.name, command)
            if result.returncode == 0:
                readable.append((other.name, what, owner.name, result.stdout[:200]))
            else:
                assert "denied" in result.stderr.lower() or "unable to open" in result.stderr, (
                    what, result.stderr)
    assert readable == []
    assert oct(room["people"][0].home.stat().st_mode & 0o777) == "0o700"


def test_no_participant_opens_another_participant_s_server(room):
    statuses = {p["name"]: p.get("other_server_status") for p in room["outcome"]["participants"]}
    assert statuses == {name: 403 for name in statuses}


def test_the_setup_script_backs_up_every_journal(room, hub, tmp_path):
    out = tmp_path / "backups"
    result = hub.setup("backup", str(out))
    assert result.stdout.strip().endswith(f"backed up to {out}")
    names = sorted(p.name for p in room["people"])
    assert sorted(f.stem for f in out.glob("*.json")) == names
    for typed, person in zip(room["plan"]["participants"], room["people"]):
        backup = json.loads((out / f"{person.name}.json").read_text(encoding="utf-8"))
        assert backup["format"] == "nextround-backup"
        companies = [p["company"] for p in backup["tables"]["processes"]]
        assert companies == [typed["company"]]
        assert oct((out / f"{person.name}.json").stat().st_mode & 0o777) == "0o600"


# ----------------------------------------------------------------------------- one at a time
def sign_in(page, hub, person: Person, harness) -> None:
    page.goto(f"{hub.url}/hub/login", timeout=120_000)
    page.fill("#username_input", person.name)
    page.fill("#password_input", person.password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{person.name}{START_HERE}*", timeout=300_000)
    harness.open_voila_page(page, page.url, timeout=300)


def reopen_after_restart(page, url: str, timeout: float = 180) -> None:
    """Reload a page whose server died, as a person would, until the hub starts it again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto(url, timeout=120_000)
        if page.locator("#start").count():  # the hub's "server not running" page
            page.locator("#start").click()
            page.wait_for_url(url + "*", timeout=300_000)
            return
        if page.locator("#rendered_cells").count():  # already running again
            return
        time.sleep(3)  # the proxy's error page, until the hub polls the dead server
    raise AssertionError(f"the hub did not offer to start the server again: {page.url}")


def test_a_server_killed_mid_save_leaves_the_journal_whole(hub, browser, harness):
    person = hub.add_people([f"{hub.prefix}kill"])[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, hub, person, harness)
        step_1 = f"{hub.url}/user/{person.name}{STEP_1}"
        harness.open_voila_page(page, step_1, timeout=300)
        new = page.locator(".nr-new-process")
        new.get_by_label("Company").fill("Killed Ltd")
        new.get_by_role("button", name="Add this process").click()
        process = page.locator(".nr-exercise-process")
        process.get_by_label("Notes").wait_for(timeout=120_000)
        process.get_by_label("Notes").fill("Before the kill")
        process.locator(":scope > .nr-status-saved").wait_for(timeout=120_000)

        # Type, and kill the whole server (Jupyter Server and every kernel) as the save starts:
        # the form saves once typing has paused for 0.6 s.
        typed = "After the kill " + secrets.token_hex(8)
        process.get_by_label("Notes").fill(typed)
        process.locator(":scope > .nr-status-unsaved").wait_for(timeout=120_000)
        time.sleep(0.6)
        kill_user_processes(person.uid)

        journal = read_journal(person)
        assert journal["integrity_ok"] is True
        assert [p["company"] for p in journal["processes"]] == ["Killed Ltd"]
        kept = journal["processes"][0]["notes"]
        assert kept in ("Before the kill", typed)

        # Reloading leads to the hub, which starts the server again (once it has noticed the
        # server is gone, it offers "Launch server"); the page shows what the journal holds.
        reopen_after_restart(page, step_1)
        harness.open_voila_page(page, page.url, timeout=300)
        notes = page.locator(".nr-exercise-process").get_by_label("Notes")
        assert notes.input_value() == kept
    finally:
        context.close()


def test_jupyterlab_is_one_click_from_the_hub_s_home_page(hub, browser, harness):
    person = hub.add_people([f"{hub.prefix}lab"])[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, hub, person, harness)
        page.goto(f"{hub.url}/hub/home", timeout=120_000)
        page.get_by_role("link", name="open the workbooks in JupyterLab").click()
        page.wait_for_url(f"**/user/{person.name}/lab/tree/workbooks/00_start_here.ipynb*",
                          timeout=120_000)
        # The notebook itself opens, its first cell the installed workbook's own.
        first = json.loads((ROOT / "workbooks" / "00_start_here.ipynb").read_text())["cells"][0]
        heading = "".join(first["source"]).splitlines()[0].lstrip("# ")
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=180_000)
        assert page.locator(".jp-NotebookPanel h1").first.inner_text().startswith(heading)
    finally:
        context.close()


def test_a_page_whose_server_is_killed_says_so_within_five_seconds(hub, browser, harness):
    GUARD = ".nr-guard"  # the banner the page frame shows when its kernel is gone
    person = hub.add_people([f"{hub.prefix}guard"])[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, hub, person, harness)
        harness.open_voila_page(page, f"{hub.url}/user/{person.name}{STEP_1}", timeout=300)
        # The guard watches, and the frame's words (from the page's kernel) are on the page.
        page.wait_for_function("""() => window.nextround && window.nextround.guard.hooked === true
            && document.querySelector('.nr-nav:not([hidden])')""", timeout=60_000)
        kill_user_processes(person.uid)
        try:
            page.locator(GUARD).wait_for(state="visible", timeout=5_000)
        except Exception:
            state = page.evaluate("() => ({state: window.nextround.guard.state, "
                                  "connection: window.nextround.guard.kernel.connectionStatus})")
            raise AssertionError(f"no banner five seconds after the kill: {state}\n{hub.log()}")
    finally:
        context.close()


def test_an_open_page_keeps_its_server_and_a_closed_one_is_stopped(hub, browser, harness):
    reading, gone = hub.add_people([f"{hub.prefix}read", f"{hub.prefix}gone"])
    kept, left = browser.new_context(), browser.new_context()
    try:
        sign_in(kept.new_page(), hub, reading, harness)
        sign_in(left.new_page(), hub, gone, harness)
        left.close()
        closed = time.monotonic()
        deadline = closed + 3 * (60 + 10 + 10) + 60
        while hub.server_running(gone) and time.monotonic() < deadline:
            time.sleep(2)
        assert not hub.server_running(gone), f"not culled:\n{hub.log()}"
        assert time.monotonic() - closed >= 60  # not before the timeout
        # The reader's page was left untouched all that time, and one more cull round.
        time.sleep(10 + 10 + 5)
        assert hub.server_running(reading)
        assert gone.journal.exists()  # culling stops the server; the journal stays
    finally:
        kept.close()


# ----------------------------------------------------------------------------- the drop box
def test_the_drop_box_takes_a_file_but_shows_nobody_else_s(hub):
    first, second = hub.add_people([f"{hub.prefix}da", f"{hub.prefix}db"])
    box = hub.cohort_dir
    assert oct(box.stat().st_mode & 0o7777) == "0o3733"
    names = {}
    for person in (first, second):
        names[person.name] = f"{secrets.token_hex(16)}.json"
        wrote = run_as(person.name, ["sh", "-c", f"echo '{{}}' > {box / names[person.name]}"])
        assert wrote.returncode == 0, wrote.stderr
        assert run_as(person.name, ["ls", str(box)]).returncode != 0
    for name in names.values():
        assert (box / name).stat().st_gid == box.stat().st_gid  # the coaches' group
    listed = run_as(hub.coach.name, ["ls", str(box)])
    assert sorted(listed.stdout.split()) == sorted(names.values())
    for name in names.values():
        assert run_as(hub.coach.name, ["cat", str(box / name)]).stdout == "{}\n"


def test_a_summary_shared_from_my_progress_reaches_the_coach(hub, browser, harness):
    person = hub.add_people([f"{hub.prefix}share"])[0]
    before = set(run_as(hub.coach.name, ["ls", str(hub.cohort_dir)]).stdout.split())
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, hub, person, harness)
        harness.open_voila_page(page, f"{hub.url}/user/{person.name}{MY_PROGRESS}", timeout=300)
        share = page.locator(".nr-exercise-share")
        share.get_by_role("button", name="Show what I would share").click()
        share.locator(".nr-share-content").wait_for(timeout=120_000)
        share.get_by_role("button", name="Share this with my coach").click()
        share.get_by_text("Shared with your coach at").wait_for(timeout=120_000)
    finally:
        context.close()
    listed = run_as(hub.coach.name, ["ls", str(hub.cohort_dir)])
    added = set(listed.stdout.split()) - before
    assert len(added) == 1, listed
    assert re.fullmatch(r"nextround-summary-[0-9a-f]{32}\.json", added.pop()), listed
    assert run_as(person.name, ["ls", str(hub.cohort_dir)]).returncode != 0
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, hub, hub.coach, harness)
        harness.open_voila_page(page, f"{hub.url}/user/{hub.coach.name}{COACH}", timeout=300)
        page.locator(".nr-cohort-counted").wait_for(timeout=120_000)
        assert "1 person counted" in page.locator(".nr-cohort-counted").inner_text()
    finally:
        context.close()
