"""Step 2 · A rejection isn't feedback — ask for it: the exercises of workbook 2.

The notebook shows one exercise per cell:

    step = AskForFeedback()
    step.header()        # notices and the process you want feedback on
    step.compose()       # who to ask, how, and a drafted message to copy, download or email
    step.follow_ups()    # every request with its status; due follow-ups first
    step.record()        # what they said, as points tagged with themes, each maybe an action
    step.charts()
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re

import ipywidgets as widgets

from nextround import specs
from nextround.rules.states import REQUEST_STATUSES, WAITING
from nextround.safe_text import html_attr, html_text
from nextround.store import feedback_points as point_store
from nextround.store import feedback_requests as request_store
from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.kit.cards import CardList
from nextround.ui.review import _ForProcess
from nextround.words import themes, words

log = logging.getLogger(__name__)


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
    links = [download_link("Download as a text file", filename, message.encode("utf-8"),
                           "text/plain;charset=utf-8")]
    if channel in _w()["email_channels"]:
        subject, body = request_store.split_subject(message)
        mailto = request_store.mailto_link(address or "", subject, body)
        links.append(f'<a href="{html_attr(mailto)}">Open in my email app</a>')
    elif (address or "").strip().lower().startswith("https://"):
        links.append(f'<a href="{html_attr(address.strip())}" target="_blank" '
                     'rel="noopener noreferrer">Open their profile</a>')
    return (f'<details><summary>Show it ready to copy (click the text to select it all)</summary>'
            f'<div class="nr-copy">{html_text(message)}</div></details>'
            f'<div class="nr-links">{"".join(links)}</div>')


class AskForFeedback(kit.Page):
    def __init__(self, journal: Journal | None = None, *, today: dt.date | None = None):
        super().__init__(journal)
        self.today = today
        self.picker = self.keep(kit.ProcessPicker(self.journal, allow_new=False))

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([
                kit.style_sheet(), kit.html(CSS, "nr-styles"), *kit.journal_notices(self.journal),
                kit.Section("Which process?",
                            "Pick the interview process you want feedback on. New processes are "
                            "logged in step 1.", [self.picker])]))

    def compose(self) -> widgets.Widget:
        return self.shown("compose", lambda: ComposeRequest(self.journal, self.picker, today=self.today))

    def follow_ups(self) -> widgets.Widget:
        return self.shown("follow_ups", lambda: FollowUps(self.journal, today=self.today))

    def record(self) -> widgets.Widget:
        return self.shown("record", lambda: RecordFeedback(self.journal, self.picker, today=self.today))

    def charts(self) -> widgets.Widget:
        return self.shown("charts", lambda: FeedbackCharts(self.journal))


# ------------------------------------------------------------------------ compose
class ComposeRequest(_ForProcess):
    """Choose who to ask and how; a drafted, editable message; mark it sent."""

    empty = "Log a process in step 1 first, then choose it above."

    def __init__(self, journal: Journal, picker: kit.ProcessPicker, *, today: dt.date | None = None):
        self.today = today
        self.form: kit.RowForm | None = None
        super().__init__(journal, picker)
        self.add_class("nr-exercise-compose")
        kit.listen(self, journal, None, self._journal_changed)

    # -- layout
    def build(self, process: Row) -> list[widgets.Widget]:
        w = _w()
        self.process_id = process["id"]
        self._loading = False
        self._drafting = False
        self._auto = True
        self._last_draft = ""

        self.request_choice = widgets.Dropdown(description="Request", style=kit.label_style(),
                                               layout=kit.layout(width="min(100%, 34rem)"))
        self.new_button = kit.button("Start a new request", style="primary")
        self.new_button.on_click(lambda _b: self.start_new())
        self.new_button.disabled = self.journal.read_only
        self.new_status = kit.SaveStatus()

        self.fields = {
            "person_name": kit.text_input("Their name", "e.g. Priya Shah"),
            "person_role": kit.choice_input("Their role", w["person_roles"]),
            "channel": kit.choice_input("Channel", w["channels"]),
            "address": kit.text_input("Email or profile", "Their email address or profile link"),
            "tone": widgets.ToggleButtons(description="Tone", options=list(w["tones"]), value=None,
                                          style=kit.label_style(widgets.ToggleButtons,
                                                                button_width="auto")),
            "message": kit.text_input("Message", multiline=True, rows=16),
        }
        self.form = kit.RowForm(self.journal, "feedback_requests", self.fields,
                                on_saved=lambda _row: self._refresh_choices())
        # Contacts: pick someone you met to fill in who you ask, and see how they answered.
        from nextround.ui.people import RequestContact

        self.contact = RequestContact(self.journal, self._fill_from_contact)
        self.fields["person_name"].observe(
            lambda change: self.contact.show_history_for(change["new"]), "value")

        stages = process_store.stages(self.journal, process["id"])
        stage_options = [(f"{s['kind'] or 'Stage ' + str(s['position'] + 1)}"
                          + (f" ({s['held_on']})" if s.get("held_on") else ""), s["id"])
                         for s in stages]
        self.stage = widgets.Dropdown(
            description="Stage to mention", style=kit.label_style(),
            options=stage_options or [("No stages logged — “the interview”", None)],
            value=stages[-1]["id"] if stages else None,
            layout=kit.layout(width="min(100%, 34rem)"))
        suggestions = request_store.suggested_questions(self.journal, process["id"],
                                                   stages[-1]["id"] if stages else None)
        question_options = [("— no question —", "")] + [(q, q) for q in suggestions]
        self.questions = [
            widgets.Dropdown(description=f"Question {i + 1}", options=question_options,
                             value=suggestions[i] if len(suggestions) > i else "",
                             style=kit.label_style(), layout=kit.layout(width="100%"))
            for i in range(2)]
        self.sign_off = kit.text_input("Sign as", w["sign_off_prompt"])
        self.sign_off.value = self.journal.setting(request_store.SIGN_OFF, "") or ""
        self.sign_off_status = kit.SaveStatus()
        self._save_sign_off = kit.Debouncer(self._store_sign_off)
        self.sign_off.disabled = self.journal.read_only

        self.redraft = kit.ConfirmButton(
            "Write a fresh draft", "Replace the message with a fresh draft? Your edits to it go.",
            self.write_draft)
        self.redraft.disabled = self.journal.read_only
        self.edited_note = kit.html(html_text(w["edited_note"]), "nr-muted")
        self.channel_note = kit.html("", "nr-muted")
        self.links = kit.html("")
        self.state_line = kit.html("")
        self.sent_on = kit.date_input("Sent on")
        self.sent_on.value = self._today()
        self.send_button = kit.button("Mark as sent", style="success")
        self.send_button.on_click(lambda _b: self.mark_sent())
        self.send_status = kit.SaveStatus()
        self.send_row = kit.HBox([self.sent_on, self.send_button, self.send_status])
        for control in (self.send_button, self.sent_on):
            control.disabled = self.journal.read_only

        for name in ("person_name", "channel", "tone"):
            self.fields[name].observe(self._inputs_changed, "value")
        for widget in (self.stage, *self.questions):
            widget.observe(self._inputs_changed, "value")
        self.sign_off.observe(self._sign_off_changed, "value")
        self.fields["message"].observe(self._message_changed, "value")
        self.fields["address"].observe(lambda _c: self._show_links(), "value")
        self.request_choice.observe(self._request_chosen, "value")

        advice = "".join(f"<li>{html_text(a)}</li>" for a in w["advice"])
        self.body = kit.VBox([
            kit.prompt("Who you are asking"), self.contact,
            self.fields["person_name"], self.fields["person_role"], self.fields["channel"],
            self.fields["address"], self.channel_note,
            kit.prompt("What to ask"), self.fields["tone"], self.stage, *self.questions,
            kit.HBox([self.sign_off, self.sign_off_status]),
            kit.prompt("Your message — edit it as much as you like"),
            self.fields["message"], kit.HBox([self.redraft, self.form.status]),
            self.edited_note, self.links, self.state_line, self.send_row,
        ])
        self._refresh_choices(select=self._latest_request_id())
        self._load_chosen()
        return [
            kit.notice("<b>Before you write</b>" f'<ul class="nr-list">{advice}</ul>'),
            kit.prompt(w["compose_prompt"]),
            kit.HBox([self.request_choice, self.new_button, self.new_status]),
            self.body,
        ]

    def reload(self) -> None:
        if self.form is not None:
            self.form.flush()
        super().reload()

    # -- helpers
    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def _latest_request_id(self) -> int | None:
        rows = request_store.requests_for(self.journal, self.process_id)
        return rows[-1]["id"] if rows else None

    def _refresh_choices(self, select: int | None = None) -> None:
        rows = request_store.requests_for(self.journal, self.process_id)
        current = select if select is not None else self.request_choice.value
        self._loading, was_loading = True, self._loading
        try:
            self.request_choice.options = ([(request_store.describe(r), r["id"]) for r in rows]
                                           or [("No request yet", None)])
            ids = [r["id"] for r in rows]
            self.request_choice.value = current if current in ids else (ids[-1] if ids else None)
        finally:
            self._loading = was_loading

    @property
    def request(self) -> Row | None:
        chosen = self.request_choice.value
        return self.journal.get("feedback_requests", chosen) if chosen else None

    def _load_chosen(self) -> None:
        row = self.request
        kit.show(self.body, bool(row))
        self._loading = True
        try:
            if row is None:
                self.form.load(None)
                return
            _keep_option(self.fields["person_role"], row.get("person_role"))
            _keep_option(self.fields["channel"], row.get("channel"))
            if row.get("tone") and row["tone"] not in self.fields["tone"].options:
                self.fields["tone"].options = list(self.fields["tone"].options) + [row["tone"]]
            self.form.load(row)
        finally:
            self._loading = False
        draft = self._draft_text()
        message = row.get("message") or ""
        self._last_draft = draft
        self._auto = message in ("", draft)
        if not message:
            self.write_draft()
        self._after_message()
        self._show_state(row)

    def _draft_input(self) -> request_store.DraftInput:
        process = self.journal.get("processes", self.process_id)
        stage = self.journal.get("stages", self.stage.value) if self.stage.value else None
        return request_store.DraftInput(
            company=process["company"] or "", role=process.get("role") or "",
            stage=request_store.stage_label(stage), name=self.fields["person_name"].value,
            channel=self.fields["channel"].value or _w()["channels"][0],
            tone=self.fields["tone"].value or _w()["default_tone"],
            questions=tuple(q.value for q in self.questions if q.value),
            sign_off=self.sign_off.value)

    def _draft_text(self) -> str:
        return request_store.draft_message(self._draft_input())

    # -- events
    def _inputs_changed(self, _change=None) -> None:
        if self._loading:
            return
        self._show_links()
        if self._auto:
            self.write_draft()

    def write_draft(self) -> None:
        """Replace the message with a fresh draft from the current choices."""
        text = self._draft_text()
        self._last_draft = text
        self._auto = True
        self._drafting = True
        try:
            self.fields["message"].value = text
        finally:
            self._drafting = False
        self._after_message()

    def _message_changed(self, _change) -> None:
        if self._loading or self._drafting:
            return
        self._auto = self.fields["message"].value in ("", self._last_draft)
        self._after_message()

    def _after_message(self) -> None:
        kit.show(self.edited_note, not self._auto)
        self._show_links()

    def _show_links(self) -> None:
        channel = self.fields["channel"].value
        self.channel_note.value = html_text(_w()["channel_notes"].get(channel or "", ""))
        message = self.fields["message"].value
        if not message.strip():
            self.links.value = ""
            return
        process = self.journal.get("processes", self.process_id) or {}
        filename = f"feedback-request-{_slug(process.get('company'))}.txt"
        self.links.value = message_links(message, channel, self.fields["address"].value, filename)

    def _sign_off_changed(self, _change) -> None:
        if self._loading:
            return
        self.sign_off_status.unsaved()
        self._save_sign_off()
        if self._auto and self.request_choice.value:
            self.write_draft()

    def _store_sign_off(self) -> None:
        try:
            self.journal.set_setting(request_store.SIGN_OFF, self.sign_off.value)
        except kit.WRITE_ERRORS as exc:
            self.sign_off_status.error(kit.save_error_message(exc))
            return
        self.sign_off_status.saved()

    def _request_chosen(self, _change) -> None:
        if self._loading:
            return
        self.form.flush()
        self._load_chosen()

    def _journal_changed(self, tables: set[str]) -> None:
        # Status changes made elsewhere on the page (follow-ups, recorded feedback): follow them
        # without touching what is typed here.
        if self.form is None or "feedback_requests" not in tables or self.form.row is None:
            return
        current = self.journal.get("feedback_requests", self.form.row["id"])
        if current is None:
            self.reload()
            return
        if any(current.get(k) != self.form.row.get(k)
               for k in ("status", "sent_on", "follow_up_on", "answered_on")):
            self.form.row = current
            self._show_state(current)
            self._refresh_choices()

    # -- actions
    def start_new(self) -> None:
        if self.form is not None:
            self.form.flush()
        try:
            row = request_store.start_request(self.journal, self.process_id)
        except kit.WRITE_ERRORS as exc:
            self.new_status.error(kit.save_error_message(exc))
            return
        self.new_status.idle()
        self._refresh_choices(select=row["id"])
        self._load_chosen()

    def mark_sent(self) -> None:
        self.form.flush()
        row = self.request
        if row is None:
            return
        try:
            updated = request_store.mark_sent(self.journal, row, self.sent_on.value or self._today())
        except kit.WRITE_ERRORS as exc:
            self.send_status.error(kit.save_error_message(exc))
            return
        self.form.row = updated
        self.send_status.saved()
        self.contact.link(updated)  # the request went to this person: one of your contacts
        self._show_state(updated)
        self._refresh_choices()

    def _fill_from_contact(self, contact: Row) -> None:
        """Fill in who you are asking from a contact (the form saves as if typed)."""
        self.fields["person_name"].value = contact["name"] or ""
        if contact.get("kind"):
            _keep_option(self.fields["person_role"], contact["kind"])
            self.fields["person_role"].value = contact["kind"]
        if contact.get("address"):
            self.fields["address"].value = contact["address"]

    def _show_state(self, row: Row) -> None:
        status = row.get("status") or "draft"
        kit.show(self.send_row, status == "draft")
        if status == "draft":
            days = request_store.follow_up_days(self.journal)
            text = (f"Not sent yet. When you have sent it, mark it sent: you get a follow-up date "
                    f"{days} working days later.")
            self.state_line.value = html_text(text)
            return
        parts = [f"Status: {status}."]
        if row.get("sent_on"):
            parts.append(f"Sent on {_long_date(row['sent_on'])}.")
        markup = html_text(" ".join(parts))
        if row.get("follow_up_on"):
            markup += (' <span class="nr-due">' + html_text(
                f"Follow up on {_long_date(row['follow_up_on'])} if there is no reply.")
                + "</span> " + html_text("Your follow-ups are listed below."))
        if row.get("answered_on"):
            markup += " " + html_text(f"Replied on {_long_date(row['answered_on'])}.")
        self.state_line.value = markup


# ---------------------------------------------------------------------- follow-ups
class FollowUps(kit.Section):
    """Every request across all processes, those due for a follow-up first."""

    def __init__(self, journal: Journal, *, today: dt.date | None = None):
        self.journal = journal
        self.today = today
        w = _w()
        self.days = widgets.BoundedIntText(description="Working days", min=1, max=60,
                                           value=request_store.follow_up_days(journal),
                                           style=kit.label_style(widgets.BoundedIntText),
                                           layout=kit.layout(width="min(100%, 18rem)"))
        names = w["weekday_names"]
        working = request_store.working_weekdays(journal)
        self.week = kit.CheckboxGroup("My working days", names, columns=7)
        self.week.value = [names[i] for i in sorted(working)]
        self.rule_status = kit.SaveStatus()
        self.days.observe(lambda _c: self.save_rule(), "value")
        self.week.observe(lambda _c: self.save_rule(), "value")
        if journal.read_only:
            self.days.disabled = True
            for box in self.week._boxes.values():
                box.disabled = True
        self.summary = kit.html("")
        # Rows are (request, its process); with none, the summary line above says so.
        self.requests = CardList(lambda item: self._card(*item), key=self._card_key,
                                 noun=("request", "requests"), empty="")
        self.list = kit.VBox([self.summary, self.requests])
        self._shown: tuple = ()
        super().__init__("", "", [kit.prompt(w["rule_prompt"]),
                                  kit.HBox([self.days, self.rule_status]), self.week,
                                  self.list])
        self.add_class("nr-exercise-follow-ups")
        kit.listen(self, journal, None, self._journal_changed)
        self.refresh()

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def save_rule(self) -> None:
        try:
            request_store.set_follow_up_rule(self.journal, int(self.days.value), list(self.week.value))
        except kit.WRITE_ERRORS as exc:
            self.rule_status.error(kit.save_error_message(exc))
            return
        self.rule_status.saved()

    @property
    def cards(self) -> dict[int, widgets.Widget]:
        """The request cards built so far, request id → card, in the order shown."""
        return {key[0]: card for key, card in self.requests.cards.items()}

    @staticmethod
    def _shown_fields(row: Row, process: Row) -> tuple:
        """What a request's card shows; its card is rebuilt only when this changes."""
        return (row["id"], row["status"], row["sent_on"], row["follow_up_on"],
                row["answered_on"], row["person_name"], row["person_role"], row["channel"],
                row["address"], process.get("company"), process.get("role"))

    def _card_key(self, item: tuple[Row, Row]) -> tuple:
        # The day too: whether a follow-up is due, and by how many days, is on the card.
        return (*self._shown_fields(*item), self._today())

    def _read(self) -> tuple[list[Row], dict[int, Row]]:
        """Every request, and the processes they belong to by id (each table read once)."""
        return (self.journal.rows("feedback_requests"),
                {p["id"]: p for p in self.journal.rows("processes")})

    def _signature(self, rows: list[Row], processes: dict[int, Row]) -> tuple:
        return tuple(self._shown_fields(r, processes.get(r["process_id"]) or {}) for r in rows)

    def _journal_changed(self, tables: set[str]) -> None:
        if tables & {"feedback_requests", "processes"}:
            rows, processes = self._read()
            if self._signature(rows, processes) != self._shown:
                self._show(rows, processes)

    def refresh(self) -> None:
        self._show(*self._read())

    def _show(self, rows: list[Row], processes: dict[int, Row]) -> None:
        self._shown = self._signature(rows, processes)
        ordered = request_store.follow_up_order(rows, self._today())
        self._show_summary(ordered)
        self.requests.show([(r, processes.get(r["process_id"]) or {}) for r in ordered])

    def _show_summary(self, rows: list[Row]) -> None:
        due = sum(1 for r in rows if request_store.is_due(r, self._today()))
        muted = not rows
        self.summary.remove_class("nr-summary" if muted else "nr-muted")
        self.summary.add_class("nr-muted" if muted else "nr-summary")
        if muted:
            self.summary.value = html_text("No requests yet: compose your first one above.")
            return
        self.summary.value = html_text(
            f"{len(rows)} request{'s' if len(rows) != 1 else ''}; "
            + (f"{due} due for a follow-up." if due else "none due for a follow-up today."))

    def _card(self, row: Row, process: Row) -> widgets.Widget:
        today = self._today()
        who = row.get("person_name") or "Someone"
        if row.get("person_role"):
            who += f" ({row['person_role']})"
        title = f"{process.get('company') or 'A process'}"
        if process.get("role"):
            title += f" — {process['role']}"
        title += f" · {who}"
        facts = [f"Status: {row.get('status') or 'draft'}"]
        if row.get("sent_on"):
            facts.append(f"sent {_long_date(row['sent_on'])}")
        if row.get("answered_on"):
            facts.append(f"replied {_long_date(row['answered_on'])}")
        line = html_text(" · ".join(facts))
        if row.get("follow_up_on"):
            due_on = dt.date.fromisoformat(row["follow_up_on"])
            late = (today - due_on).days
            when = f"follow up by {_long_date(row['follow_up_on'])}"
            if request_store.is_due(row, today):
                when += " — due today" if late == 0 else f" — due, {late} day{'s' if late != 1 else ''} overdue"
                line += ' · <span class="nr-due">' + html_text(when) + "</span>"
            else:
                line += " · " + html_text(when)

        status = widgets.Dropdown(description="Status", options=[
            (s.capitalize(), s) for s in REQUEST_STATUSES], value=row.get("status") or "draft",
            style=kit.label_style(), layout=kit.layout(width="min(100%, 22rem)"))
        on = kit.date_input("As of")
        on.value = today
        save = kit.button("Update status")
        card_status = kit.SaveStatus()
        save.on_click(lambda _b: self.change_status(row["id"], status.value, on.value, card_status))
        for control in (status, on, save):
            control.disabled = self.journal.read_only
        parts: list[widgets.Widget] = [
            kit.html(html_text(title), "nr-card-title"), kit.html(line),
            kit.HBox([status, on, save, card_status]),
        ]
        extras = []
        if row.get("follow_up_on"):
            filename = f"follow-up-{_slug(process.get('company'))}-{row['follow_up_on']}.ics"
            try:
                ics = request_store.reminder_ics(row, process)
                extras.append(download_link("Add a reminder to my calendar (.ics)", filename, ics,
                                            "text/calendar;charset=utf-8"))
            except (ValueError, ImportError) as exc:
                log.warning("no calendar reminder: %s", exc)
        if extras:
            parts.append(kit.html(" ".join(extras), "nr-links"))
        if row.get("status") in WAITING:
            parts.append(self._follow_up_draft(row, process))
        card = kit.VBox(parts)
        card.add_class("nr-card")
        return card

    def _follow_up_draft(self, row: Row, process: Row) -> widgets.Widget:
        show = kit.button("Draft a follow-up")
        box = kit.VBox([show])

        def open_draft(_b=None):
            # Read again: the tone, say, may have changed since the card was built.
            current = self.journal.get("feedback_requests", row["id"]) or row
            data = request_store.draft_input(self.journal, current)
            text = request_store.follow_up_message(data)
            editor = kit.text_input("Follow-up", multiline=True, rows=9)
            editor.value = text
            links = kit.html("")
            filename = f"follow-up-{_slug(process.get('company'))}.txt"

            def update(_c=None):
                links.value = message_links(editor.value, current.get("channel"),
                                            current.get("address"), filename)

            editor.observe(update, "value")
            update()
            box.children = [editor, links]
            box.follow_up_editor = editor

        show.on_click(open_draft)
        box.open_draft = open_draft
        return box

    def change_status(self, request_id: int, status: str, on: dt.date | None,
                      card_status: kit.SaveStatus) -> None:
        row = self.journal.get("feedback_requests", request_id)
        if row is None:
            self.refresh()
            return
        try:
            request_store.set_status(self.journal, row, status, on or self._today())
        except kit.WRITE_ERRORS as exc:
            card_status.error(kit.save_error_message(exc))
            return
        self.refresh()


# ------------------------------------------------------------------------ record
class RecordFeedback(_ForProcess):
    """Paste what they said; keep it as points with themes, surprise and an action."""

    empty = "Log a process in step 1 first, then choose it above."

    def __init__(self, journal: Journal, picker: kit.ProcessPicker, *, today: dt.date | None = None):
        self.today = today
        self._sources: tuple = ()
        super().__init__(journal, picker)
        self.add_class("nr-exercise-record")
        kit.listen(self, journal, None, self._journal_changed)

    def build(self, process: Row) -> list[widgets.Widget]:
        w = _w()
        self.process_id = process["id"]
        self.source = widgets.Dropdown(description="From", style=kit.label_style(),
                                       layout=kit.layout(width="min(100%, 34rem)"))
        self._refresh_sources()
        self.received_on = kit.date_input("Received on")
        self.received_on.value = self.today or dt.date.today()
        self.pasted = kit.text_input("What they said", "Paste it here", multiline=True, rows=7)
        self.save_button = kit.button("Save as separate points", style="primary")
        self.save_button.on_click(lambda _b: self.save_pasted())
        self.save_status = kit.SaveStatus()
        for control in (self.source, self.received_on, self.pasted, self.save_button):
            control.disabled = self.journal.read_only
        self.points = kit.ListEditor(self._load_points, self._card,
            lambda: point_store.add_point(self.journal, process["id"], request_id=self.source.value,
                                          received_on=self.received_on.value),
            add_label="Add a point by hand",
            empty_text="No feedback recorded for this process yet.",
            read_only=self.journal.read_only)
        return [kit.prompt(w["record_prompt"]), self.source, self.received_on, self.pasted,
                kit.HBox([self.save_button, self.save_status]),
                kit.prompt("The points, one by one"), self.points]

    def _load_points(self) -> list[Row]:
        rows = point_store.points_for(self.journal, self.process_id)
        self._numbers = {r["id"]: i + 1 for i, r in enumerate(rows)}
        return rows

    def _refresh_sources(self) -> None:
        rows = request_store.requests_for(self.journal, self.process_id)
        self._sources = tuple((r["id"], request_store.describe(r)) for r in rows)
        current = self.source.value
        sent = [r["id"] for r in rows if r.get("status") not in (None, "draft")]
        self.source.options = [("Not from a request I logged", None)] + [
            (label, rid) for rid, label in self._sources]
        ids = [r["id"] for r in rows]
        self.source.value = current if current in ids else (sent[-1] if sent else None)

    def _journal_changed(self, tables: set[str]) -> None:
        if "feedback_requests" in tables and self.picker.process_id is not None and hasattr(
                self, "source"):
            rows = request_store.requests_for(self.journal, self.picker.process_id)
            if tuple((r["id"], request_store.describe(r)) for r in rows) != self._sources:
                self._refresh_sources()

    def save_pasted(self) -> None:
        try:
            point_store.record_feedback(self.journal, self.process_id, self.pasted.value,
                                        request_id=self.source.value,
                                        received_on=self.received_on.value)
        except kit.WRITE_ERRORS as exc:
            message = str(exc) if isinstance(exc, ValueError) else kit.save_error_message(exc)
            self.save_status.error(message)
            return
        self.pasted.value = ""
        self.save_status.saved()
        self.points.refresh()

    def _card(self, row: Row) -> widgets.Widget:
        w = _w()
        labels = w["surprise_labels"]
        fields = {
            "text": kit.text_input("Point", "What they said", multiline=True, rows=2),
            "themes": kit.CheckboxGroup("Themes", themes()),
            "surprise": widgets.ToggleButtons(
                description="Expected?", options=[(labels[0], False), (labels[1], True)],
                value=None, tooltips=[w["surprise_prompt"]] * 2,
                style=kit.label_style(widgets.ToggleButtons, button_width="auto")),
            "action": kit.text_input("My action", w["action_prompt"]),
        }
        for theme in row.get("themes") or []:
            if theme not in fields["themes"]._boxes:  # a theme a coach has since renamed
                fields["themes"] = kit.CheckboxGroup("Themes", themes() + [
                    t for t in row["themes"] if t not in themes()])
                break
        form = kit.RowForm(self.journal, "feedback_points", fields)
        form.load(row)
        title = f"Point {self._numbers.get(row['id'], '')}".strip()
        if row.get("received_on"):
            title += f" · received {_long_date(row['received_on'])}"

        def remove():
            try:
                self.journal.delete("feedback_points", form.row["id"], form.row["rev"])
            except kit.WRITE_ERRORS as exc:
                form.status.error(kit.save_error_message(exc))
                return
            self.points.refresh()

        remover = kit.ConfirmButton("Remove point", "Remove this point?", remove)
        remover.disabled = self.journal.read_only
        card = kit.VBox([
            kit.html(html_text(title), "nr-card-title"), fields["text"], fields["themes"],
            kit.prompt(w["surprise_prompt"]), fields["surprise"],
            fields["action"], kit.HBox([remover, form.status]),
        ])
        card.add_class("nr-card")
        card.form = form
        return card


# ------------------------------------------------------------------------ charts
class FeedbackCharts(kit.ChartSection):
    """Step 2's charts: request outcomes, reply times, feedback themes, the perception gap."""

    def __init__(self, journal: Journal):
        super().__init__(specs.for_step("feedback", "charts"), journal)
        self.add_class("nr-exercise-feedback-charts")
