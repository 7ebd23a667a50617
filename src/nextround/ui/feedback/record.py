"""Record the feedback: what they said, as points tagged with themes, each maybe an action."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from nextround.safe_text import html_text
from nextround.store import feedback_points as point_store
from nextround.store import feedback_requests as request_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.review import _ForProcess
from nextround.words import say, themes
from nextround.ui.feedback.parts import _long_date, _w


# ------------------------------------------------------------------------ record
class RecordFeedback(_ForProcess):
    """Paste what they said; keep it as points with themes, surprise and an action."""

    @property
    def empty(self) -> str:
        return say("feedback.page.no_process")

    def __init__(self, journal: Journal, picker: kit.ProcessPicker, *, today: dt.date | None = None):
        self.today = today
        self._sources: tuple = ()
        super().__init__(journal, picker)
        self.add_class("nr-exercise-record")
        kit.listen(self, journal, None, self._journal_changed)

    def build(self, process: Row) -> list[widgets.Widget]:
        w = _w()
        self.process_id = process["id"]
        self.source = widgets.Dropdown(description=say("feedback.record.from_label"),
                                       style=kit.label_style(),
                                       layout=kit.layout(width="min(100%, 34rem)"))
        self._refresh_sources()
        self.received_on = kit.date_input(say("feedback.record.received_label"))
        self.received_on.value = self.today or dt.date.today()
        self.pasted = kit.text_input(say("feedback.record.pasted_label"),
                                     say("feedback.record.pasted_placeholder"), multiline=True,
                                     rows=7)
        self.save_button = kit.button(say("feedback.record.save_button"), style="primary")
        self.save_button.on_click(lambda _b: self.save_pasted())
        self.save_status = kit.SaveStatus()
        for control in (self.source, self.received_on, self.pasted, self.save_button):
            control.disabled = self.journal.read_only
        self.points = kit.ListEditor(self._load_points, self._card,
            lambda: point_store.add_point(self.journal, process["id"], request_id=self.source.value,
                                          received_on=self.received_on.value),
            add_label=say("feedback.record.add_point"),
            empty_text=say("feedback.record.none"),
            read_only=self.journal.read_only)
        return [kit.prompt(w["record_prompt"]), self.source, self.received_on, self.pasted,
                kit.HBox([self.save_button, self.save_status]),
                kit.prompt(say("feedback.record.points_prompt")), self.points]

    def _load_points(self) -> list[Row]:
        rows = point_store.points_for(self.journal, self.process_id)
        self._numbers = {r["id"]: i + 1 for i, r in enumerate(rows)}
        return rows

    def _refresh_sources(self) -> None:
        rows = request_store.requests_for(self.journal, self.process_id)
        self._sources = tuple((r["id"], request_store.describe(r)) for r in rows)
        current = self.source.value
        sent = [r["id"] for r in rows if r.get("status") not in (None, "draft")]
        self.source.options = [(say("feedback.record.not_from_request"), None)] + [
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
            "text": kit.text_input(say("feedback.record.point_label"),
                                   say("feedback.record.point_placeholder"), multiline=True,
                                   rows=2),
            "themes": kit.CheckboxGroup(say("feedback.record.themes_label"), themes()),
            "surprise": widgets.ToggleButtons(
                description=say("feedback.record.expected_label"),
                options=[(labels[0], False), (labels[1], True)],
                value=None, tooltips=[w["surprise_prompt"]] * 2,
                style=kit.label_style(widgets.ToggleButtons, button_width="auto")),
            "action": kit.text_input(say("feedback.record.action_label"), w["action_prompt"]),
        }
        for theme in row.get("themes") or []:
            if theme not in fields["themes"]._boxes:  # a theme a coach has since renamed
                fields["themes"] = kit.CheckboxGroup(say("feedback.record.themes_label"),
                                                     themes() + [
                    t for t in row["themes"] if t not in themes()])
                break
        form = kit.RowForm(self.journal, "feedback_points", fields)
        form.load(row)
        title = say("feedback.record.point_title", number=self._numbers.get(row["id"], "")).strip()
        if row.get("received_on"):
            title += " · " + say("feedback.record.received", date=_long_date(row["received_on"]))

        def remove():
            try:
                self.journal.delete("feedback_points", form.row["id"], form.row["rev"])
            except kit.WRITE_ERRORS as exc:
                form.status.error(kit.save_error_message(exc))
                return
            self.points.refresh()

        remover = kit.ConfirmButton(say("feedback.record.remove_button"),
                                    say("feedback.record.remove_question"), remove)
        remover.disabled = self.journal.read_only
        card = kit.VBox([
            kit.html(html_text(title), "nr-card-title"), fields["text"], fields["themes"],
            kit.prompt(w["surprise_prompt"]), fields["surprise"],
            fields["action"], kit.HBox([remover, form.status]),
        ])
        card.add_class("nr-card")
        card.form = form
        return card
