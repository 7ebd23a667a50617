"""Charts made while a notebook runs are drawn after the run, and never race the browser.

These tests drive a real IPython kernel the way Voila does: cells run one after another, then
the browser opens the "jupyter.widget.control" comm and asks for every widget's state.
"""

from __future__ import annotations

import time
import uuid

import pytest
from jupyter_client.manager import KernelManager

from chart_specs import coaching_with, registered, words_from
from nextround.ui import kit

PLOTLY_MIME = "application/vnd.plotly.v1+json"

SETUP = """
import os, time
os.environ["NEXTROUND_COACHING"] = COACHING
from nextround.store.journal import Journal
from nextround.specs.registry import ChartSpec, Drawing, register
from nextround.ui import kit
import plotly.graph_objects as go

journal = Journal.open(JOURNAL, create=True)
built = []

def build():
    built.append(time.monotonic())
    return go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "Two bars."

def spec(name, draw=build):
    return register(ChartSpec("review", name, frozenset({"processes"}),
                              lambda _context: Drawing(*draw()), on_progress=False))
"""


@pytest.fixture
def kernel(tmp_path):
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    run(client, f"JOURNAL = {str(tmp_path / 'journal.sqlite3')!r}\n"
                f"COACHING = {str(coaching_with(tmp_path))!r}\n" + SETUP)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str) -> str:
    """Execute one cell; its printed output. Fails on an error."""
    msg_id = client.execute(code)
    printed = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            printed.append(content["text"])
        elif kind == "error":
            raise AssertionError("\n".join(content["traceback"]))
        elif kind == "status" and content["execution_state"] == "idle":
            return "".join(printed)


def request_states(client) -> dict:
    """What the browser does on load: open the control comm and ask for every state."""
    comm_id = uuid.uuid4().hex
    session = client.session
    client.shell_channel.send(session.msg("comm_open", {
        "comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
        metadata={"version": "1.0.0"}))
    client.shell_channel.send(session.msg("comm_msg", {
        "comm_id": comm_id, "data": {"method": "request_states"}}))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        msg = client.get_iopub_msg(timeout=60)
        content = msg["content"]
        if (msg["msg_type"] == "comm_msg" and content.get("comm_id") == comm_id
                and content["data"].get("method") == "update_states"):
            return content["data"]["states"]
    raise AssertionError("no update_states reply")


def chart_outputs(states: dict) -> list[tuple]:
    return [s["state"]["outputs"] for s in states.values()
            if s["model_name"] == "OutputModel" and s["state"].get("outputs") is not None]


def display(client, model_id: str) -> None:
    """What the browser says when it displays a widget whose views it was asked to count."""
    client.shell_channel.send(client.session.msg("comm_msg", {
        "comm_id": model_id,
        "data": {"method": "update", "state": {"_view_count": 1}, "buffer_paths": []}}))


def wait_for(client, code: str, expected: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        out = run(client, code).strip()
        if out == expected or time.monotonic() > deadline:
            return out
        time.sleep(0.2)


def test_a_chart_made_in_a_cell_is_computed_after_the_run_and_shown_once_seen(kernel):
    out = run(kernel, "panel = kit.ChartPanel(spec('bars'), journal)\n"
                      "print(panel.shown, len(built), panel.view.message)")
    assert out.split()[:2] == ["pending", "0"]
    assert "Drawing the chart" in out
    # Nobody displays it: after the quiet time the kernel computes it, but sends nothing.
    # (Every cell run postpones that, so look only once the kernel had its quiet time.)
    time.sleep(kit.LaterCharts.QUIET + 2)
    assert run(kernel, "print(len(built))").strip() == "1"
    assert run(kernel, "from nextround.ui.widget_internals import view_count\n"
                       "print(panel.shown, view_count(panel.view))").split() == ["pending", "0"]
    # The browser displays the chart's widget: the drawing computed earlier is sent.
    display(kernel, run(kernel, "print(panel.view.model_id)").strip())
    assert wait_for(kernel, "print(panel.shown)", "figure") == "figure"
    assert run(kernel, "print(len(built), bool(panel.view.figure_spec), panel.view.message == '')"
               ).split() == ["1", "True", "True"]


def test_the_first_state_the_browser_receives_holds_no_update_to_lose(kernel):
    # The page's state goes out with every chart still waiting; each drawing follows only
    # once the browser shows that it knows the chart's widget.
    run(kernel, "panels = [kit.ChartPanel(spec(f'bars_{i}'), journal) "
                "for i in range(3)]")
    states = request_states(kernel)
    assert [o for o in chart_outputs(states) if o] == []
    views = [s for s in states.values() if s["state"].get("_view_count") == 0]
    assert len(views) == 3  # the browser is asked to say when it displays each chart
    for model_id in run(kernel, "print(' '.join(p.view.model_id for p in panels))").split():
        display(kernel, model_id)
    assert wait_for(kernel, "print([p.shown for p in panels])",
                    "['figure', 'figure', 'figure']") == "['figure', 'figure', 'figure']"
    assert len([o for o in chart_outputs(request_states(kernel)) if o]) == 3


def test_a_chart_made_in_a_widget_callback_draws_at_once(kernel):
    out = run(kernel, """
import ipywidgets as widgets
made = []
button = widgets.Button()
button.on_click(lambda _b: made.append(kit.ChartPanel(spec('bars'), journal)))
print('ready')
""")
    assert out.strip() == "ready"
    # A click arrives as a comm message, not as a cell.
    comm_id = run(kernel, "print(button.model_id)").strip()
    kernel.shell_channel.send(kernel.session.msg("comm_msg", {
        "comm_id": comm_id, "data": {"method": "custom", "content": {"event": "click"}}}))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if run(kernel, "print(len(made))").strip() == "1":
            break
        time.sleep(0.2)
    assert run(kernel, "print(made[0].shown)").strip() == "figure"


def test_a_waiting_chart_is_drawn_once_from_the_journal_as_it_is_then(kernel):
    out = run(kernel, """
kit.later_charts.QUIET = 30
counts = []
def count():
    counts.append(journal.count('processes'))
    return build()
panel = kit.ChartPanel(spec('bars', count), journal)
from nextround.store import processes
processes.add_process(journal, 'Northwind', 'Analyst')
print(panel.shown, len(counts))
kit.later_charts.flush()
print(panel.shown, counts, panel in kit.later_charts.pending)
""")
    assert out.split("\n")[:2] == ["pending 0", "figure [1] False"]


def test_outside_a_kernel_charts_draw_at_once(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    from nextround.specs.registry import ChartSpec, Drawing
    from nextround.store.journal import Journal

    journal = Journal.open(tmp_path / "j.sqlite3", create=True)
    bars = ChartSpec("review", "bars", frozenset({"processes"}),
                     lambda _c: Drawing(go.Figure(go.Bar(x=[1], y=[2])), "One bar."),
                     on_progress=False)
    with words_from(monkeypatch, coaching_with(tmp_path)), registered(bars):
        panel = kit.ChartPanel(bars, journal)
        assert panel.shown == "figure" and panel.title == "Bars"
        assert kit.later_charts.pending == []


def test_a_burst_of_saves_redraws_a_drawn_chart_once_when_it_settles(kernel):
    run(kernel, "panel = kit.ChartPanel(spec('bars'), journal)")
    assert run(kernel, "kit.later_charts.flush()\n"
                       "print(panel.shown, len(built))").split() == ["figure", "1"]
    out = run(kernel, """
from nextround.store import processes
for name in ('Northwind', 'Lumen', 'Quanta'):
    processes.add_process(journal, name, 'Analyst')
print(len(built))
""")
    assert out.strip() == "1"  # nothing redrawn while the saves keep coming
    time.sleep(kit.ChartPanel.SETTLE + 1.0)
    assert run(kernel, "print(len(built))").strip() == "2"
    # A save then waits for the saves to settle again, and is drawn once.
    run(kernel, "processes.add_process(journal, 'Helix', 'Analyst')")
    time.sleep(kit.ChartPanel.SETTLE + 1.0)
    assert run(kernel, "print(len(built))").strip() == "3"
