"""Participants of a workshop, each in their own headless Chromium context, against a real hub.

Run by tests/hub/test_cohort_hub.py as a separate process (Playwright's async API: the
participants of a batch work at the same time, which the sync API of the other browser tests
cannot do). Each participant signs in through the hub's login form, lands on Start here, opens
step 1, logs a process (company and role), adds a stage and writes a stage reflection through
the workbook's own widgets, and waits until the page says it is saved. Pages stay open, so
the last batch works while everyone before it is still connected, as in a room.

    python participants.py PLAN.json RESULTS.json

PLAN holds the hub's URL, the participants (name, password, uid, what they type), how many go
alone first and the batch size. RESULTS holds, per participant, the seconds from pressing
"Sign in" until the hub hands over to their started server, until Start here is usable there,
and from opening step 1 until it is usable, any error, and once everyone has saved, the memory and CPU of every participant's
server with its kernels (read from /proc: run as root).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser.conftest import _VOILA_DONE_JS, CHROMIUM_ARGS, find_chromium  # noqa: E402

START_HERE = "/voila/render/workbooks/00_start_here.ipynb"
STEP_1 = "/voila/render/workbooks/01_review_and_reflect.ipynb"
PAGE_TIMEOUT_MS = 300_000  # thirty servers starting on two busy cores


# ----------------------------------------------------------------------------- /proc
def processes_by_uid() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        found.setdefault(int(line.split()[1]), []).append(int(entry))
                        break
        except OSError:
            continue
    return found


def _kib(path: str, key: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, and the same for children already waited for (fields 14-17, 1-based)
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def usage(uid: int, pids: list[int]) -> dict:
    """Memory (RSS and PSS, MiB) and CPU seconds of everything running as one participant."""
    rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
    pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
    kernels = [p for p in pids if "ipykernel" in _command(p)]
    kernels_pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in kernels)
    return {"uid": uid, "processes": len(pids), "kernels": len(kernels),
            "rss_mib": round(rss / 1024, 1), "pss_mib": round(pss / 1024, 1),
            "kernels_pss_mib": round(kernels_pss / 1024, 1),
            "cpu_s": round(sum(_cpu_seconds(p) for p in pids), 2)}


def hub_processes(hub_pid: int) -> list[int]:
    """The hub and what it runs as root (its proxy, the idle culler): its root-owned
    descendants. Participants' servers are its children too, but run as the participants."""
    parents, owners = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                owners[int(entry)] = os.stat(f"/proc/{entry}").st_uid
            except OSError:
                continue
    found, frontier = [hub_pid], [hub_pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier and owners[p] == 0]
        found += children
        frontier = children
    return found


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, every process included."""
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    tick = os.sysconf("SC_CLK_TCK")
    return (total - idle) / tick, total / tick


# ----------------------------------------------------------------------------- one person
async def voila_ready(page) -> None:
    await page.wait_for_function(_VOILA_DONE_JS, timeout=PAGE_TIMEOUT_MS)


async def wait_saved(form) -> None:
    await form.locator(":scope > .nr-status-saved").wait_for(timeout=PAGE_TIMEOUT_MS)


async def participant(browser, hub: str, person: dict, result: dict) -> None:
    context = await browser.new_context()
    result["context"] = context
    page = await context.new_page()
    errors = result.setdefault("errors", [])
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda m: errors.append(f"console: {m.text} ({m.location.get('url')})")
            if m.type == "error" and "widget model not found" not in m.text else None)
    try:
        await page.goto(f"{hub}/hub/login", timeout=PAGE_TIMEOUT_MS)
        await page.fill("#username_input", person["name"])
        await page.fill("#password_input", person["password"])
        started = time.monotonic()
        await page.click("#login_submit")
        await page.wait_for_url(f"**/user/{person['name']}{START_HERE}*", timeout=PAGE_TIMEOUT_MS)
        result["server_started_s"] = round(time.monotonic() - started, 2)
        await voila_ready(page)
        result["start_here_s"] = round(time.monotonic() - started, 2)

        started = time.monotonic()
        await page.goto(f"{hub}/user/{person['name']}{STEP_1}", timeout=PAGE_TIMEOUT_MS)
        await voila_ready(page)
        result["step_1_s"] = round(time.monotonic() - started, 2)

        started = time.monotonic()
        new = page.locator(".nr-new-process")
        await new.get_by_label("Company").fill(person["company"])
        await new.get_by_label("Role").fill(person["role"])
        await new.get_by_role("button", name="Add this process").click()
        process = page.locator(".nr-exercise-process")
        await page.wait_for_function(
            "v => [...document.querySelectorAll('.nr-exercise-process input')]"
            ".some(i => i.value === v)", arg=person["company"], timeout=PAGE_TIMEOUT_MS)
        await process.get_by_role("button", name="Add a stage").click()
        card = page.locator(".nr-exercise-stages .nr-card").first
        await card.wait_for(timeout=PAGE_TIMEOUT_MS)
        await card.get_by_label("Went well").fill(person["went_well"])
        await wait_saved(card)
        result["saving_s"] = round(time.monotonic() - started, 2)
        result["saved"] = True
    except Exception as exc:  # recorded and reported by the test, with the others' results
        result["failure"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
        result["saved"] = False
    result["page"] = page


async def other_server_status(context, hub: str, other: str) -> int:
    """The HTTP status a signed-in participant gets for another participant's server."""
    response = await context.request.get(f"{hub}/user/{other}/api/contents")
    return response.status


# ----------------------------------------------------------------------------- the room
async def run(plan: dict) -> dict:
    from playwright.async_api import async_playwright

    hub, people = plan["hub"], plan["participants"]
    results = [{"name": p["name"]} for p in people]
    alone, batch = plan["alone"], plan["batch"]
    timeline = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            headless=True, args=CHROMIUM_ARGS, executable_path=find_chromium())
        try:
            for i in range(alone):
                results[i]["group"] = "alone"
                await participant(browser, hub, people[i], results[i])
            for first in range(alone, len(people), batch):
                members = range(first, min(first + batch, len(people)))
                busy0, total0 = machine_busy()
                began = time.monotonic()
                for i in members:
                    results[i]["group"] = "under load"
                await asyncio.gather(*(participant(browser, hub, people[i], results[i])
                                       for i in members))
                busy1, total1 = machine_busy()
                timeline.append({
                    "participants": [people[i]["name"] for i in members],
                    "connected_before": first, "wall_s": round(time.monotonic() - began, 1),
                    "machine_cores_busy": round((busy1 - busy0) / (total1 - total0) * os.cpu_count(), 2),
                    "load_average": os.getloadavg()})

            # Everyone is connected, every page open: what each server holds now.
            running = processes_by_uid()
            for person, result in zip(people, results):
                result["usage"] = usage(person["uid"], running.get(person["uid"], []))
            hub_usage = usage(0, hub_processes(plan["hub_pid"]))
            # Signed in as one participant, ask for the next one's server.
            for i, result in enumerate(results):
                other = people[(i + 1) % len(people)]["name"]
                if "context" in result and other != result["name"]:
                    result["other_server_status"] = await other_server_status(
                        result["context"], hub, other)
            for result in results:
                if "context" in result:
                    await result.pop("context").close()
                result.pop("page", None)
        finally:
            await browser.close()
    return {"participants": results, "batches": timeline, "hub": hub_usage}


def main() -> None:
    plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = asyncio.run(run(plan))
    Path(sys.argv[2]).write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
