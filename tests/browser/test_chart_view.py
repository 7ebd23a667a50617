"""ChartView in a real Voila page, driven by Chromium."""

from __future__ import annotations

import os

import nbformat
import pytest

pytestmark = pytest.mark.browser

CHARTS_NOTEBOOK = [
    """\
import ipywidgets as widgets
import plotly.graph_objects as go
from nextround.ui.kit.chart_view import ChartView

def bars(name, ys):
    return go.Figure(go.Bar(x=["a", "b", "c"], y=ys, name=name), layout={"title": name})
""",
    """\
# Three charts drawn during the notebook's first run, plus one message view.
views = [ChartView() for _ in range(3)]
for i, view in enumerate(views):
    view.show(bars(f"chart {i}", [i + 1, i + 2, i + 3]))
message = ChartView(height=200)
message.show_message("Add a second process <script>window.pwned = 1</script> to see this chart")

def redraw(_):
    views[2].show(bars("redrawn", [101, 202, 303]))
    message.show(bars("was a message", [7, 8, 9]))

button = widgets.Button(description="Redraw")
button.on_click(redraw)
display(widgets.VBox([*views, message, button]))
""",
]

BARE_NOTEBOOK = [
    """\
import ipywidgets as widgets
labels = [widgets.Label(f"chart {i}") for i in range(3)]
button = widgets.Button(description="Redraw")
button.on_click(lambda _: setattr(labels[2], "value", "redrawn"))
display(widgets.VBox([*labels, button]))
""",
]

# Voila's own "lab" template links Font Awesome from a CDN; the harness answers
# it with an empty stylesheet.  Nothing else may leave the machine.
TEMPLATE_CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/"

# Per chart container: does it hold a drawn plotly SVG, and what y data.
CHART_STATE_JS = """() => [...document.querySelectorAll('.nextround-chart')].map(c => {
  const gd = c.querySelector('.js-plotly-plot');
  return {
    svg: !!c.querySelector('.js-plotly-plot .main-svg'),
    y: gd && gd._fullData && gd._fullData[0] ? Array.from(gd._fullData[0].y) : null,
    text: c.innerText,
  };
})"""


def write_notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nbformat.write(nb, path)


@pytest.fixture
def notebook_dir(tmp_path):
    write_notebook(tmp_path / "charts.ipynb", CHARTS_NOTEBOOK)
    write_notebook(tmp_path / "bare.ipynb", BARE_NOTEBOOK)
    return tmp_path


def open_charts(page, harness, url, timeout=60.0):
    return harness.open_voila_page(
        page,
        url + "/voila/render/charts.ipynb",
        timeout=timeout,
        ready_selector=".nextround-chart .js-plotly-plot .main-svg",
        ready_count=3,
    )


def check_first_run(page, report):
    charts = page.evaluate(CHART_STATE_JS)
    assert [c["svg"] for c in charts] == [True, True, True, False]
    assert [c["y"] for c in charts[:3]] == [[1, 2, 3], [2, 3, 4], [3, 4, 5]]
    assert "Add a second process <script>window.pwned = 1</script> to see this chart" in charts[3]["text"]
    assert page.evaluate("window.pwned") is None
    assert report.errors == []
    assert [u for u in report.external_requests if not u.startswith(TEMPLATE_CDN)] == []


def test_charts_render_and_redraw(browser, voila_server, harness, notebook_dir):
    server = voila_server(notebook_dir)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        report = open_charts(page, harness, server.url)
        check_first_run(page, report)

        page.get_by_role("button", name="Redraw").click()
        page.wait_for_function(
            f"() => {{ const s = ({CHART_STATE_JS})(); "
            "return s[2].y && s[2].y.join() === '101,202,303' && s[3].svg; }",
            timeout=30_000,
        )
        charts = page.evaluate(CHART_STATE_JS)
        assert [c["y"] for c in charts] == [[1, 2, 3], [2, 3, 4], [101, 202, 303], [7, 8, 9]]
        assert "Add a second process" not in charts[3]["text"]
        # Each view holds exactly one plot: the redraw replaced, not appended.
        assert page.locator(".nextround-chart .js-plotly-plot").count() == 4
        page.wait_for_timeout(1000)  # late errors (e.g. the renderer's PNG snapshot)
        assert report.errors == []
    finally:
        context.close()


def test_page_weight_close_to_bare_widgets_page(browser, voila_server, harness, notebook_dir):
    server = voila_server(notebook_dir)
    totals = {}
    for name, ready in (("bare", ".widget-button"), ("charts", ".main-svg")):
        context = browser.new_context()
        page = context.new_page()
        counter = harness.ByteCounter(page)
        report = harness.open_voila_page(
            page, f"{server.url}/voila/render/{name}.ipynb",
            ready_selector=ready, ready_count=1 if name == "bare" else 3,
        )
        page.wait_for_timeout(1500)  # let trailing requests/frames finish
        totals[name] = (counter.http, counter.ws_received, counter.ws_sent)
        assert report.errors == []
        context.close()
    bare, charts = sum(totals["bare"]), sum(totals["charts"])
    print(
        f"\nbytes (http, ws in, ws out): bare={totals['bare']} total={bare:,}; "
        f"charts={totals['charts']} total={charts:,}; ratio={charts / bare:.3f}"
    )
    assert charts <= 1.5 * bare


# Runs all cells once the kernel is connected (running earlier can silently
# drop the request while the session is still starting).
RUN_ALL_JS = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const connected = () => panel.sessionContext.session?.kernel?.connectionStatus === 'connected';
  while (!connected()) await new Promise(r => setTimeout(r, 200));
  await window.jupyterapp.commands.execute('notebook:run-all-cells');
}"""


def test_charts_in_jupyterlab(browser, server_process, harness, notebook_dir, tmp_path_factory):
    state = tmp_path_factory.mktemp("lab-state")
    server = server_process(harness.jupyterlab_command(notebook_dir, state))
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    try:
        page = context.new_page()
        report = harness.watch_page(page)
        page.goto(server.url + "/lab/tree/charts.ipynb")
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext",
            timeout=60_000,
        )
        page.evaluate(RUN_ALL_JS)
        page.wait_for_function(
            "() => document.querySelectorAll('.nextround-chart .main-svg').length >= 3",
            timeout=60_000,
        )
        check_first_run(page, report)
        page.get_by_role("button", name="Redraw").click()
        page.wait_for_function(
            f"() => {{ const s = ({CHART_STATE_JS})(); "
            "return s[2].y && s[2].y.join() === '101,202,303' && s[3].svg; }",
            timeout=30_000,
        )
        page.wait_for_timeout(1000)
        assert report.errors == []
    finally:
        context.close()


@pytest.mark.slow
def test_repeated_loads_never_hang(browser, voila_server, harness, notebook_dir):
    loads = int(os.environ.get("NEXTROUND_LOADS", "10"))
    server = voila_server(notebook_dir)
    failures = []
    for i in range(loads):
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        try:
            report = open_charts(page, harness, server.url)
            page.wait_for_timeout(500)  # late errors (e.g. the renderer's PNG snapshot)
            check_first_run(page, report)
        except Exception as exc:  # a timeout here is the hang we are guarding against
            failures.append(f"load {i}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        finally:
            try:  # else every load leaves a kernel running on the server
                harness.shutdown_voila_kernel(page, server.url)
            except Exception as exc:
                failures.append(f"load {i}: kernel shutdown failed: {exc}")
            context.close()
    print(f"\n{loads} loads, {len(failures)} failed")
    assert failures == [], "\n".join(failures)
