"""Pieces shared by step 2's exercises: how a message is offered (links, downloads) and dates read."""

from __future__ import annotations

import base64
import datetime as dt
import re

import ipywidgets as widgets

from nextround.safe_text import html_attr, html_text
from nextround.store import feedback_requests as request_store
from nextround.words import say, words


CSS = """
<style>
.nr-copy { white-space: pre-wrap; user-select: all; -webkit-user-select: all; cursor: text;
  border: 1px dashed var(--jp-border-color1, #b0b6be); border-radius: 4px; padding: 8px 10px;
  margin: 4px 0; font-family: inherit; background: var(--jp-layout-color2, rgba(0,0,0,0.03)); }
.nr-links a { margin-right: 1.2em; }
.nr-due { color: var(--jp-warn-color1, #a05a00); font-weight: 600; }
</style>
"""


def _w() -> dict:
    return words()["feedback"]


def _slug(text: str | None) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text or "").strip("-").lower()[:40] or "request"


def download_link(label: str, filename: str, data: bytes, mime: str) -> str:
    """A link that saves `data` as a file: works in Voila and JupyterLab, no server round trip."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html_attr(filename)}" href="data:{mime};base64,{encoded}">'
            f"{html_text(label)}</a>")


def _long_date(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _keep_option(widget: widgets.Widget, value) -> None:
    """Make sure a stored value can be shown even if the coaching words changed since."""
    if value is None:
        return
    values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
    if value not in values:
        widget.options = list(widget.options) + [(value, value)]


def message_links(message: str, channel: str | None, address: str | None, filename: str) -> str:
    """The message ready to copy, a download, and the channel's way to send it."""
    links = [download_link(say("feedback.links.download"), filename, message.encode("utf-8"),
                           "text/plain;charset=utf-8")]
    if channel in _w()["email_channels"]:
        subject, body = request_store.split_subject(message)
        mailto = request_store.mailto_link(address or "", subject, body)
        links.append(f'<a href="{html_attr(mailto)}">{html_text(say("feedback.links.email"))}</a>')
    elif (address or "").strip().lower().startswith("https://"):
        links.append(f'<a href="{html_attr(address.strip())}" target="_blank" '
                     f'rel="noopener noreferrer">{html_text(say("feedback.links.profile"))}</a>')
    return (f'<details><summary>{html_text(say("feedback.links.show"))}</summary>'
            f'<div class="nr-copy">{html_text(message)}</div></details>'
            f'<div class="nr-links">{"".join(links)}</div>')
