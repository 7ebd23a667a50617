"""Showing a person's own words safely, wherever they are rendered.

Text is stored exactly as typed and escaped only on the way out:
- HTML widgets set innerHTML unsanitised, so everything is escaped and wrapped in `<bdi>`
  (right-to-left text and bidirectional controls stay inside their own box) with the class
  MathJax ignores, so `$80k–$95k` is never read as mathematics;
- Plotly reads `<br>`, `<a>` and friends in labels and `%{…}` in templates: labels are escaped,
  and user text is only ever passed as data (customdata), never pasted into a template.
"""

from __future__ import annotations

import html
import re

NO_MATH = "tex2jax_ignore mathjax_ignore"


def html_text(text: str | None, *, multiline: bool = False) -> str:
    """User text as an HTML fragment that shows literally."""
    escaped = html.escape(text or "", quote=True).replace("$", "&#36;")
    if multiline:
        escaped = escaped.replace("\r\n", "\n").replace("\n", "<br>")
    return f'<bdi class="{NO_MATH}" dir="auto">{escaped}</bdi>'


def html_sentence(template: str, **markup: str) -> str:
    """A sentence of the words file as HTML: its own words escaped like any text, its
    {placeholders} filled with `markup` the caller made safe (a person's text through
    `html_text`, a link or <code> built around escaped words)."""
    return html_text(template).format(**markup)


def html_attr(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def plotly_text(text: str | None, limit: int = 60) -> str:
    """User text for a Plotly label or hover: escaped, shortened, and never read as LaTeX."""
    text = (text or "").replace("\r", " ").replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    escaped = html.escape(text, quote=False)
    # Plotly typesets a label that starts and ends with `$`: a zero-width space prevents it.
    if escaped.startswith("$"):
        escaped = "\u200b" + escaped
    return escaped


def markdown_text(text: str | None) -> str:
    """User text inside Markdown: every Markdown and HTML special character escaped."""
    # CommonMark lets a backslash escape any ASCII punctuation, so escape them all.
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text or "")
