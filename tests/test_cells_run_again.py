"""Running a workbook's cells again in one kernel (as in JupyterLab) replaces what they showed:
the journal is heard by as many widgets after five runs as after one."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import KernelManager

WORKBOOKS = sorted((Path(__file__).parents[1] / "workbooks").glob("[0-9]*.ipynb"))

COUNT = """
from nextround.ui.kit.page import Page
pages = Page.open_pages()
print(len(pages), sum(page.journal.listener_count for page in pages))
"""


def run(client, code: str) -> str:
    msg_id = client.execute(code)
    printed = []
    while True:
        msg = client.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            printed.append(content["text"])
        elif kind == "error":
            raise AssertionError("\n".join(content["traceback"]))
        elif kind == "status" and content["execution_state"] == "idle":
            return "".join(printed)


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(tmp_path / "data"))
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    run(client, "from nextround.demo import write_demo\nfrom nextround.store.journal import "
                "open_journal\nwith open_journal() as j:\n    write_demo(j)\n")
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_running_every_cell_five_times_leaves_the_subscriptions_of_one_run(kernel, notebook):
    cells = [c.source for c in nbformat.read(notebook, 4).cells if c.cell_type == "code"]
    counts = []
    for _ in range(5):
        for source in cells:
            run(kernel, source)
        counts.append(run(kernel, COUNT).strip())
    pages, listeners = counts[0].split()
    assert pages == "1" and int(listeners) > 0
    assert counts == [counts[0]] * 5
