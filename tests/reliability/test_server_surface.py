"""What the server shows a visitor: no tracebacks, no files outside the workbooks, a clear
answer to an oversized upload.

`tests/test_cli.py` checks loopback-only listening and a few plain traversal paths; this file
adds raw (unnormalised, encoded, double-encoded) paths under every static route, including the
template route of the 2024 Voila file-read advisory, a workbook that fails on purpose, and the
restore upload's size limit.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from nextround.cli import _voila_config_dir, workbooks_dir
from nextround.store.journal import Journal

SECRET = "kept-out-of-the-page-4f1c"

TRAVERSALS = [
    "/voila/static/../../../../../../../../etc/passwd",
    "/voila/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/static/%252e%252e/%252e%252e/%252e%252e/etc/passwd",
    "/voila/static//etc/passwd",
    "/voila/templates/lab/static/../../../../../../../../../etc/passwd",
    "/voila/templates/lab/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/templates/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/templates/lab/..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd",
    "/voila/templates//etc/passwd",
    "/voila/files/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/files/..%2fsecret.txt",
    "/voila/files/../secret.txt",
    "/voila/files/data/journal.sqlite3",
    "/voila/files/01_review_and_reflect.ipynb",
    "/voila/render/..%2fsecret.txt",
    "/voila/render/../secret.txt",
    "/voila/tree/..%2f",
    "/static/../../../../etc/passwd",
    "/api/contents/",
    "/api/kernels",
]


def raw_get(port: int, path: str, redirects: int = 3) -> tuple[int, str]:
    """GET `path` exactly as written (no client-side normalisation of `..` or `%2f`),
    following redirects to this server."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        status, body = response.status, response.read().decode("utf-8", "replace")
        location = response.getheader("Location", "")
    finally:
        conn.close()
    if status in (301, 302, 307, 308) and redirects:
        target = urlsplit(location)
        assert target.hostname in (None, "127.0.0.1", "localhost"), location
        return raw_get(port, target.path + (f"?{target.query}" if target.query else ""),
                       redirects - 1)
    return status, body


def failing_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A workbook that breaks"),
        nbformat.v4.new_code_cell("import ipywidgets as w\nw.HTML('before the failure')"),
        nbformat.v4.new_code_cell(
            f"secret_path = '/home/someone/{SECRET}'\n"
            f"raise RuntimeError('cannot open ' + secret_path)"),
        nbformat.v4.new_code_cell("print('after the failure')"),
    ]
    return nb


@pytest.fixture(scope="module")
def served(tmp_path_factory, harness):
    """Voila, configured exactly as `nextround serve` configures it, on a copy of the workbooks
    plus one that fails on purpose; a secret file lies next to the served folder."""
    root = tmp_path_factory.mktemp("surface")
    books = root / "workbooks"
    shutil.copytree(workbooks_dir(), books)
    nbformat.write(failing_notebook(), books / "99_breaks.ipynb")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    data = books / "data"
    Journal.open(data / "journal.sqlite3", create=True).close()
    server = harness.ServerProcess(
        [sys.executable, "-m", "voila", str(books), "--no-browser", "--port={port}",
         "--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={_voila_config_dir()}"],
        env={"NEXTROUND_DATA_DIR": str(data)}, startup_timeout=90)
    server.start()
    yield server
    server.stop()


def test_a_failing_workbook_shows_no_traceback(served):
    status, body = raw_get(served.port, "/voila/render/99_breaks.ipynb")
    assert status == 200
    assert "before the failure" in body  # the page did render up to the failure
    assert SECRET not in body and "RuntimeError" not in body
    assert "Traceback" not in body and "secret_path" not in body  # no traceback, no source
    assert "raise " not in body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_the_workbooks_is_served(served, path):
    status, body = raw_get(served.port, path)
    refused = {400, 403, 404, 405}
    if path.startswith("/voila/templates/"):
        # Voila's template route (the one the 2024 advisory was about) refuses a path outside
        # its templates with an assertion since its fix: a bare 500 page, no file, no traceback.
        refused.add(500)
    assert status in refused, (path, status, body[:200])
    assert "Traceback" not in body and "AssertionError" not in body
    assert "root:" not in body and SECRET not in body
    assert "SQLite format" not in body and "nbformat" not in body


def test_the_upload_limit_is_a_message_not_a_dropped_connection(tmp_path):
    # The kernel side of the Start here upload: a file over the limit is refused in words,
    # and nothing is written. (The browser's websocket allows far larger messages than the
    # limit: voila.json sets websocket_max_message_size, checked below.)
    from nextround.documents.backup import MAX_BACKUP_BYTES
    from nextround.ui.start import RestoreBackup

    config = json.loads((_voila_config_dir() / "voila.json").read_text(encoding="utf-8"))
    assert config["Voila"]["tornado_settings"]["websocket_max_message_size"] > 2 * MAX_BACKUP_BYTES
    assert config["VoilaConfiguration"]["show_tracebacks"] is False

    with Journal.open(tmp_path / "data" / "journal.sqlite3", create=True) as journal:
        journal.add("processes", company="Acme")
        restore = RestoreBackup(journal)
        changes = journal._conn.total_changes
        big = b" " * (MAX_BACKUP_BYTES + 1)
        restore.upload.value = ({"name": "huge.json", "type": "application/json",
                                 "size": len(big), "content": memoryview(big),
                                 "last_modified": dt.datetime.now(dt.timezone.utc)},)
        assert "not restored" in restore.message.value
        assert "huge.json" in restore.message.value and "larger than" in restore.message.value
        assert "nr-notice-error" in restore.message._dom_classes
        assert restore.actions.children == ()
        assert restore.upload.value == ()  # the same file may be chosen again
        assert journal._conn.total_changes == changes
        assert [r["company"] for r in journal.rows("processes")] == ["Acme"]
