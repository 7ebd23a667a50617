"""Follow-ups: every request with its status, those due first, a follow-up draft and a reminder."""

from __future__ import annotations

import logging

import datetime as dt

import ipywidgets as widgets

from nextround.rules.states import REQUEST_STATUSES, WAITING
from nextround.safe_text import html_text
from nextround.store import feedback_requests as request_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.kit.cards import CardList
from nextround.ui.feedback.parts import _long_date, _slug, _w, download_link, message_links
from nextround.words import say

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------- follow-ups
class FollowUps(kit.Section):
    """Every request across all processes, those due for a follow-up first."""

    def __init__(self, journal: Journal, *, today: dt.date | None = None):
        self.journal = journal
        self.today = today
        w = _w()
        self.days = widgets.BoundedIntText(description=say("feedback.follow_ups.days_label"),
                                           min=1, max=60,
                                           value=request_store.follow_up_days(journal),
                                           style=kit.label_style(widgets.BoundedIntText),
                                           layout=kit.layout(width="min(100%, 18rem)"))
        names = w["weekday_names"]
        working = request_store.working_weekdays(journal)
        self.week = kit.CheckboxGroup(say("feedback.follow_ups.week_label"), names, columns=7)
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
                                 noun=(say("feedback.follow_ups.noun_one"),
                                       say("feedback.follow_ups.noun_many")), empty="")
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
            self.summary.value = html_text(say("feedback.follow_ups.none"))
            return
        count = len(rows)
        if due:
            text = (say("feedback.follow_ups.summary_due_one", count=count, due=due) if count == 1
                    else say("feedback.follow_ups.summary_due_many", count=count, due=due))
        else:
            text = (say("feedback.follow_ups.summary_none_due_one", count=count) if count == 1
                    else say("feedback.follow_ups.summary_none_due_many", count=count))
        self.summary.value = html_text(text)

    def _card(self, row: Row, process: Row) -> widgets.Widget:
        today = self._today()
        who = row.get("person_name") or say("feedback.someone")
        if row.get("person_role"):
            who += f" ({row['person_role']})"
        title = process.get("company") or say("feedback.follow_ups.a_process")
        if process.get("role"):
            title += f" — {process['role']}"
        title += f" · {who}"
        facts = [say("feedback.follow_ups.status", status=row.get("status") or "draft")]
        if row.get("sent_on"):
            facts.append(say("feedback.follow_ups.sent", date=_long_date(row["sent_on"])))
        if row.get("answered_on"):
            facts.append(say("feedback.follow_ups.replied", date=_long_date(row["answered_on"])))
        line = html_text(" · ".join(facts))
        if row.get("follow_up_on"):
            due_on = dt.date.fromisoformat(row["follow_up_on"])
            late = (today - due_on).days
            when = say("feedback.follow_ups.follow_up_by", date=_long_date(row["follow_up_on"]))
            if request_store.is_due(row, today):
                due = (say("feedback.follow_ups.due_today") if late == 0 else
                       say("feedback.follow_ups.overdue_one", days=late) if late == 1 else
                       say("feedback.follow_ups.overdue_many", days=late))
                when += " — " + due
                line += ' · <span class="nr-due">' + html_text(when) + "</span>"
            else:
                line += " · " + html_text(when)

        status = widgets.Dropdown(description=say("feedback.follow_ups.status_label"), options=[
            (s.capitalize(), s) for s in REQUEST_STATUSES], value=row.get("status") or "draft",
            style=kit.label_style(), layout=kit.layout(width="min(100%, 22rem)"))
        on = kit.date_input(say("feedback.follow_ups.as_of"))
        on.value = today
        save = kit.button(say("feedback.follow_ups.update_button"))
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
                extras.append(download_link(say("feedback.follow_ups.reminder"), filename, ics,
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
        show = kit.button(say("feedback.follow_ups.draft_button"))
        box = kit.VBox([show])

        def open_draft(_b=None):
            # Read again: the tone, say, may have changed since the card was built.
            current = self.journal.get("feedback_requests", row["id"]) or row
            data = request_store.draft_input(self.journal, current)
            text = request_store.follow_up_message(data)
            editor = kit.text_input(say("feedback.follow_ups.editor_label"), multiline=True,
                                    rows=9)
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
