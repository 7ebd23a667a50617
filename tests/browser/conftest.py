"""Browser-test harness: a Chromium, server processes, and a Voila page opener.

Plain pytest + Playwright's sync API (no pytest-playwright plugin).  Tests use
the fixtures ``browser``, ``server_process`` (any command, e.g.
``nextround serve``), ``voila_server`` and ``harness`` (the helper functions
and classes below; see its docstring for why not ``import conftest``).

Environment:
    NEXTROUND_CHROMIUM          path to a Chromium/Chrome binary to use first
    NEXTROUND_REQUIRE_BROWSER=1 fail (instead of skip) when no browser is found
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INSTALL_HINT = (
    "install one with `apt-get install chromium` (or set NEXTROUND_CHROMIUM=/path/to/chrome), "
    "or let Playwright download its own: `python -m playwright install chromium`"
)


# --------------------------------------------------------------------------- #
# Finding and launching Chromium
# --------------------------------------------------------------------------- #


def _no_browser(reason: str):
    msg = f"No usable Chromium for browser tests: {reason}; {INSTALL_HINT}"
    if os.environ.get("NEXTROUND_REQUIRE_BROWSER") == "1":
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


def find_chromium() -> str | None:
    """Return a Chromium executable path, or None to mean "Playwright's own".

    Order: $NEXTROUND_CHROMIUM, /usr/bin/chromium, then chromium-browser,
    google-chrome, chrome on PATH.  None means: try Playwright's downloaded
    browser (the caller finds out at launch time whether it exists).
    """
    env = os.environ.get("NEXTROUND_CHROMIUM")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        _no_browser(f"NEXTROUND_CHROMIUM={env!r} is not an executable file")
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def launch_chromium(playwright):
    """Launch headless Chromium or skip/fail the test with a clear reason."""
    executable = find_chromium()
    try:
        return playwright.chromium.launch(
            headless=True, args=CHROMIUM_ARGS, executable_path=executable
        )
    except Exception as exc:  # playwright raises its own Error type
        where = executable or "Playwright's downloaded chromium"
        _no_browser(f"launching {where} failed: {str(exc).strip().splitlines()[0]}")


_shared: dict = {}  # one Playwright and one Chromium per test session, however many suites


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, shared by every suite that imports this fixture.

    Playwright's sync API drives an asyncio loop in this thread for as long as it is open,
    and refuses a second instance beside it, so other conftests that import this fixture
    must get the same browser, not a new one.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the `playwright` Python package is not installed (pip install playwright)")
    owner = not _shared
    if owner:
        playwright = sync_playwright().start()
        try:
            _shared["browser"] = launch_chromium(playwright)
        except BaseException:
            playwright.stop()
            raise
        _shared["playwright"] = playwright
    try:
        yield _shared["browser"]
    finally:
        if owner:
            _shared.pop("browser").close()
            _shared.pop("playwright").stop()


# --------------------------------------------------------------------------- #
# Server processes (voila today, `nextround serve` later)
# --------------------------------------------------------------------------- #


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """Run an HTTP server command in its own process group.

    ``command`` may contain ``{port}``, which is replaced by a free port.  The
    server's stdout+stderr go to a temp file so a failing test can show them
    (``log()``) without pipes filling up and blocking the server.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
        cwd: str | os.PathLike | None = None,
        ready_path: str = "/",
        startup_timeout: float = 60.0,
    ):
        self.port = port or free_port()
        self.command = [str(c).format(port=self.port) for c in command]
        self.env = {**os.environ, **(env or {})}
        # Every server finds NextRound's Voila template, as in an installed wheel (from a
        # checkout it is only inside the package; the workbooks ask for it by name).
        from nextround.cli import jupyter_data_dir

        self.env["JUPYTER_PATH"] = os.pathsep.join(
            [str(jupyter_data_dir()), *filter(None, [self.env.get("JUPYTER_PATH")])])
        self.cwd = cwd
        self.ready_path = ready_path
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self._log = tempfile.NamedTemporaryFile(
            prefix="server-", suffix=".log", delete=False
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        self.proc = subprocess.Popen(
            self.command,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,  # own process group: stop() also ends kernels
        )
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited with code {self.proc.returncode}\n{self.log()}"
                )
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2):
                    return
            except urllib.error.HTTPError as exc:
                if exc.code < 500:  # e.g. 404/403: the server answers, good enough
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(
            f"server not ready after {self.startup_timeout}s: {self.command}\n{self.log()}"
        )

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout)

    def log(self, tail: int = 200) -> str:
        self._log.flush()
        text = Path(self._log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-tail:])

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def voila_command(notebook_dir: str | os.PathLike, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "voila", str(notebook_dir),
        "--no-browser", "--port={port}", "--Voila.ip=127.0.0.1", *extra,
    ]


def jupyterlab_command(root_dir: str | os.PathLike, state_dir: str | os.PathLike) -> list[str]:
    """JupyterLab without auth, with ``window.jupyterapp`` exposed for tests.

    ``state_dir`` keeps Lab's workspace/settings out of the user's home.
    """
    state = Path(state_dir)
    return [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--port={port}",
        "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
        "--allow-root", "--LabApp.expose_app_in_browser=True",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        f"--LabApp.user_settings_dir={state / 'settings'}",
    ]


@pytest.fixture
def server_process(request) -> Iterator[Callable[..., ServerProcess]]:
    """Factory: ``server_process(command, env=None, **kw)`` -> started server.

    Servers are stopped at teardown; if the test failed, their log is attached
    to the report (shown by ``-ra``/on failure).
    """
    started: list[ServerProcess] = []

    def factory(command: Sequence[str], env: dict[str, str] | None = None, **kw):
        server = ServerProcess(command, env=env, **kw)
        started.append(server)
        return server.start()

    yield factory
    for server in started:
        server.stop()
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            request.node.add_report_section(
                "call", f"server log {server.command[:4]}", server.log()
            )


@pytest.fixture
def voila_server(server_process):
    """Factory: ``voila_server(notebook_dir, env=None)`` -> started ServerProcess."""

    def factory(notebook_dir, env=None, *extra):
        return server_process(voila_command(notebook_dir, *extra), env=env)

    return factory


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


# --------------------------------------------------------------------------- #
# Opening a Voila page
# --------------------------------------------------------------------------- #


@dataclass
class PageReport:
    """What happened while a page loaded (and afterwards, until detached)."""

    errors: list[str] = field(default_factory=list)  # console errors + page errors
    # ipywidgets' front end sometimes logs "widget model not found" for a view of a child
    # that the kernel has just replaced (and closed); the page is otherwise whole. Kept apart
    # so tests see every other error, and so the race stays visible in the report.
    widget_races: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)  # blocked, non-local


# Voila hides #rendered_cells behind the #loading spinner until every cell has
# run and window.voila_finish() was called; the cell outputs are then rendered
# from <script type="application/vnd.voila.cell-output+json"> tags and widget
# views are created asynchronously once the widget manager has the models.
# "Done" therefore means: spinner gone, no unrendered output script left, and
# no widget view still pending.
_VOILA_DONE_JS = """() => {
  if (document.getElementById('loading')) return false;
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none') return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  const views = document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]');
  for (const v of views) { if (!v.firstElementChild) return false; }
  return true;
}"""


def _is_local(url: str) -> bool:
    scheme, host = urlsplit(url)[:2]
    return scheme in ("data", "blob", "about") or host.split(":")[0] in (
        "127.0.0.1", "localhost", "[::1]",
    )


_watched: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def watch_page(page, report: PageReport | None = None) -> PageReport:
    """Record console errors and page errors; answer non-local requests locally.

    Works for any page (Voila, JupyterLab).  Non-local requests (Voila's lab
    template links a CDN stylesheet) get an empty 200 response and are
    recorded, so tests behave the same offline and can assert that nothing of
    ours needs the network.  Calling it again for the same page (e.g. before
    a reload) does not attach the listeners twice; it only switches to
    ``report`` if one is given.
    """
    holder = _watched.get(page)
    if holder is not None:
        if report is not None:
            holder[0] = report
        return holder[0]
    holder = [report or PageReport()]
    _watched[page] = holder

    def on_console(msg):
        if msg.type == "error":
            if "widget model not found" in msg.text:
                holder[0].widget_races.append(msg.text)
            else:
                holder[0].errors.append(f"console: {msg.text}")

    def on_route(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            holder[0].external_requests.append(route.request.url)
            route.fulfill(status=200, body="", content_type="text/css")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: holder[0].errors.append(f"pageerror: {exc}"))
    page.route("**/*", on_route)
    return holder[0]


def open_voila_page(
    page,
    url: str,
    timeout: float = 60.0,
    *,
    ready_selector: str | None = None,
    ready_count: int = 1,
    report: PageReport | None = None,
) -> PageReport:
    """Navigate to a Voila page and wait until it has finished rendering.

    Errors keep being collected into the returned report after this returns
    (e.g. during button clicks); see ``watch_page``.  ``ready_selector`` /
    ``ready_count``: additionally wait until at least that many elements match
    (e.g. one ``.main-svg`` per chart), because widget views that draw
    asynchronously may finish after Voila's own "done".
    """
    report = watch_page(page, report)
    ms = timeout * 1000
    page.goto(url, wait_until="domcontentloaded", timeout=ms)
    page.wait_for_function(_VOILA_DONE_JS, timeout=ms)
    if ready_selector:
        page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length >= n",
            arg=[ready_selector, ready_count],
            timeout=ms,
        )
    return report


def shutdown_voila_kernel(page, server_url: str) -> None:
    """Shut down the kernel behind a Voila page.

    Voila 0.5 keeps a page's kernel alive after the tab closes (its shutdown
    endpoint exists but its front end never calls it), so a test that loads
    many pages would pile up one ~85 MB kernel per load.  The endpoint wants
    an XSRF token; tornado's double-submit check only compares the header with
    the cookie, so any matching pair will do.
    """
    import json

    config = json.loads(page.locator("#jupyter-config-data").text_content())
    token = os.urandom(16).hex()
    request = urllib.request.Request(
        f"{server_url}/voila/api/shutdown/{config['kernelId']}",
        data=b"",
        method="POST",
        headers={"X-XSRFToken": token, "Cookie": f"_xsrf={token}"},
    )
    with urllib.request.urlopen(request, timeout=10):
        pass


# --------------------------------------------------------------------------- #
# Byte counting
# --------------------------------------------------------------------------- #


class ByteCounter:
    """Count bytes transferred by a page, HTTP *and* websocket, via CDP.

    Widget state reaches the browser over the kernel websocket, so counting
    only HTTP responses would miss e.g. JS shipped inside widget state.
    """

    def __init__(self, page):
        self.http = 0
        self.ws_received = 0
        self.ws_sent = 0
        self._cdp = page.context.new_cdp_session(page)
        self._cdp.on("Network.loadingFinished", self._on_finished)
        self._cdp.on("Network.webSocketFrameReceived", self._on_ws_in)
        self._cdp.on("Network.webSocketFrameSent", self._on_ws_out)
        self._cdp.send("Network.enable")

    def _on_finished(self, ev):
        self.http += int(ev.get("encodedDataLength", 0))

    def _on_ws_in(self, ev):
        self.ws_received += len(ev["response"].get("payloadData", ""))

    def _on_ws_out(self, ev):
        self.ws_sent += len(ev["response"].get("payloadData", ""))

    @property
    def total(self) -> int:
        return self.http + self.ws_received + self.ws_sent


# --------------------------------------------------------------------------- #
# The app as a person starts it
# --------------------------------------------------------------------------- #


def serve_nextround(server_process, data_dir) -> "ServerProcess":
    """`nextround serve` on the journal in `data_dir`, started through `server_process`."""
    return server_process([sys.executable, "-m", "nextround.cli", "serve", "--no-browser",
                           "--port", "{port}", "--data", str(data_dir)],
                          startup_timeout=90)


def kernel_pids(kernel_id: str) -> list[int]:
    """The processes of one kernel, found by its id on their command line (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if kernel_id in command and "ipykernel" in command:
            found.append(int(entry.name))
    return found


def page_kernel_id(page) -> str:
    import json

    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def kill_kernel(page) -> None:
    """SIGKILL the kernel behind a Voila page, as a crash or an out-of-memory kill does."""
    if not Path("/proc/self/cmdline").exists():
        pytest.skip("finding a kernel's process needs /proc (Linux)")
    pids = kernel_pids(page_kernel_id(page))
    assert pids, "the page's kernel process was not found"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)


AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """axe-core's violations of WCAG 2.1 A/AA and 2.2 AA (target-size included), one line each.

    axe-core is pinned in tests/browser/package-lock.json (`npm ci --prefix tests/browser`)."""
    if not AXE.exists():
        message = ("axe-core is not installed for the browser tests: run "
                   "`npm ci --prefix tests/browser` (pinned in tests/browser/package.json)")
        if os.environ.get("NEXTROUND_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                rules: {'target-size': {enabled: true}}});
        return result.violations.map(v => `${v.id} (${v.nodes.length}): ` +
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""", AXE_TAGS)


def wait_saved(page, settle_ms: int = 1000) -> None:
    """Every form on the page has written what is on screen.

    After typing, a form says "Unsaved changes…" once the kernel has heard of it, and saves
    when typing pauses; `settle_ms` covers the round trip before that word appears.
    """
    page.wait_for_timeout(settle_ms)
    page.wait_for_function("!document.querySelector('.nr-status-unsaved')", timeout=20_000)


@pytest.fixture(scope="session")
def harness():
    """The helpers above, for tests in other files.

    Test modules should not ``import conftest`` (several conftest.py files share
    that module name); they take this fixture instead::

        def test_x(browser, server_process, harness):
            server = server_process(["nextround", "serve", "--no-browser",
                                     "--port", "{port}", "--data", str(d)])
            page = browser.new_page()
            report = harness.open_voila_page(page, server.url + "/")
            assert report.errors == []
    """
    from types import SimpleNamespace

    return SimpleNamespace(
        ServerProcess=ServerProcess,
        PageReport=PageReport,
        ByteCounter=ByteCounter,
        open_voila_page=open_voila_page,
        watch_page=watch_page,
        shutdown_voila_kernel=shutdown_voila_kernel,
        voila_command=voila_command,
        jupyterlab_command=jupyterlab_command,
        free_port=free_port,
        find_chromium=find_chromium,
        serve=serve_nextround,
        wait_saved=wait_saved,
        kernel_pids=kernel_pids,
        page_kernel_id=page_kernel_id,
        kill_kernel=kill_kernel,
        axe_violations=axe_violations,
    )
