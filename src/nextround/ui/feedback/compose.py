"""Compose the request: who to ask, how, and a drafted message to copy, download or email."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from nextround.safe_text import html_text
from nextround.store import feedback_requests as request_store
from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.review import _ForProcess
from nextround.ui.feedback.parts import _keep_option, _long_date, _slug, _w, message_links
from nextround.words import say


# ------------------------------------------------------------------------ compose
def _stage_option(stage: Row) -> str:
    """How a stage is offered: its kind (or its number), and its date when known."""
    name = stage["kind"] or say("feedback.compose.stage_unnamed", number=stage["position"] + 1)
    if stage.get("held_on"):
        return say("feedback.compose.stage_on", stage=name, date=stage["held_on"])
    return name


class ComposeRequest(_ForProcess):
    """Choose who to ask and how; a drafted, editable message; mark it sent."""

    @property
    def empty(self) -> str:
        return say("feedback.page.no_process")

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

        self.request_choice = widgets.Dropdown(description=say("feedback.compose.request_label"),
                                               style=kit.label_style(),
                                               layout=kit.layout(width="min(100%, 34rem)"))
        self.new_button = kit.button(say("feedback.compose.new_button"), style="primary")
        self.new_button.on_click(lambda _b: self.start_new())
        self.new_button.disabled = self.journal.read_only
        self.new_status = kit.SaveStatus()

        self.fields = {
            "person_name": kit.text_input(say("feedback.compose.name_label"),
                                          say("feedback.compose.name_placeholder")),
            "person_role": kit.choice_input(say("feedback.compose.role_label"), w["person_roles"]),
            "channel": kit.choice_input(say("feedback.compose.channel_label"), w["channels"]),
            "address": kit.text_input(say("feedback.compose.address_label"),
                                      say("feedback.compose.address_placeholder")),
            "tone": widgets.ToggleButtons(description=say("feedback.compose.tone_label"),
                                          options=list(w["tones"]), value=None,
                                          style=kit.label_style(widgets.ToggleButtons,
                                                                button_width="auto")),
            "message": kit.text_input(say("feedback.compose.message_label"), multiline=True,
                                      rows=16),
        }
        self.form = kit.RowForm(self.journal, "feedback_requests", self.fields,
                                on_saved=lambda _row: self._refresh_choices())
        # Contacts: pick someone you met to fill in who you ask, and see how they answered.
        from nextround.ui.people import RequestContact

        self.contact = RequestContact(self.journal, self._fill_from_contact)
        self.fields["person_name"].observe(
            lambda change: self.contact.show_history_for(change["new"]), "value")

        stages = process_store.stages(self.journal, process["id"])
        stage_options = [(_stage_option(s), s["id"]) for s in stages]
        self.stage = widgets.Dropdown(
            description=say("feedback.compose.stage_label"), style=kit.label_style(),
            options=stage_options or [(say("feedback.compose.no_stages"), None)],
            value=stages[-1]["id"] if stages else None,
            layout=kit.layout(width="min(100%, 34rem)"))
        suggestions = request_store.suggested_questions(self.journal, process["id"],
                                                   stages[-1]["id"] if stages else None)
        question_options = ([(say("feedback.compose.no_question"), "")]
                            + [(q, q) for q in suggestions])
        self.questions = [
            widgets.Dropdown(description=say("feedback.compose.question_label", number=i + 1),
                             options=question_options,
                             value=suggestions[i] if len(suggestions) > i else "",
                             style=kit.label_style(), layout=kit.layout(width="100%"))
            for i in range(2)]
        self.sign_off = kit.text_input(say("feedback.compose.sign_off_label"), w["sign_off_prompt"])
        self.sign_off.value = self.journal.setting(request_store.SIGN_OFF, "") or ""
        self.sign_off_status = kit.SaveStatus()
        self._save_sign_off = kit.Debouncer(self._store_sign_off)
        self.sign_off.disabled = self.journal.read_only

        self.redraft = kit.ConfirmButton(say("feedback.compose.redraft_button"),
                                         say("feedback.compose.redraft_question"), self.write_draft)
        self.redraft.disabled = self.journal.read_only
        self.edited_note = kit.html(html_text(w["edited_note"]), "nr-muted")
        self.channel_note = kit.html("", "nr-muted")
        self.links = kit.html("")
        self.state_line = kit.html("")
        self.sent_on = kit.date_input(say("feedback.compose.sent_on_label"))
        self.sent_on.value = self._today()
        self.send_button = kit.button(say("feedback.compose.send_button"), style="success")
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
            kit.prompt(say("feedback.compose.who_prompt")), self.contact,
            self.fields["person_name"], self.fields["person_role"], self.fields["channel"],
            self.fields["address"], self.channel_note,
            kit.prompt(say("feedback.compose.what_prompt")), self.fields["tone"], self.stage,
            *self.questions,
            kit.HBox([self.sign_off, self.sign_off_status]),
            kit.prompt(say("feedback.compose.message_prompt")),
            self.fields["message"], kit.HBox([self.redraft, self.form.status]),
            self.edited_note, self.links, self.state_line, self.send_row,
        ])
        self._refresh_choices(select=self._latest_request_id())
        self._load_chosen()
        return [
            kit.notice(f'<b>{html_text(say("feedback.compose.before_you_write"))}</b>'
                       f'<ul class="nr-list">{advice}</ul>'),
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
                                           or [(say("feedback.compose.no_request"), None)])
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
            self.state_line.value = html_text(say("feedback.compose.not_sent", days=days))
            return
        parts = [say("feedback.compose.status", status=status)]
        if row.get("sent_on"):
            parts.append(say("feedback.compose.sent", date=_long_date(row["sent_on"])))
        markup = html_text(" ".join(parts))
        if row.get("follow_up_on"):
            markup += (' <span class="nr-due">' + html_text(say(
                "feedback.compose.follow_up_on", date=_long_date(row["follow_up_on"])))
                + "</span> " + html_text(say("feedback.compose.listed_below")))
        if row.get("answered_on"):
            markup += " " + html_text(say("feedback.compose.replied",
                                          date=_long_date(row["answered_on"])))
        self.state_line.value = markup
