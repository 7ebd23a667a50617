"""A widget that shows one Plotly chart (or a short message) and can redraw it.

Why not the usual ways (all measured under Voila 0.5 with Chromium):

* ``with output: fig.show()`` routes the figure through the front end's
  output capture while the notebook's first run is still executing, which
  sometimes leaves the Voila page loading forever (voila-dashboards/voila#1428).
* ``output.append_display_data(fig)`` does not put the chart into the Output at
  all: Plotly figures have ``_ipython_display_``, so IPython's formatter
  displays the figure itself, as a top-level cell output, and hands the Output
  an empty bundle.  Voila renders top-level outputs from plain JSON, and the
  jupyterlab-plotly renderer then fails to cache its PNG snapshot on it
  (``r.setData is not a function`` in the console).
* ``go.FigureWidget`` needs ``anywidget`` and sends a copy of plotly.js
  (~5 MB) inside every chart's widget state.

Here the chart is written straight into ``Output.outputs`` as a display_data
bundle with Plotly's own mimetype.  That is ordinary widget state (no output
capture, so nothing to hang), it is drawn by the jupyterlab-plotly mime
renderer that Voila and JupyterLab already load for every page (plotly.js is
fetched once per page, from the local server, never from a CDN), and
replacing the tuple replaces the chart.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from nextround.charts.plotly_json import figure_json, title_text
from nextround.ui.kit.looks import layout, style

PLOTLY_MIME = "application/vnd.plotly.v1+json"


# A responsive chart fills its container, but the output area around it is a CSS table
# whose height is set by its content: the chart's nodes end up 0 px tall and the drawing is
# clipped away. Give the whole chain the height the Output widget is given in `show`.
_CSS = """<style>
.nextround-chart .widget-output > .jp-OutputArea,
.nextround-chart .jp-OutputArea-child,
.nextround-chart .jp-RenderedPlotly { display: block; height: 100%; }
.nextround-chart .jp-OutputArea-prompt { display: none; }
</style>"""


class ChartView(widgets.VBox):
    """Container showing either one Plotly figure or one line of text.

    Safe to call during a notebook's first run under Voila and from widget
    callbacks; works the same in JupyterLab.
    """

    def __init__(self, height: int = 360, **kwargs):
        kwargs.setdefault("layout", layout(width="100%"))
        super().__init__(**kwargs)
        self.add_class("nextround-chart")  # a stable hook for CSS and browser tests
        self.height = height
        self._style = widgets.HTML(_CSS, layout=layout(display="none"), style=style(widgets.HTML))
        self._output = widgets.Output(layout=widgets.Layout(width="100%", height=f"{height}px"))
        # The output and the message take turns being displayed: each has its own layout.
        self._message = widgets.HTML(
            style=style(widgets.HTML),
            layout=widgets.Layout(
                width="100%",
                min_height="4rem",
                display="flex",
                align_items="center",
                justify_content="center",
            )
        )
        self._message.add_class("nextround-chart-message")
        # The children never change: a chart and a message take turns being displayed, so the
        # browser keeps its views and the page's layout settles once.
        self.children = (self._output, self._message, self._style)
        self._display("figure")

    def _display(self, which: str) -> None:
        self._output.layout.display = None if which == "figure" else "none"
        self._message.layout.display = "flex" if which == "message" else "none"

    @property
    def showing(self) -> str:
        """"figure" or "message": which of the two is displayed."""
        return "message" if self._output.layout.display == "none" else "figure"

    def spec_of(self, fig: Any) -> dict:
        """The Plotly JSON `show` would draw for ``fig``: a figure of `charts.style` (plain
        JSON already) or a plotly figure object."""
        return figure_json(fig, self.height)

    def show(self, fig: Any) -> None:
        """Draw ``fig``, replacing whatever was shown before."""
        self.show_spec(self.spec_of(fig))

    def show_spec(self, spec: dict) -> None:
        """Draw a figure already turned into Plotly JSON by `spec_of`."""
        if spec == self.figure_spec:
            return  # the same drawing: nothing to send to the browser
        self._output.layout.height = f"{spec['layout']['height']}px"
        title = title_text(spec["layout"])
        text = f"Plotly chart: {title}" if title else "Plotly chart"
        self._message.value = ""
        self._output.outputs = (
            {
                "output_type": "display_data",
                # text/plain is what front ends without jupyterlab-plotly show.
                "data": {PLOTLY_MIME: spec, "text/plain": text},
                "metadata": {},
            },
        )
        self._display("figure")

    @property
    def figure_spec(self) -> dict | None:
        """The Plotly JSON drawn now (data, layout, config), or None while a message shows."""
        if not self._output.outputs or self.showing != "figure":
            return None
        return self._output.outputs[0]["data"][PLOTLY_MIME]

    @property
    def message(self) -> str:
        """The (escaped) message shown in place of a chart, or "" while a chart shows."""
        return self._message.value if self.showing == "message" else ""

    def show_message(self, text: str) -> None:
        """Show ``text`` (plain text, escaped) in place of the chart."""
        self._message.value = html.escape(text)
        self._output.outputs = ()  # drop the old figure from the widget state
        self._display("message")
