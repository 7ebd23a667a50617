"""The `nextround` command, run as a person runs it: a real process, its output, its exit code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nextround import Journal
from nextround.cli import build_parser
from nextround.store.schema import TABLE_ORDER

ROOT = Path(__file__).parents[1]


def nextround(*args: str, cwd: Path | None = None, env: dict | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "NEXTROUND_DATA_DIR"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "nextround.cli", *args], cwd=cwd,
                          capture_output=True, text=True, env=full_env, timeout=timeout)


def test_where_follows_data_then_environment(tmp_path):
    out = nextround("where", "--data", str(tmp_path / "a"))
    assert out.stdout.strip() == str(tmp_path / "a" / "journal.sqlite3")
    out = nextround("where", env={"NEXTROUND_DATA_DIR": str(tmp_path / "b")})
    assert out.stdout.strip() == str(tmp_path / "b" / "journal.sqlite3")


def test_demo_backup_restore_backup_gives_the_same_document(tmp_path):
    d, e = tmp_path / "d", tmp_path / "e"
    assert nextround("demo", "--data", str(d)).returncode == 0
    assert nextround("backup", "--data", str(d), "-o", str(tmp_path / "b.json")).returncode == 0
    out = nextround("restore", str(tmp_path / "b.json"), "--data", str(e))
    assert out.returncode == 0, out.stderr
    assert nextround("backup", "--data", str(e), "-o", str(tmp_path / "c.json")).returncode == 0
    first = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    assert len(first["tables"]["processes"]) == 11  # the demo's eleven


def test_demo_refuses_a_journal_with_entries(tmp_path):
    assert nextround("demo", "--data", str(tmp_path)).returncode == 0
    before = (tmp_path / "journal.sqlite3").read_bytes()
    out = nextround("demo", "--data", str(tmp_path))
    assert out.returncode == 1
    assert "already has entries" in out.stderr
    assert "Traceback" not in out.stderr


def test_restore_refuses_a_journal_with_entries_unless_replace(tmp_path):
    nextround("demo", "--data", str(tmp_path / "d"))
    nextround("backup", "--data", str(tmp_path / "d"), "-o", str(tmp_path / "b.json"))
    out = nextround("restore", str(tmp_path / "b.json"), "--data", str(tmp_path / "d"))
    assert out.returncode == 1 and "--replace" in out.stderr
    out = nextround("restore", str(tmp_path / "b.json"), "--data", str(tmp_path / "d"), "--replace")
    assert out.returncode == 0, out.stderr
    kept = re.search(r"kept as (.+)$", out.stdout.strip()).group(1)
    assert Path(kept).exists()


@pytest.mark.parametrize("content, expected", [
    (b"{not json", "JSON"),
    (b'{"format": "something else"}', "format"),
    (b"", ""),
])
def test_restore_refuses_a_bad_backup_and_leaves_the_journal(tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    out = nextround("restore", str(bad), "--data", str(tmp_path / "e"))
    assert out.returncode == 1
    assert expected in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    journal_file = tmp_path / "e" / "journal.sqlite3"
    assert not journal_file.exists() or Journal.open(journal_file).is_empty()


def test_commands_on_a_missing_journal_fail_in_one_line(tmp_path):
    for args in (["backup", "-o", str(tmp_path / "x.json")], ["csv", "-o", str(tmp_path / "c")]):
        out = nextround(*args, "--data", str(tmp_path / "nowhere"))
        assert out.returncode == 1
        assert "No journal at" in out.stderr and "Traceback" not in out.stderr
        assert not (tmp_path / "nowhere").exists()


def test_a_file_that_is_not_a_journal_is_named_and_left_alone(tmp_path):
    (tmp_path / "journal.sqlite3").write_text("my shopping list", encoding="utf-8")
    out = nextround("backup", "--data", str(tmp_path), "-o", str(tmp_path / "x.json"))
    assert out.returncode == 1
    assert str(tmp_path / "journal.sqlite3") in out.stderr
    assert (tmp_path / "journal.sqlite3").read_text(encoding="utf-8") == "my shopping list"


def test_csv_writes_one_file_per_kind(tmp_path):
    nextround("demo", "--data", str(tmp_path))
    out = nextround("csv", "--data", str(tmp_path), "-o", str(tmp_path / "csv"))
    assert out.returncode == 0, out.stderr
    names = {p.name for p in (tmp_path / "csv").iterdir()}
    # The demo fills every kind of entry; settings are not entries.
    assert names == {f"{table}.csv" for table in TABLE_ORDER if table != "settings"}


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        assert f"nextround {name}" in readme, f"`nextround {name}` is not in the README"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    test_line = block.strip().splitlines()[1].split("#")[0].strip()
    assert test_line in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------- serve
def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`nextround serve` on a demo journal, as a person starts it."""
    import socket

    data = tmp_path_factory.mktemp("served")
    assert nextround("demo", "--data", str(data)).returncode == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "nextround.cli", "serve", "--no-browser", "--port", str(port),
         "--data", str(data)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield base, data
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


def test_serve_renders_workbook_one_without_traceback(served):
    base, _ = served
    status, body = _get(f"{base}/voila/render/01_review_and_reflect.ipynb")
    assert status == 200
    assert "Review and reflect" in body
    assert "Traceback" not in body


def _listening_addresses(port: int) -> list[str]:
    """Local addresses listening on `port`, read from the kernel's socket tables (Linux)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, _remote, state = line.split()[1:4]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_serve_listens_on_loopback_only(served):
    base, _ = served
    port = int(base.rsplit(":", 1)[1])
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system to list listening sockets")
    addresses = _listening_addresses(port)
    assert addresses, "the server is not listening"
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1
    assert set(addresses) <= loopback, addresses


@pytest.mark.parametrize("path", [
    "/voila/static/../../../../etc/passwd",
    "/voila/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/etc/passwd",
    "/voila/files/../../../etc/passwd",
    "/voila/files/journal.sqlite3",
    "/voila/files/01_review_and_reflect.ipynb",
])
def test_serve_does_not_hand_out_files(served, path):
    base, _ = served
    status, body = _get(base + path)
    assert status in (403, 404), (path, status)
    assert "root:" not in body
