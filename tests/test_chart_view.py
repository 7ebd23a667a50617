import base64
import json

import ipywidgets as widgets
import plotly.graph_objects as go

from nextround.ui.kit.chart_view import PLOTLY_MIME, ChartView
from widget_tree import find


def drawing(view: ChartView) -> widgets.Output:
    """Where the chart is drawn."""
    return find(view, widgets.Output)


def message_line(view: ChartView) -> widgets.HTML:
    """Where the words shown in place of a chart go."""
    return find(view, widgets.HTML, classes="nextround-chart-message")


def test_show_puts_plotly_bundle_into_output():
    view = ChartView(height=300)
    view.show(go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"title": "Runs"}))

    output = drawing(view)
    assert view.showing == "figure"
    assert output.layout.display is None and message_line(view).layout.display == "none"
    assert output.layout.height == "300px"  # the output area is as tall as the chart
    (bundle,) = output.outputs
    assert bundle["output_type"] == "display_data"
    spec = bundle["data"][PLOTLY_MIME]
    assert spec["data"][0]["y"] == [1, 2]
    assert spec["layout"]["height"] == 300
    assert spec["config"]["responsive"] is True
    assert bundle["data"]["text/plain"] == "Plotly chart: Runs"
    # Only JSON mimetypes: no text/html that would pull plotly.js from a CDN.
    assert set(bundle["data"]) == {PLOTLY_MIME, "text/plain"}


def test_show_replaces_previous_figure_and_keeps_explicit_height():
    view = ChartView()
    view.show(go.Figure(go.Scatter(y=[1])))
    view.show(go.Figure(go.Scatter(y=[7, 8]), layout={"height": 500}))
    (bundle,) = drawing(view).outputs
    assert bundle["data"][PLOTLY_MIME]["data"][0]["y"] == [7, 8]
    assert drawing(view).layout.height == "500px"
    assert bundle["data"][PLOTLY_MIME]["layout"]["height"] == 500


def test_show_accepts_numpy_data():
    np = __import__("pytest").importorskip("numpy")
    view = ChartView()
    view.show(go.Figure(go.Scatter(x=np.arange(3), y=np.array([1.5, 2.5, 3.5]))))
    (bundle,) = drawing(view).outputs
    spec = bundle["data"][PLOTLY_MIME]
    json.dumps(spec)  # widget state must be JSON
    # Plotly sends arrays as typed arrays, base64 encoded; plotly.js decodes them.
    x, y = (spec["data"][0][axis] for axis in ("x", "y"))
    assert np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist() == [0, 1, 2]
    assert np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist() == [1.5, 2.5, 3.5]


def test_show_message_is_escaped_and_replaces_chart():
    view = ChartView()
    view.show(go.Figure(go.Bar(y=[1])))
    children = view.children
    view.show_message('Add a second process <script>alert("x")</script> & see')

    message = message_line(view)
    assert view.showing == "message"
    assert message.layout.display == "flex" and drawing(view).layout.display == "none"
    assert message.value == ("Add a second process &lt;script&gt;alert(&quot;x&quot;)"
                             "&lt;/script&gt; &amp; see")
    assert drawing(view).outputs == ()  # the old figure is not kept in widget state

    view.show(go.Figure(go.Bar(y=[2])))
    assert view.showing == "figure" and message.layout.display == "none"
    # Taking turns never changes the children: the browser keeps its views.
    assert view.children == children and len(children) == 3


def test_figure_spec_and_message_say_what_is_shown():
    view = ChartView()
    view.show_message("Too little data <yet>")
    assert view.figure_spec is None
    assert view.message == "Too little data &lt;yet&gt;"
    view.show(go.Figure(go.Bar(y=[3])))
    assert view.figure_spec["data"][0]["y"] == [3]
    assert view.message == ""


def test_showing_the_same_figure_again_sends_nothing():
    view = ChartView()
    changes = []
    drawing(view).observe(changes.append, "outputs")
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))
    assert len(changes) == 1
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 5])))
    assert len(changes) == 2
    view.show_message("Nothing yet.")
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 5])))  # drawn again after a message
    assert view.figure_spec["data"][0]["y"] == [3, 5]
