"""Charts made while a notebook runs are drawn after the run, and never race the browser.

These tests drive a real IPython kernel the way Voila does: cells run one after another, then
the browser opens the "jupyter.widget.control" comm and asks for every widget's state.
"""

from __future__ import annotations

import time
import uuid

import pytest
from jupyter_client.manager import KernelManager

PLOTLY_MIME = "application/vnd.plotly.v1+json"

SETUP = """
import time
from nextround.journal import Journal
from nextround.ui import kit
import plotly.graph_objects as go

journal = Journal.open(JOURNAL, create=True)
built = []

def build():
    built.append(time.monotonic())
    return go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "Two bars."
"""


@pytest.fixture
def kernel(tmp_path):
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    run(client, f"JOURNAL = {str(tmp_path / 'journal.sqlite3')!r}\n" + SETUP)
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


def test_a_chart_made_in_a_cell_waits_then_draws_after_the_run(kernel):
    out = run(kernel, "panel = kit.ChartPanel('Bars', build, journal, {'processes'})\n"
                      "print(panel.shown, len(built), panel.view.message)")
    assert out.split()[:2] == ["pending", "0"]
    assert "Drawing the chart" in out
    time.sleep(kit_quiet() + 1.5)  # no cell runs: the kernel's loop draws the queue
    out = run(kernel, "print(panel.shown, len(built), bool(panel.view.figure_spec))")
    assert out.split() == ["figure", "1", "True"]


def test_the_browser_state_request_draws_what_is_still_waiting(kernel):
    # Several charts are made and the browser asks at once, before the quiet time is over.
    run(kernel, "kit.later_charts.QUIET = 30\n"
                "panels = [kit.ChartPanel(f'Bars {i}', build, journal, {'processes'}) "
                "for i in range(3)]\n"
                "assert [p.shown for p in panels] == ['pending'] * 3")
    states = request_states(kernel)
    drawn = [o for o in chart_outputs(states) if o and PLOTLY_MIME in o[0]["data"]]
    assert len(drawn) == 3
    messages = [s["state"]["value"] for s in states.values()
                if s["model_name"] == "HTMLModel" and "Drawing the chart" in s["state"]["value"]]
    assert messages == []
    assert run(kernel, "print([p.shown for p in panels], len(built))").strip() == \
        "['figure', 'figure', 'figure'] 3"
    # Asking again (a second tab on the same kernel, a reconnect) works the same.
    assert len(chart_outputs(request_states(kernel))) >= 3


def test_a_chart_made_in_a_widget_callback_draws_at_once(kernel):
    out = run(kernel, """
import ipywidgets as widgets
made = []
button = widgets.Button()
button.on_click(lambda _b: made.append(kit.ChartPanel('Bars', build, journal, {'processes'})))
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
panel = kit.ChartPanel('Processes', count, journal, {'processes'})
from nextround import processes
processes.add_process(journal, 'Northwind', 'Analyst')
print(panel.shown, len(counts))
kit.later_charts.flush()
print(panel.shown, counts, panel in kit.later_charts.pending)
""")
    assert out.split("\n")[:2] == ["pending 0", "figure [1] False"]


def test_outside_a_kernel_charts_draw_at_once(tmp_path):
    import plotly.graph_objects as go

    from nextround.journal import Journal
    from nextround.ui import kit

    journal = Journal.open(tmp_path / "j.sqlite3", create=True)
    panel = kit.ChartPanel("Bars", lambda: (go.Figure(go.Bar(x=[1], y=[2])), "One bar."),
                           journal, {"processes"})
    assert panel.shown == "figure"
    assert kit.later_charts.pending == []


def kit_quiet() -> float:
    from nextround.ui import kit

    return kit.LaterCharts.QUIET


def test_a_burst_of_saves_redraws_a_drawn_chart_once_when_it_settles(kernel):
    run(kernel, "kit.later_charts.QUIET = 0.1\n"
                "panel = kit.ChartPanel('Bars', build, journal, {'processes'})")
    time.sleep(1.0)
    assert run(kernel, "print(panel.shown, len(built))").split() == ["figure", "1"]
    out = run(kernel, """
from nextround import processes
for name in ('Northwind', 'Lumen', 'Quanta'):
    processes.add_process(journal, name, 'Analyst')
print(len(built))
""")
    assert out.strip() == "1"  # nothing redrawn while the saves keep coming
    time.sleep(kit_settle() + 1.0)
    assert run(kernel, "print(len(built))").strip() == "2"
    # The report asks for the drawing now: a redraw still waiting happens at once.
    out = run(kernel, "processes.add_process(journal, 'Helix', 'Analyst')\n"
                      "panel.draw_if_pending()\n"
                      "print(len(built))")
    assert out.strip() == "3"


def kit_settle() -> float:
    from nextround.ui import kit

    return kit.ChartPanel.SETTLE
