"""The interview coming up: log it, or change it, and the countdown."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from nextround.store import upcoming as store
from nextround.errors import ChangedElsewhere, JournalError
from nextround.store.journal import Row
from nextround.safe_text import html_text
from nextround.ui import kit
from nextround.words import words
from nextround.ui.next_interview.state import PlanState, _keep_option, _w
from nextround.store.upcoming import times


# -------------------------------------------------------------------------- interview
class InterviewForm(kit.Section):
    """Log the interview coming up (or change one), and say how long is left."""

    def __init__(self, state: PlanState):
        self.state = state
        self.journal = state.journal
        w = _w()
        process_words = words()["process"]
        self.choice = widgets.Dropdown(description=w["choice_label"], style=kit.label_style(),
                                       layout=kit.layout(width="min(100%, 40rem)"))
        self.choice.observe(self._chosen, "value")
        self.fields = {
            "company": kit.text_input(w["company_label"], w["company_placeholder"]),
            "role": kit.text_input(w["role_label"], w["role_placeholder"]),
            "held_on": kit.date_input(w["date_label"]),
            "starts_at": kit.text_input(w["time_label"], w["time_placeholder"]),
            "timezone": widgets.Combobox(description=w["timezone_label"],
                                         options=times.timezone_names(), ensure_option=False,
                                         style=kit.label_style(widgets.Text),
                                         layout=kit.layout(width="min(100%, 30rem)")),
            "minutes": widgets.BoundedIntText(description=w["minutes_label"], min=1,
                                              max=store.MAX_MINUTES, value=store.DEFAULT_MINUTES,
                                              style=kit.label_style(widgets.Text),
                                              layout=kit.layout(width="min(100%, 20rem)")),
            "kind": kit.choice_input(w["kind_label"], process_words["stage_kinds"]),
            "format": kit.choice_input(w["format_label"], process_words["stage_formats"]),
            "people": kit.text_input(w["people_label"], w["people_placeholder"]),
            "notes": kit.text_input(w["notes_label"], w["notes_placeholder"], multiline=True),
        }
        self.save_button = kit.button(w["save_new"], style="primary")
        self.save_button.on_click(lambda _b: self.save())
        self.remove_button = kit.ConfirmButton(w["remove_button"], w["remove_question"],
                                               self.remove)
        self.status = kit.SaveStatus()
        self.countdown = kit.html("", "nr-countdown")
        self.when = kit.html("", "nr-muted")
        for control in (*self.fields.values(), self.save_button, self.choice):
            control.disabled = self.journal.read_only
        self.remove_button.disabled = self.journal.read_only
        super().__init__("", "", [
            self.countdown, self.when, self.choice, *self.fields.values(),
            kit.HBox([self.save_button, self.remove_button, self.status])])
        self.add_class("nr-exercise-interview")
        self._loading = False
        state.on_change(self, self._state_changed)
        self._state_changed()

    # the list of interviews and what is shown
    def _options(self) -> list[tuple[str, int | None]]:
        rows = store.still_to_come(self.journal)
        return [(_w()["new_choice"], None)] + [(self._label(r), r["id"]) for r in rows]

    @staticmethod
    def _label(row: Row) -> str:
        parts = [row["company"] or "", row["role"] or "", f"{row['held_on']} {row['starts_at'] or ''}"]
        return " — ".join(p.strip() for p in parts if p and p.strip())

    def _state_changed(self) -> None:
        self._loading = True
        try:
            self.choice.options = self._options()
            current = self.state.upcoming
            chosen = current["id"] if current and current["status"] == store.UPCOMING else None
            self.choice.value = chosen
        finally:
            self._loading = False
        self._show(self.state.upcoming if self.choice.value else None)

    def _show(self, row: Row | None, keep_typed: bool = False) -> None:
        w = _w()
        if not keep_typed:
            self._loading = True
            try:
                for name, widget in self.fields.items():
                    value = row.get(name) if row else None
                    if name == "held_on":
                        widget.value = dt.date.fromisoformat(value) if value else None
                    elif name == "timezone":
                        widget.value = value or store.local_timezone_name()
                    elif name == "minutes":
                        widget.value = value or store.DEFAULT_MINUTES
                    elif name == "starts_at":
                        widget.value = value or w["default_time"]
                    elif isinstance(widget, widgets.Dropdown):
                        _keep_option(widget, value)
                        widget.value = value
                    else:
                        widget.value = value or ""
            finally:
                self._loading = False
        self.save_button.description = w["save_changes"] if row else w["save_new"]
        kit.show(self.remove_button, row is not None)
        plan = self.state.plan
        if row is not None and plan is not None:
            begins = store.starts(row)
            self.countdown.value = html_text(plan.countdown())
            self.when.value = html_text(w["when"].format(
                date=times.long_date(begins.date()), time=f"{begins:%H:%M}",
                timezone=row["timezone"] or "UTC"))
        else:
            self.countdown.value = html_text(w["countdown_none"])
            self.when.value = ""

    def _chosen(self, change) -> None:
        if self._loading:
            return
        self.status.idle()
        self.state.choose(change["new"])

    def values(self) -> dict:
        out = {}
        for name, widget in self.fields.items():
            value = widget.value
            if isinstance(value, str):
                value = value.strip() or None
            out[name] = value
        return out

    def save(self) -> None:
        values = self.values()
        row = self.state.upcoming if self.choice.value else None
        try:
            if row is None:
                if not values.get("company"):
                    raise JournalError(words()["next_interview"]["needs_company"])
                if not values.get("held_on"):
                    raise JournalError(words()["next_interview"]["needs_date"])
                saved = store.add_upcoming(self.journal, **values)
            else:
                saved = store.update_upcoming(self.journal, row, **values)
        except ChangedElsewhere as exc:
            self.status.error(str(exc))
            return
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        self.status.saved()
        self.state.choose(saved["id"])

    def remove(self) -> None:
        row = self.state.upcoming
        if row is None:
            return
        try:
            store.remove_upcoming(self.journal, row)
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        self.status.idle()
        following = store.next_one(self.journal)
        self.state.choose(following["id"] if following else None)
