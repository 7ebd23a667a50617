import plotly.graph_objects as go

from nextround.ui.kit.chart_view import PLOTLY_MIME, ChartView


def test_show_puts_plotly_bundle_into_output():
    view = ChartView(height=300)
    view.show(go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"title": "Runs"}))

    output = view._output
    assert view.showing == "figure"
    assert output.layout.display != "none" and view._message.layout.display == "none"
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
    (bundle,) = view._output.outputs
    assert bundle["data"][PLOTLY_MIME]["data"][0]["y"] == [7, 8]
    assert view._output.layout.height == "500px"
    assert bundle["data"][PLOTLY_MIME]["layout"]["height"] == 500


def test_show_accepts_numpy_data():
    np = __import__("pytest").importorskip("numpy")
    view = ChartView()
    view.show(go.Figure(go.Scatter(x=np.arange(3), y=np.array([1.5, 2.5, 3.5]))))
    (bundle,) = view._output.outputs
    assert bundle["data"][PLOTLY_MIME]["data"][0]["y"]  # JSON-able, non-empty


def test_show_message_is_escaped_and_replaces_chart():
    view = ChartView()
    view.show(go.Figure(go.Bar(y=[1])))
    view.show_message('Add a second process <script>alert("x")</script> & see')

    message = view._message
    assert view.showing == "message"
    assert message.layout.display != "none" and view._output.layout.display == "none"
    assert "<script>" not in message.value
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; see" in message.value
    assert view._output.outputs == ()  # the old figure is not kept in widget state

    view.show(go.Figure(go.Bar(y=[2])))
    assert view.showing == "figure" and view._message.layout.display == "none"
    # Taking turns never changes the children: the browser keeps its views.
    assert view.children == (view._output, view._message, view._style)


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
    view._output.observe(changes.append, "outputs")
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))
    assert len(changes) == 1
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 5])))
    assert len(changes) == 2
    view.show_message("Nothing yet.")
    view.show(go.Figure(go.Bar(x=[1, 2], y=[3, 5])))  # drawn again after a message
    assert view.figure_spec["data"][0]["y"] == [3, 5]
