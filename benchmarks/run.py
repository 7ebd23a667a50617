"""NextRound's benchmarks: how fast a workbook is fully drawn, and how cost grows with the journal.

    python benchmarks/run.py                  # everything (30–40 minutes on 2 cores)
    python benchmarks/run.py --skip-browser   # only the in-process measures
    python benchmarks/run.py --quick          # tiny sizes, one load each: checks the script runs

One run measures, on this machine:

* pages: a bare ipywidgets page (a text box, a button, a label) and every workbook, served by
  `nextround serve`'s Voila (its `--preheat` pool unless --no-preheat) and by Jupyter Server's
  /voila/render (Binder's and JupyterHub's path), on the demo journal and journals of 1,000
  and 10,000 processes; headless Chromium opens each page several times with a cold cache,
  and the medians of the first widget drawn, usable (Voila's spinner gone, every widget view
  rendered) and fully drawn (the last widget and the last chart) are reported as ratios to the
  bare page; so are the page weight (HTTP and websocket bytes, first load) and the memory of
  the page's kernel (PSS);
* `import nextround` in a fresh interpreter (median), and which heavy libraries it loads;
* journals of 10, 100, 1,000 and 10,000 processes: opening the journal, everything My progress
  computes, and building its figures; one save (median and p95); growth from 1,000 to 10,000.

Results go to benchmarks/results/ as JSON and Markdown; the ratios and which targets are met
are printed. Ratios are what to compare between machines: both sides are measured in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKBOOKS = ROOT / "workbooks"
BASELINE = HERE / "baseline" / "bare.ipynb"
RESULTS = HERE / "results"
VOILA_CONFIG = ROOT / "src" / "nextround"
HARNESS = ROOT / "tests" / "browser" / "conftest.py"

SIZES = (10, 100, 1_000, 10_000)
HEAVY = ("pandas", "numpy", "plotly", "ipywidgets", "IPython", "traitlets", "fsrs", "icalendar",
         "jsonschema", "platformdirs", "anywidget")

# The targets: every page fully drawn (last widget and last chart) within these ratios of the
# bare page, in one run, under `nextround serve` and under Jupyter Server's /voila/render.
DRAWN_TARGETS = {"demo": 1.3, "1000": 1.6, "10000": 2.0}
TARGETS = {
    "first_widget_ratio_demo": 1.1,  # the first widget, with the demo journal
    "bytes_ratio": 1.1,          # page weight within 1.1x the bare page's bytes
    "kernel_mb": 110.0,          # a workbook page's kernel (PSS), demo journal
    "kernel_growth_10000": 1.2,  # 10,000 processes against the demo journal, same page
    "import_seconds": 0.3,       # import nextround, without pandas or plotly
    "progress_10000_seconds": 1.5,  # open + My progress + its figures at 10,000 processes
    "save_p95_ms": 20.0,         # one save at p95 (10,000 processes)
    "growth_1000_10000": 10.0,   # no worse than linear from 1,000 to 10,000
}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


# ------------------------------------------------------------------------- journals
def synthetic():
    """The journal generator, importable whether this file runs as a script or is imported."""
    sys.path.insert(0, str(HERE))
    try:
        import synthetic_journal
    finally:
        sys.path.remove(str(HERE))
    return synthetic_journal


def make_journal(folder: Path, processes: int | None, today: dt.date) -> Path:
    """A journal in `folder`: the demo persona (processes=None) or a synthetic one."""
    from nextround.store.journal import Journal

    path = folder / "journal.sqlite3"
    journal = Journal.open(path, create=True)
    try:
        if processes is None:
            from nextround.demo import write_demo

            write_demo(journal, today)
        else:
            synthetic().build(journal, processes, today=today)
    finally:
        journal.close()
    return path


# ------------------------------------------------------------------------- import time
_IMPORT_PROBE = """
import json, sys, time
before = set(sys.modules)
start = time.perf_counter()
import nextround
seconds = time.perf_counter() - start
loaded = set(sys.modules) - before
heavy = sorted(name for name in {HEAVY!r} if name in loaded)
print(json.dumps({{"seconds": seconds, "heavy": heavy, "modules": len(loaded)}}))
"""


def measure_import(repeat: int = 7) -> dict:
    """`import nextround` in fresh interpreters: median seconds and heavy modules loaded."""
    probe = _IMPORT_PROBE.format(HEAVY=HEAVY)
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        runs.append(json.loads(out.stdout))
    return {"median_s": median([r["seconds"] for r in runs]),
            "runs_s": [r["seconds"] for r in runs],
            "heavy_modules": runs[-1]["heavy"], "modules_loaded": runs[-1]["modules"]}


# ------------------------------------------------------------------- My progress workload
def progress_workload(journal, today: dt.date) -> dict[str, float]:
    """Everything My progress computes and draws, timed by part (seconds of wall time).

    What to do next (follow-ups, questions and goals due), the headline figures, and every
    step's charts: each chart section computes its analysis from the journal and builds and
    serialises its figures, exactly as on the page. Uses the My progress page itself when the
    package has one, else the same parts from the steps.
    """
    now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.timezone.utc)
    parts: dict[str, float] = {}

    def timed(name, action):
        start = time.perf_counter()
        result = action()
        parts[name] = time.perf_counter() - start
        return result

    try:
        from nextround.ui.progress import MyProgress
    except ModuleNotFoundError:
        MyProgress = None
    if MyProgress is not None:
        page = timed("page", lambda: MyProgress(journal, clock=lambda: now))
        timed("next_steps", page.next_steps)
        timed("headlines", page.headlines)
        timed("charts", page.charts)
        timed("downloads", page.downloads)
        return parts

    from nextround.store import feedback_requests, goals, practice
    from nextround.ui import kit
    from nextround.ui.feedback import FeedbackCharts
    from nextround.ui.fit import RightRoles
    from nextround.ui.learning import LearningCharts
    from nextround.ui.review import ReviewCharts

    picker = timed("page", lambda: kit.ProcessPicker(journal))
    timed("next_steps", lambda: (
        [r for r in feedback_requests.all_requests(journal, today)
         if feedback_requests.is_due(r, today)],
        practice.due(journal, now), goals.all_goals(journal)))
    timed("headlines", lambda: {table: journal.count(table) for table in (
        "processes", "feedback_points", "questions", "goals", "learning_sessions")})
    timed("charts", lambda: (ReviewCharts(journal, picker), FeedbackCharts(journal),
                             RightRoles(journal, picker), LearningCharts(journal, lambda: today)))
    return parts


def _warm_up(today: dt.date) -> None:
    """Run the workload once on a tiny journal: a page's kernel pays plotly's first-figure
    cost whatever the journal's size, so it does not belong in the growth figures."""
    from nextround.store.journal import Journal

    with tempfile.TemporaryDirectory() as tmp:
        path = make_journal(Path(tmp), 10, today)
        journal = Journal.open(path)
        try:
            progress_workload(journal, today)
        finally:
            journal.close()


def measure_progress(path: Path, today: dt.date, repeat: int) -> dict:
    """Open + My progress + figures, `repeat` times in this interpreter (already warmed up)."""
    from nextround.store.journal import Journal

    runs = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        journal = Journal.open(path)
        opened = time.perf_counter() - start
        try:
            parts = progress_workload(journal, today)
        finally:
            journal.close()
        runs.append({"open": opened, **parts, "total": time.perf_counter() - start,
                     "total_cpu": time.process_time() - cpu})
    keys = runs[0].keys()
    return {"median_s": {k: median([r[k] for r in runs]) for k in keys},
            "total_runs_s": [r["total"] for r in runs]}


def measure_save(path: Path, count: int, *, with_charts: bool = False) -> dict:
    """One save = one `update` of a process's notes (a keystroke pause in a form): ms.

    With `with_charts`, workbook 1's charts listen as they do on the page, so each save also
    pays for whatever redraws it triggers.
    """
    from nextround.store.journal import Journal

    journal = Journal.open(path)
    try:
        process = journal.rows("processes", order_by="id DESC")[0]
        if with_charts:
            from nextround.ui import kit
            from nextround.ui.review import ReviewCharts

            ReviewCharts(journal, kit.ProcessPicker(journal))
        times = []
        for i in range(count):
            start = time.perf_counter()
            process = journal.update("processes", process["id"], process["rev"],
                                     notes=f"Second call went well ({i}).")
            times.append((time.perf_counter() - start) * 1000)
    finally:
        journal.close()
    return {"median_ms": median(times), "p95_ms": p95(times), "count": count}


def store_child(args) -> None:
    """In a fresh interpreter: warm up, then measure one journal; print JSON."""
    import ipywidgets  # noqa: F401  - a page's kernel has these loaded before the first chart
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    today = dt.date.fromisoformat(args.today)
    path = Path(args.journal)
    _warm_up(today)
    result = {"progress": measure_progress(path, today, args.repeat),
              "save": measure_save(path, args.saves)}
    if args.saves_with_charts:
        result["save_with_charts"] = measure_save(path, args.saves_with_charts, with_charts=True)
    print(json.dumps(result))


def measure_store(sizes, today: dt.date, repeat: int, saves: int, workdir: Path) -> dict:
    out = {}
    for size in sizes:
        folder = workdir / f"journal-{size}"
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        path = make_journal(folder, size, today)
        built = time.perf_counter() - start
        command = [sys.executable, str(Path(__file__).resolve()), "--child-store",
                   "--journal", str(path), "--today", today.isoformat(), "--repeat", str(repeat),
                   "--saves", str(saves), "--saves-with-charts", str(max(5, saves // 10))]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"measuring {size} processes failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["build_s"] = built
        result["file_mb"] = path.stat().st_size / 1e6
        out[str(size)] = result
        print(f"  {size:>6} processes: open+progress+figures "
              f"{result['progress']['median_s']['total']:.3f} s, save p95 "
              f"{result['save']['p95_ms']:.1f} ms", flush=True)
    return out


# ---------------------------------------------------------------------------- pages
def _harness():
    """The browser-test harness (finding Chromium, server processes, byte counting)."""
    spec = importlib.util.spec_from_file_location("nextround_browser_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def page_folder(target: Path) -> list[str]:
    """The bare page and every workbook, side by side in one folder; returns the page names."""
    target.mkdir(parents=True, exist_ok=True)
    names = [BASELINE.name]
    shutil.copy2(BASELINE, target / BASELINE.name)
    for notebook in sorted(WORKBOOKS.glob("*.ipynb")):
        shutil.copy2(notebook, target / notebook.name)
        names.append(notebook.name)
    return names


def _is_local(url: str) -> bool:
    scheme, host = urlsplit(url)[:2]
    return scheme in ("data", "blob", "about") or host.split(":")[0] in (
        "127.0.0.1", "localhost", "[::1]")


_WIDGETS_SETTLED_JS = """() => {
  const n = document.querySelectorAll('.jupyter-widgets').length;
  const now = performance.now();
  if (window.__nrWidgets !== n) { window.__nrWidgets = n; window.__nrSince = now; return false; }
  return now - window.__nrSince >= 400 ? window.__nrSince : false;
}"""
# A chart is drawn when it shows its figure, or a message other than "Drawing the chart…".
_CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('.nextround-chart')].every(c => {
  if (c.querySelector('.main-svg')) return true;
  const m = c.querySelector('.nextround-chart-message');
  return !!m && getComputedStyle(m).display !== 'none' && m.innerText.trim() !== ''
    && !m.innerText.includes('Drawing the chart');
})"""


_FIRST_WIDGET_JS = """() => {
  // The moment the first widget view appeared, by the page's own clock (a MutationObserver
  // installed at navigation records it).
  return window.__nrFirstWidget || false;
}"""
_WATCH_FIRST_WIDGET = """
new MutationObserver((records, observer) => {
  if (document.querySelector('.jupyter-widgets')) {
    window.__nrFirstWidget = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
_KERNEL_ID_JS = """async () => {
  const app = window.jupyterapp;
  if (!app || !app.widgetManagerPromise) return null;
  const manager = await app.widgetManagerPromise.promise;
  return manager && manager.kernel ? manager.kernel.id : null;
}"""


def kernel_memory(kernel_id: str | None) -> dict | None:
    """The resident memory of the kernel process serving `kernel_id`: PSS (its share of pages
    it shares with other processes) and RSS, in MB, read from /proc."""
    if not kernel_id:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            if f"kernel-{kernel_id}" not in cmdline:
                continue
            pss = rss = None
            for line in (proc / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
            return {"pss_mb": pss, "rss_mb": rss}
        except OSError:
            continue
    return None


def load_page(harness, browser, url: str, server_url: str, timeout: float = 120) -> dict:
    """Open `url` in a fresh context (cold cache): when the first widget appeared, when the
    page was usable (the last widget drawn), when it was fully drawn (its last chart too),
    the bytes it moved, and its kernel's memory."""
    context = browser.new_context()
    try:
        # Nothing is fetched from other hosts: answer any such request locally, the same for
        # every page (the bare page is Voila's own lab template).
        context.route(lambda u: not _is_local(u),
                      lambda route: route.fulfill(status=200, body="", content_type="text/css"))
        page = context.new_page()
        page.add_init_script(_WATCH_FIRST_WIDGET)
        counter = harness.ByteCounter(page)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url, wait_until="commit", timeout=timeout * 1000)
        page.wait_for_function(harness._VOILA_DONE_JS, timeout=timeout * 1000, polling=50)
        # Voila is done when the cells' top-level views exist; the widgets inside them are
        # drawn asynchronously after that. Usable = when the last widget appeared, measured
        # by the page's own clock from navigation.
        settled = page.wait_for_function(_WIDGETS_SETTLED_JS, timeout=timeout * 1000,
                                         polling=50)
        usable = settled.json_value() / 1000
        first = page.evaluate(_FIRST_WIDGET_JS)
        # Charts draw after the widgets: wait until every chart shows its drawing or its
        # message. Fully drawn = the later of the last widget and the last chart.
        drawn = None
        with contextlib.suppress(Exception):
            handle = page.wait_for_function(_CHARTS_DRAWN_JS, timeout=90_000, polling=50)
            drawn = page.evaluate("() => performance.now()") / 1000 if handle else None
        memory = None
        with contextlib.suppress(Exception):
            memory = kernel_memory(page.evaluate(_KERNEL_ID_JS))
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=30_000)
        charts = page.locator(".nextround-chart").count()
        with contextlib.suppress(Exception):
            harness.shutdown_voila_kernel(page, server_url)
        return {"first_widget_s": (first / 1000) if first else usable, "usable_s": usable,
                "drawn_s": drawn, "fully_drawn_s": max(usable, drawn or usable),
                "bytes": counter.total, "http_bytes": counter.http,
                "ws_bytes": counter.ws_received + counter.ws_sent, "charts": charts,
                "memory": memory, "errors": errors}
    finally:
        context.close()


def page_server(harness, mode: str, pages_dir: Path, journal_dir: Path, preheat: bool):
    """A server for every page: `nextround serve`'s Voila (mode "serve", optionally with a
    preheated pool) or Jupyter Server with Voila's extension (mode "server", as on Binder and
    JupyterHub, /voila/render)."""
    env = {"NEXTROUND_DATA_DIR": str(journal_dir)}
    if mode == "serve":
        from nextround.cli import voila_options

        command = harness.voila_command(pages_dir, *voila_options(preheat=preheat))
        return harness.ServerProcess(command, env=env, startup_timeout=180)
    command = [sys.executable, "-m", "jupyter_server", "--no-browser", "--port={port}",
               "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
               "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={pages_dir}",
               "--ServerApp.allow_root=True"]
    return harness.ServerProcess(command, env=env, startup_timeout=180)


def measure_pages(journal_dir: Path, pages_dir: Path, names: list[str], loads: int,
                  mode: str = "serve", preheat: bool = False) -> dict:
    """One server; every page opened `loads` times, interleaved, after one warm-up each."""
    from playwright.sync_api import sync_playwright

    harness = _harness()
    server = page_server(harness, mode, pages_dir, journal_dir, preheat)
    results: dict[str, list[dict]] = {name: [] for name in names}
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(headless=True, args=harness.CHROMIUM_ARGS,
                                             executable_path=harness.find_chromium())
        try:
            if preheat:  # let every page's waiting kernel run its imports first
                time.sleep(30)
            for name in names:  # warm-up: the OS file cache, the first kernel's imports
                load_page(harness, browser, f"{server.url}/voila/render/{name}", server.url)
            for _ in range(loads):
                for name in names:  # interleaved: a page's pool refills while others load
                    results[name].append(load_page(harness, browser,
                                                   f"{server.url}/voila/render/{name}",
                                                   server.url))
        finally:
            browser.close()
    bare = results[BASELINE.name]
    base = {key: median([r[key] for r in bare]) for key in
            ("first_widget_s", "usable_s", "fully_drawn_s")}
    base_bytes = bare[0]["bytes"]
    out = {}
    for name, loads_of in results.items():
        row = {key: median([r[key] for r in loads_of]) for key in base}
        drawn = [r["drawn_s"] for r in loads_of if r["drawn_s"] is not None]
        memory = [r["memory"]["pss_mb"] for r in loads_of if r.get("memory")
                  and r["memory"].get("pss_mb")]
        out[name] = {**{f"{k}_median": v for k, v in row.items()},
                     "usable_median_s": row["usable_s"],
                     "fully_drawn_runs_s": [r["fully_drawn_s"] for r in loads_of],
                     "charts_drawn_median_s": median(drawn) if drawn else None,
                     "ratio": row["usable_s"] / base["usable_s"],
                     "first_widget_ratio": row["first_widget_s"] / base["first_widget_s"],
                     "drawn_ratio": row["fully_drawn_s"] / base["fully_drawn_s"],
                     "kernel_pss_mb": median(memory) if memory else None,
                     "bytes": loads_of[0]["bytes"], "http_bytes": loads_of[0]["http_bytes"],
                     "ws_bytes": loads_of[0]["ws_bytes"],
                     "bytes_ratio": loads_of[0]["bytes"] / base_bytes,
                     "charts": loads_of[0]["charts"],
                     "page_errors": sorted({e for r in loads_of for e in r["errors"]})}
        mem = f"{out[name]['kernel_pss_mb']:5.0f} MB" if memory else "   — MB"
        print(f"  {name:<40} first ×{out[name]['first_widget_ratio']:4.2f}  usable "
              f"{row['usable_s']:5.2f} s ×{out[name]['ratio']:4.2f}  fully drawn "
              f"{row['fully_drawn_s']:5.2f} s ×{out[name]['drawn_ratio']:4.2f}  "
              f"{loads_of[0]['bytes'] / 1e6:5.1f} MB ×{out[name]['bytes_ratio']:4.2f}  kernel {mem}",
              flush=True)
    return out


# --------------------------------------------------------------------------- report
def verdicts(results: dict) -> list[dict]:
    """Each target: the figure measured, the limit, and whether it is met."""
    rows = []

    def add(name, measured, limit, unit, met=None):
        if measured is None:
            return
        rows.append({"target": name, "measured": measured, "limit": limit, "unit": unit,
                     "met": (measured <= limit) if met is None else met})

    for mode, journals in results.get("pages", {}).items():
        for journal_name, pages in journals.items():
            for name, page in pages.items():
                if name == BASELINE.name:
                    continue
                add(f"{mode}: {name} fully drawn vs bare page ({journal_name} journal)",
                    page["drawn_ratio"], DRAWN_TARGETS[journal_name], "×")
                if journal_name == "demo":
                    add(f"{mode}: {name} first widget vs bare page (demo journal)",
                        page["first_widget_ratio"], TARGETS["first_widget_ratio_demo"], "×")
                    add(f"{mode}: {name} page weight vs bare page", page["bytes_ratio"],
                        TARGETS["bytes_ratio"], "×")
                    add(f"{mode}: {name} kernel memory (demo journal)", page["kernel_pss_mb"],
                        TARGETS["kernel_mb"], "MB")
            demo, big = journals.get("demo", {}), journals.get("10000", {})
            for name in big if journal_name == "10000" else ():
                if name != BASELINE.name and demo.get(name, {}).get("kernel_pss_mb") and \
                        big[name].get("kernel_pss_mb"):
                    add(f"{mode}: {name} kernel memory, 10,000 processes vs demo",
                        big[name]["kernel_pss_mb"] / demo[name]["kernel_pss_mb"],
                        TARGETS["kernel_growth_10000"], "×")
    imp = results["import"]
    add("import nextround", imp["median_s"], TARGETS["import_seconds"], "s")
    add("import nextround loads neither pandas nor plotly",
        ", ".join(imp["heavy_modules"]) or "none", "none", "",
        met=not {"pandas", "plotly"} & set(imp["heavy_modules"]))
    store = results["store"]
    if "10000" in store:
        add("10,000 processes: open + My progress + figures (CPU time)",
            store["10000"]["progress"]["median_s"]["total_cpu"], TARGETS["progress_10000_seconds"],
            "s")
        add("10,000 processes: open + My progress + figures (wall time)",
            store["10000"]["progress"]["median_s"]["total"], TARGETS["progress_10000_seconds"], "s")
        add("10,000 processes: one save, p95", store["10000"]["save"]["p95_ms"],
            TARGETS["save_p95_ms"], "ms")
    if "1000" in store and "10000" in store:
        add("growth 1,000 → 10,000 (open + My progress + figures, CPU time)",
            results["growth"]["progress"], TARGETS["growth_1000_10000"], "×")
        add("growth 1,000 → 10,000 (one save, median)", results["growth"]["save"],
            TARGETS["growth_1000_10000"], "×")
    return rows


def growth(store: dict) -> dict:
    if "1000" not in store or "10000" not in store:
        return {}
    small, big = store["1000"], store["10000"]
    cpu = "total_cpu"
    return {"progress": big["progress"]["median_s"][cpu] / small["progress"]["median_s"][cpu],
            "save": big["save"]["median_ms"] / small["save"]["median_ms"],
            "parts": {k: big["progress"]["median_s"][k] / v
                      for k, v in small["progress"]["median_s"].items() if v > 0}}


def _fmt(value, unit="") -> str:
    if isinstance(value, str):
        return value
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.3f} s" if unit == "s" else f"{value:.3g}"


def markdown(results: dict) -> str:
    lines = [f"# NextRound benchmarks — {results['started']}", "",
             f"{results['machine']}", ""]
    for mode, journals in results.get("pages", {}).items():
        for journal_name, pages in journals.items():
            lines += [f"## Pages under {mode} ({journal_name} journal)", "",
                      "| page | first widget | × bare | usable | × bare | fully drawn | × bare "
                      "| bytes (cold cache) | × bare | kernel (PSS) | charts |",
                      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
            for name, page in pages.items():
                memory = page.get("kernel_pss_mb")
                lines.append(
                    f"| {name} | {page['first_widget_s_median']:.2f} s | "
                    f"{page['first_widget_ratio']:.2f}× | {page['usable_s_median']:.2f} s | "
                    f"{page['ratio']:.2f}× | {page['fully_drawn_s_median']:.2f} s | "
                    f"{page['drawn_ratio']:.2f}× | {page['bytes'] / 1e6:.1f} MB | "
                    f"{page['bytes_ratio']:.2f}× | "
                    f"{'—' if memory is None else f'{memory:.0f} MB'} | {page['charts']} |")
            lines.append("")
    imp = results["import"]
    lines += ["## import nextround", "",
              f"median {imp['median_s'] * 1000:.0f} ms over {len(imp['runs_s'])} fresh "
              f"interpreters; {imp['modules_loaded']} modules loaded; heavy libraries loaded: "
              f"{', '.join(imp['heavy_modules']) or 'none'}.", ""]
    store = results["store"]
    parts = list(next(iter(store.values()))["progress"]["median_s"])
    lines += ["## Journal size", "",
              "| processes | file | " + " | ".join(parts) + " | save median | save p95 | "
              "save + step-1 charts listening |",
              "| ---: | ---: | " + " | ".join("---:" for _ in parts) + " | ---: | ---: | ---: |"]
    for size, row in store.items():
        cells = " | ".join(f"{row['progress']['median_s'][p] * 1000:.0f} ms" for p in parts)
        charts = row.get("save_with_charts", {})
        lines.append(f"| {int(size):,} | {row['file_mb']:.1f} MB | {cells} | "
                     f"{row['save']['median_ms']:.1f} ms | {row['save']['p95_ms']:.1f} ms | "
                     f"{charts.get('median_ms', float('nan')):.0f} ms |")
    lines.append("")
    if results.get("growth"):
        g = results["growth"]
        lines += ["Growth from 1,000 to 10,000 processes (10× the data): "
                  f"open + My progress + figures ×{g['progress']:.1f}, one save ×{g['save']:.1f}.",
                  ""]
    lines += ["## Targets", "", "| target | measured | limit | met |", "| --- | ---: | ---: | :---: |"]
    for v in results["verdicts"]:
        lines.append(f"| {v['target']} | {_fmt(v['measured'], v['unit'])} | "
                     f"{_fmt(v['limit'], v['unit'])} | {'yes' if v['met'] else 'no'} |")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- main
def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and one page load each: check that everything runs")
    parser.add_argument("--skip-browser", action="store_true", help="no page loads")
    parser.add_argument("--loads", type=int, default=5, help="page loads per page (median)")
    parser.add_argument("--repeat", type=int, default=3, help="My progress runs per size")
    parser.add_argument("--saves", type=int, default=200, help="saves timed per size")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="journal sizes in processes, comma-separated")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where results are written")
    parser.add_argument("--servers", default="serve,server",
                        help="serve: `nextround serve`'s Voila; server: Jupyter Server's "
                             "/voila/render (Binder, JupyterHub)")
    parser.add_argument("--page-journals", default="demo,1000,10000",
                        help="journals the pages are measured on")
    parser.add_argument("--no-preheat", action="store_true",
                        help="serve without the pool of kernels `nextround serve --preheat` keeps")
    # internal: one journal measured in a fresh interpreter
    parser.add_argument("--child-store", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--journal", help=argparse.SUPPRESS)
    parser.add_argument("--today", help=argparse.SUPPRESS)
    parser.add_argument("--saves-with-charts", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    if args.child_store:
        store_child(args)
        return 0
    if args.quick:
        args.sizes, args.loads, args.repeat, args.saves = "10,100", 1, 1, 20
    sizes = [int(s) for s in args.sizes.split(",") if s]
    today = dt.date.today()
    results = {"started": dt.datetime.now().isoformat(timespec="seconds"),
               "machine": f"{platform.node()}: {platform.platform()}, {os.cpu_count()} cores, "
                          f"Python {platform.python_version()}",
               "settings": {"sizes": sizes, "loads": args.loads, "repeat": args.repeat,
                            "saves": args.saves}}
    with tempfile.TemporaryDirectory(prefix="nextround-bench-") as tmp:
        workdir = Path(tmp)
        print("import nextround …", flush=True)
        results["import"] = measure_import(3 if args.quick else 7)
        print(f"  {results['import']['median_s'] * 1000:.0f} ms; heavy: "
              f"{', '.join(results['import']['heavy_modules']) or 'none'}", flush=True)
        print("journal sizes …", flush=True)
        results["store"] = measure_store(sizes, today, args.repeat, args.saves, workdir)
        results["growth"] = growth(results["store"])
        if not args.skip_browser:
            pages_dir = workdir / "pages"
            names = page_folder(pages_dir)
            results["pages"] = {}
            journals = {"demo": None, "1000": 100 if args.quick else 1000,
                        "10000": 200 if args.quick else 10_000}
            journals = {k: v for k, v in journals.items() if k in args.page_journals.split(",")}
            folders = {}
            for label, size in journals.items():
                folders[label] = workdir / f"pages-journal-{label}"
                folders[label].mkdir()
                make_journal(folders[label], size, today)
            for mode in args.servers.split(","):
                results["pages"][mode] = {}
                for label in journals:
                    print(f"pages under {mode}, {label} journal …", flush=True)
                    results["pages"][mode][label] = measure_pages(
                        folders[label], pages_dir, names, args.loads, mode=mode,
                        preheat=mode == "serve" and not args.no_preheat)
    results["verdicts"] = verdicts(results)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = "quick" if args.quick else "latest"
    (args.out / f"{stamp}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (args.out / f"{stamp}.md").write_text(markdown(results), encoding="utf-8")
    print("\nTargets:")
    for v in results["verdicts"]:
        print(f"  [{'met' if v['met'] else 'NOT met'}] {v['target']}: "
              f"{_fmt(v['measured'], v['unit'])} (limit {_fmt(v['limit'], v['unit'])})")
    print(f"\nWritten: {args.out / (stamp + '.json')} and {args.out / (stamp + '.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
