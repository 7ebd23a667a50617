"""A real JupyterHub on this machine, run with deploy/one-machine's own configuration.

The hub loads deploy/one-machine/jupyterhub_config.py itself and overrides only what a test
must: its ports, where its database, cookie secret and proxy token live (a temporary folder),
the group and folder names (unique per run), and a short idle-cull timeout. Participants and
the coach are real system users made by deploy/one-machine/cohort-setup (tests run as root);
they, their homes and their groups are removed afterwards.

Environment:
    NEXTROUND_HUB_PARTICIPANTS  how many people sign in (5 by default, 30 for the full figures)
    NEXTROUND_HUB_BATCH         how many of them work at the same time (5)
    NEXTROUND_REQUIRE_HUB=1     fail instead of skip when the hub cannot run here (CI)
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser.conftest import browser, harness  # noqa: F401 (fixtures shared with tests/browser)

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "one-machine"
SETUP = DEPLOY / "cohort-setup"
CULL_TIMEOUT = 60  # seconds; the real configuration's is 30 minutes
CULL_EVERY = 10
LAST_ACTIVITY_INTERVAL = 10


def _cannot_run(reason: str):
    if os.environ.get("NEXTROUND_REQUIRE_HUB") == "1":
        pytest.fail(f"The hub tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"The hub tests cannot run: {reason}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_as(user: str, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command as another system user, with that user's identity and groups only."""
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True,
                          text=True, timeout=kwargs.pop("timeout", 120), **kwargs)


def uid_processes(uid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    pids.append(int(entry))
    return pids


def kill_user_processes(uid: int) -> None:
    for _ in range(20):
        pids = uid_processes(uid)
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)


def _reachable_by_everyone(paths: list[Path]) -> list[tuple[Path, int]]:
    """Give every folder above these paths the search bit for others (never read), so that the
    participants can run this Python and import this checkout; return what to put back."""
    changed = []
    for path in paths:
        for folder in [path, *path.parents]:
            mode = folder.stat().st_mode
            if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
                os.chmod(folder, stat.S_IMODE(mode) | stat.S_IXOTH)
                changed.append((folder, stat.S_IMODE(mode)))
    return changed


@dataclass
class Person:
    name: str
    password: str

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.name).pw_uid

    @property
    def home(self) -> Path:
        return Path(pwd.getpwnam(self.name).pw_dir)

    @property
    def journal(self) -> Path:
        return self.home / ".local" / "share" / "nextround" / "journal.sqlite3"


@dataclass
class Hub:
    url: str
    base: Path
    cohort_dir: Path
    env: dict
    coach: Person
    prefix: str = ""
    participants: list[Person] = field(default_factory=list)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    def setup(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([str(SETUP), *args], capture_output=True, text=True,
                                env=self.env, timeout=600)
        assert result.returncode == 0, f"cohort-setup {' '.join(args)}:\n{result.stderr}"
        return result

    def add_people(self, names: list[str]) -> list[Person]:
        out = self.setup("add", *names).stdout.split("\n")
        people = [Person(*line.split()) for line in out if line.strip()]
        self.participants.extend(people)
        return people

    def log(self, tail: int = 150) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path else ""
        return "\n".join(text.splitlines()[-tail:])

    def server_running(self, person: Person) -> bool:
        """The participant's Jupyter Server is up (a process of theirs runs jupyterhub-singleuser)."""
        for pid in uid_processes(person.uid):
            with contextlib.suppress(OSError):
                if b"jupyterhub-singleuser" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return True
        return False


def _test_config(base: Path, port: int, groups: tuple[str, str], cohort: Path) -> Path:
    hub_dir = base / "hub"
    token = secrets.token_hex(32)
    (hub_dir / "proxy_token").write_text(token)
    config = hub_dir / "jupyterhub_config.py"
    config.write_text(f"""\
# deploy/one-machine's configuration, with only what a test must change.
load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})

c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.auth_token = {token!r}
c.ConfigurableHTTPProxy.pid_file = {str(hub_dir / 'jupyterhub-proxy.pid')!r}
c.JupyterHub.db_url = {'sqlite:///' + str(hub_dir / 'jupyterhub.sqlite')!r}
c.JupyterHub.cookie_secret_file = {str(hub_dir / 'jupyterhub_cookie_secret')!r}
c.PAMAuthenticator.allowed_groups = {set(groups)!r}
c.Spawner.environment = {{**c.Spawner.environment, "NEXTROUND_COHORT_DIR": {str(cohort)!r}}}
c.JupyterHub.last_activity_interval = {LAST_ACTIVITY_INTERVAL}
for service in c.JupyterHub.services:
    if service["name"] == "jupyterhub-idle-culler-service":
        service["command"] = [a for a in service["command"]
                              if not a.startswith(("--timeout=", "--cull-every="))]
        service["command"] += ["--timeout={CULL_TIMEOUT}", "--cull-every={CULL_EVERY}"]
""")
    return config


def _preflight() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        _cannot_run("they make real system users and must run as root")
    for tool in ("useradd", "userdel", "groupdel", "runuser", "chpasswd"):
        if shutil.which(tool) is None:
            _cannot_run(f"{tool} is not installed")
    if shutil.which("configurable-http-proxy") is None:
        _cannot_run("configurable-http-proxy is not on PATH "
                    "(npm install -g configurable-http-proxy@5.3.0)")
    for module in ("jupyterhub", "jupyterhub_idle_culler", "pamela"):
        try:
            __import__(module)
        except ImportError:
            _cannot_run(f"the Python package {module} is not installed (pip install -e '.[test]')")
    if not Path(sys.executable).with_name("jupyterhub-singleuser").exists():
        _cannot_run(f"jupyterhub-singleuser is not beside {sys.executable}")


@pytest.fixture(scope="module")
def hub():
    """A running hub with a coach; `hub.add_people(names)` makes participants."""
    _preflight()
    run = secrets.token_hex(3)
    prefix = f"nr{run}"
    groups = (f"{prefix}p", f"{prefix}c")
    base = Path(tempfile.mkdtemp(prefix="nextround-hub-"))
    os.chmod(base, 0o711)  # participants reach the drop box inside; nothing else
    (base / "hub").mkdir(mode=0o700)
    cohort = base / "cohort"
    env = {**os.environ, "PARTICIPANTS_GROUP": groups[0], "COACHES_GROUP": groups[1],
           "COHORT_DIR": str(cohort), "HUB_STATE": str(base / "hub"), "PYTHON": sys.executable}
    import nextround

    restore = _reachable_by_everyone([Path(sys.executable).resolve().parent,
                                      Path(nextround.__file__).resolve().parent, DEPLOY])
    hub = Hub(url="", base=base, cohort_dir=cohort, env=env, coach=Person(f"{prefix}coach", ""),
              prefix=prefix)
    try:
        init = hub.setup("init", hub.coach.name)
        hub.coach.password = init.stdout.split()[1]
        port = free_port()
        config = _test_config(base, port, groups, cohort)
        hub.url = f"http://127.0.0.1:{port}"
        hub.log_path = base / "hub" / "jupyterhub.log"
        with open(hub.log_path, "wb") as log:
            hub.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=base / "hub",
                env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            if hub.process.poll() is not None:
                pytest.fail(f"the hub exited with code {hub.process.returncode}:\n{hub.log()}")
            try:
                with urllib.request.urlopen(f"{hub.url}/hub/health", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the hub did not answer within 120 s:\n{hub.log()}")
                time.sleep(0.5)
        yield hub
    finally:
        if hub.process is not None and hub.process.poll() is None:
            os.killpg(hub.process.pid, signal.SIGTERM)  # the hub stops every server it started
            try:
                hub.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(hub.process.pid, signal.SIGKILL)
                hub.process.wait(30)
        for person in [hub.coach, *hub.participants]:
            with contextlib.suppress(KeyError):
                kill_user_processes(person.uid)
            subprocess.run(["userdel", "--remove", person.name], capture_output=True)
        for group in groups:
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        for folder, mode in reversed(restore):
            os.chmod(folder, mode)
