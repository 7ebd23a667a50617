"""Before your next interview: log the interview coming up and work through its plan.

The notebook shows one part per cell:

    page = NextInterview()
    page.header()      # notices
    page.interview()   # the interview coming up: log it, or change it; the countdown
    page.research()    # the preparation checklist, the areas you usually skimp on first
    page.practice()    # the surprise questions due before the day, weakest recall first
    page.address()     # feedback themes named more than once, and what answers them
    page.fit()         # questions to ask them, and people you met before
    page.calendar()    # an .ics with the interview and the practice sessions
    page.log_it()      # afterwards: log it as a process in step 1
    page.people()      # everyone you met, with their history

Every part reads one shared plan (`PlanState`), rebuilt when the journal changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from nextround.store import practice as practice_store
from nextround.store import questions as question_store
from nextround.store import upcoming as store
from nextround.errors import ChangedElsewhere, JournalError
from nextround.store.journal import Journal, Row
from nextround.safe_text import html_attr, html_text
from nextround.ui import kit
from nextround.ui.kit.downloads import DownloadLink
from nextround.ui.people import ContactsList
from nextround.words import words

Clock = Callable[[], dt.datetime]

# Tables whose changes can change the plan.
WATCHED = {"upcoming_interviews", "preparations", "questions", "answer_versions",
           "practice_cards", "practice_reviews", "feedback_points", "takeaways", "goals",
           "work_values", "target_roles", "contacts", "contact_links", "processes",
           "feedback_requests", "stages"}

CSS = """
<style>
.nr-countdown { font-size: 1.25em; font-weight: 600; margin: 6px 0; }
.nr-plan-weak { color: var(--jp-warn-color1, #a05a00); font-weight: 600; }
.nr-plan-item { margin: 6px 0; }
.nr-plan-list li { margin: 4px 0; }
</style>
"""


def _w() -> dict:
    return words()["next_interview"]["page"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class PlanState:
    """The interview being prepared and its plan, shared by every part of the page."""

    def __init__(self, journal: Journal, clock: Clock):
        self.journal = journal
        self.clock = clock
        self.upcoming: Row | None = None
        self.plan: store.Plan | None = None
        self._listeners: list[Callable[[], None]] = []
        chosen = store.next_one(journal)
        self.choose(chosen["id"] if chosen else None)
        self._unsubscribe = journal.subscribe(
            lambda tables: self.reload() if tables & WATCHED else None)

    def close(self) -> None:
        """Stop following the journal (the page that made this state closed)."""
        self._unsubscribe()
        self._listeners.clear()

    def on_change(self, owner: widgets.Widget, listener: Callable[[], None]) -> None:
        """Call `listener()` after the plan changes, for as long as `owner` lives."""
        self._listeners.append(listener)
        kit.when_closed(owner, lambda: self._listeners.remove(listener)
                        if listener in self._listeners else None)

    def choose(self, upcoming_id: int | None) -> None:
        self.upcoming = self.journal.get("upcoming_interviews", upcoming_id) if upcoming_id else None
        self._rebuild()

    def reload(self) -> None:
        current = self.upcoming["id"] if self.upcoming else None
        row = self.journal.get("upcoming_interviews", current) if current else None
        if row is None or row["status"] != store.UPCOMING:  # removed or logged meanwhile
            row = store.next_one(self.journal)
        self.upcoming = row
        self._rebuild()

    def _rebuild(self) -> None:
        self.plan = store.plan(self.journal, self.upcoming, self.clock()) if self.upcoming else None
        for listener in list(self._listeners):
            listener()


class _PlanPart(kit.Section):
    """One part of the plan; shows a kind line until an interview is logged."""

    css_name = ""

    def __init__(self, state: PlanState):
        self.state = state
        self.journal = state.journal
        self._shown: object = ()
        super().__init__("", "", [])
        self.add_class(f"nr-exercise-{self.css_name}")
        state.on_change(self, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        plan = self.state.plan
        # Rebuilt only when what it shows changed: a card being worked on stays put while
        # another part of the page saves.
        shown = (plan.upcoming["id"], self.signature(plan)) if plan is not None else None
        if shown == self._shown:
            return
        self._shown = shown
        if plan is None:
            self.set_content([kit.html(html_text(_w()["no_interview"]), "nr-muted")])
            return
        self.set_content(self.build(plan))

    def signature(self, plan: store.Plan) -> object:
        """What this part shows of the plan (it is rebuilt when this changes)."""
        raise NotImplementedError

    def build(self, plan: store.Plan) -> list[widgets.Widget]:
        raise NotImplementedError


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
                                         options=store.timezone_names(), ensure_option=False,
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
                date=store.long_date(begins.date()), time=f"{begins:%H:%M}",
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


def _keep_option(dropdown: widgets.Dropdown, value) -> None:
    """A choice saved under other words stays shown as it was saved."""
    values = [v for _, v in dropdown.options] if dropdown.options and isinstance(
        dropdown.options[0], tuple) else list(dropdown.options)
    if value is not None and value not in values:
        dropdown.options = [*dropdown.options, (str(value), value)]


# ------------------------------------------------------------------------------ research
class Research(_PlanPart):
    css_name = "research"

    def signature(self, plan: store.Plan) -> object:
        return (tuple(plan.areas), plan.audits, plan.upcoming["company"], plan.upcoming["role"])

    def build(self, plan: store.Plan) -> list[widgets.Widget]:
        w = _w()
        levels = words()["preparation"]["levels"]
        intro = w["research_intro_history"].format(audits=plan.audits) if plan.audits else w[
            "research_intro_none"]
        rows: list[widgets.Widget] = [kit.html(html_text(intro), "nr-muted")]
        self.boxes: dict[str, widgets.Checkbox] = {}
        for area in plan.areas:
            box = widgets.Checkbox(value=area.ticked, description=area.task, indent=False,
                                   layout=kit.layout(width="100%"))
            box.disabled = self.journal.read_only
            box.observe(lambda change, field=area.field: self._ticked(field, change["new"]), "value")
            self.boxes[area.field] = box
            if area.average is None:
                usual = w["area_never"]
            else:
                usual = w["area_usual"].format(level=levels[min(round(area.average), len(levels) - 1)],
                                               average=f"{area.average:.1f}")
            weak = f' <span class="nr-plan-weak">{html_text(w["weak_spot"])}</span>' if area.weak else ""
            rows.append(kit.VBox([box, kit.html(
                f'<span class="nr-muted">{html_text(area.label)} · {html_text(usual)}</span>{weak}')],
                _dom_classes=("nr-plan-item",)))
        self.status = kit.SaveStatus()
        rows.append(self.status)
        return rows

    def _ticked(self, field: str, done: bool) -> None:
        upcoming = self.journal.get("upcoming_interviews", self.state.upcoming["id"])
        try:
            if upcoming is None:
                raise JournalError(words()["next_interview"]["gone"])
            store.tick(self.journal, upcoming, field, done)
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))


# ------------------------------------------------------------------------------ practice
class Practice(_PlanPart):
    css_name = "interview-practice"

    def signature(self, plan: store.Plan) -> object:
        return (tuple((i.question_id, i.text, i.planned_on, i.brought_in, round(i.recall * 100))
                      for i in plan.practice), plan.not_due)

    def build(self, plan: store.Plan) -> list[widgets.Widget]:
        w = _w()
        if not plan.practice:
            text = w["practice_none_due"] if practice_store.deck_size(self.journal) else w[
                "practice_empty_deck"]
            return [kit.html(html_text(text), "nr-muted")]
        rows: list[widgets.Widget] = [kit.html(html_text(w["practice_intro"]), "nr-muted")]
        for item in plan.practice:
            rows.append(PracticeCard(self, item))
        if plan.not_due:
            key = "practice_not_due_one" if plan.not_due == 1 else "practice_not_due_many"
            rows.append(kit.html(html_text(w[key].format(n=plan.not_due)), "nr-muted"))
        return rows


class PracticeCard(kit.VBox):
    """One question: recall it, reveal the better answer, say how it went."""

    def __init__(self, part: Practice, item: store.PracticeItem):
        w = _w()
        self.part = part
        self.item = item
        planned = store.long_date(item.planned_on)
        note = w["planned_brought_in" if item.brought_in else "planned_on"].format(date=planned)
        recall = w["recall"].format(percent=round(item.recall * 100))
        self.reveal = kit.button(w["reveal_button"])
        self.reveal.on_click(lambda _b: self.show_answer())
        self.answer = kit.html("")
        ratings = words()["learning"]["practice_rating_buttons"]
        self.rate_buttons = []
        for rating, label in zip(practice_store.RATINGS, ratings):
            button = kit.button(label)
            button.on_click(lambda _b, r=rating: self.rate(r))
            button.disabled = part.journal.read_only
            self.rate_buttons.append(button)
        self.rate_row = kit.HBox(self.rate_buttons)
        kit.show(self.rate_row, False)
        self.status = kit.SaveStatus()
        super().__init__([
            kit.html(html_text(item.text), "nr-card-title"),
            kit.html(f"{html_text(note)} · {html_text(recall)}", "nr-muted"),
            kit.html(html_text(words()["learning"]["recall_prompt"]), "nr-muted"),
            self.reveal, self.answer, self.rate_row, self.status])
        self.add_class("nr-card")
        self.add_class("nr-practice-item")

    def show_answer(self) -> None:
        answer = question_store.latest_answer(self.part.journal, self.item.question_id)
        parts = []
        for field, label, _hint in words()["learning"]["star_parts"]:
            text = (answer or {}).get(field) or ""
            if text.strip():
                parts.append(f"<p><b>{html_text(label)}</b>: {html_text(text)}</p>")
        self.answer.value = "".join(parts) or html_text(_w()["no_answer"])
        kit.show(self.reveal, False)
        kit.show(self.rate_row, True)

    def rate(self, rating: int) -> None:
        try:
            practice_store.review(self.part.journal, self.item.question_id, rating,
                                  self.part.state.clock())
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))


# ------------------------------------------------------------------------------- address
class Address(_PlanPart):
    css_name = "address"

    def signature(self, plan: store.Plan) -> object:
        return tuple(plan.themes)

    def build(self, plan: store.Plan) -> list[widgets.Widget]:
        w = _w()
        if not plan.themes:
            return [kit.html(html_text(w["themes_none"]), "nr-muted")]
        items = []
        from nextround.store.contacts import and_list

        for theme in plan.themes:
            where = w["theme_named"].format(count=theme.count, companies=and_list(list(theme.companies)))
            lines = [f"<b>{html_text(theme.name)}</b>: {html_text(where)}"]
            if theme.takeaways:
                lines.append(html_text(w["theme_takeaways"]) + '<ul class="nr-list">' + "".join(
                    f"<li>{html_text(t)}</li>" for t in theme.takeaways) + "</ul>")
            if theme.goals:
                lines.append(html_text(w["theme_goals"]) + '<ul class="nr-list">' + "".join(
                    f"<li>{html_text(g)}</li>" for g in theme.goals) + "</ul>")
            else:
                lines.append(f'<span class="nr-muted">{html_text(w["theme_no_goal"])}</span> '
                             f'<a href="04_keep_learning.ipynb">{html_text(w["theme_goal_link"])}</a>')
            items.append("<li>" + "<br>".join(lines) + "</li>")
        return [kit.html(html_text(w["themes_intro"]), "nr-muted"),
                kit.html(f'<ul class="nr-list nr-plan-list">{"".join(items)}</ul>')]


# ----------------------------------------------------------------------------------- fit
class Fit(_PlanPart):
    css_name = "fit-questions"

    def signature(self, plan: store.Plan) -> object:
        from nextround.store.contacts import describe

        return (tuple(plan.asks), tuple((h.contact["name"], describe(h)) for h in plan.met_before),
                tuple((p["id"], p["company"], p["role"], p["applied_on"]) for p in plan.been_before))

    def build(self, plan: store.Plan) -> list[widgets.Widget]:
        w = _w()
        from nextround.store.contacts import and_list, describe

        parts: list[widgets.Widget] = []
        met = []
        for item in plan.met_before:
            sentence = w["met_before"].format(name=item.contact["name"],
                                              companies=and_list(item.companies))
            detail = describe(item)
            met.append(f"<li>{html_text(sentence)} <span class=\"nr-muted\">{html_text(detail)}</span></li>")
        for process in plan.been_before:
            sentence = w["been_before"].format(company=process["company"] or "",
                                               role=process["role"] or w["role_if_blank"],
                                               date=process["applied_on"] or "")
            met.append(f"<li>{html_text(sentence)} <a href=\"01_review_and_reflect.ipynb\">"
                       f"{html_text(w['been_before_link'])}</a></li>")
        if met:
            parts.append(kit.notice(f'<ul class="nr-list nr-met-before">{"".join(met)}</ul>'))
        if not plan.asks:
            parts.append(kit.html(html_text(w["asks_none"]) + ' <a href="03_its_not_personal.ipynb">'
                                  + html_text(w["asks_link"]) + "</a>", "nr-muted"))
            return parts
        items = "".join(f"<li>{html_text(a.question)}<br><span class=\"nr-muted\">"
                        f"{html_text(a.because)}</span></li>" for a in plan.asks)
        parts.append(kit.html(f'<ol class="nr-list nr-plan-list nr-asks">{items}</ol>'))
        return parts


# ------------------------------------------------------------------------------ calendar
class CalendarFile(_PlanPart):
    css_name = "interview-calendar"

    def signature(self, plan: store.Plan) -> object:
        return len(plan.sessions)

    def build(self, plan: store.Plan) -> list[widgets.Widget]:
        w = _w()
        count = len(plan.sessions)
        key = "calendar_one" if count == 1 else "calendar_many"
        self.button = kit.button(w["calendar_button"], style="primary")
        self.button.on_click(lambda _b: self.make())
        self.link = DownloadLink()
        self.status = kit.SaveStatus()
        return [kit.html(html_text(w[key].format(n=count)), "nr-muted"),
                kit.HBox([self.button, self.status]), self.link]

    def make(self) -> None:
        # Built when asked, from the plan as it is now.
        self.state.reload()
        plan = self.state.plan
        if plan is None:
            return
        try:
            data = store.calendar_ics(plan)
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        self.link.show(_w()["calendar_link"], store.calendar_file_name(plan.upcoming), data,
                       "text/calendar")


# -------------------------------------------------------------------------------- log it
class LogIt(_PlanPart):
    css_name = "log-it"

    def signature(self, plan: store.Plan) -> object:
        return (sum(a.ticked for a in plan.areas), len(plan.areas))

    def build(self, plan: store.Plan) -> list[widgets.Widget]:
        w = _w()
        ticked = sum(a.ticked for a in plan.areas)
        self.button = kit.button(w["log_button"], style="success")
        self.button.on_click(lambda _b: self.log())
        self.button.disabled = self.journal.read_only
        self.status = kit.SaveStatus()
        self.done = kit.html("")
        line = w["log_intro"].format(ticked=ticked, total=len(plan.areas))
        return [kit.html(html_text(line), "nr-muted"), kit.HBox([self.button, self.status]),
                self.done]

    def log(self) -> None:
        upcoming = self.state.upcoming
        if upcoming is None:
            return
        try:
            process = store.log_it(self.journal, upcoming, today=self.state.clock().astimezone(
                store.zone(upcoming)).date())
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        done = (html_text(_w()["logged"].format(company=process["company"] or ""))
                + f' <a href="{html_attr("01_review_and_reflect.ipynb")}">'
                + html_text(_w()["logged_link"]) + "</a>")
        self.state.reload()
        # The part may have been rebuilt by the reload: say it where it is shown now.
        self.set_content([kit.notice(done)] + list(self.children[len(self._header):]))


# ---------------------------------------------------------------------------------- page
class NextInterview(kit.Page):
    def __init__(self, journal: Journal | None = None, clock: Clock | None = None):
        super().__init__(journal)
        self.clock = clock or _now
        self.state = PlanState(self.journal, self.clock)
        self.when_closed(self.state.close)

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([kit.style_sheet(), kit.html(CSS, "nr-styles"),
                             *kit.journal_notices(self.journal)]))

    def interview(self) -> widgets.Widget:
        return self.shown("interview", lambda: InterviewForm(self.state))

    def research(self) -> widgets.Widget:
        return self.shown("research", lambda: Research(self.state))

    def practice(self) -> widgets.Widget:
        return self.shown("practice", lambda: Practice(self.state))

    def address(self) -> widgets.Widget:
        return self.shown("address", lambda: Address(self.state))

    def fit(self) -> widgets.Widget:
        return self.shown("fit", lambda: Fit(self.state))

    def calendar(self) -> widgets.Widget:
        return self.shown("calendar", lambda: CalendarFile(self.state))

    def log_it(self) -> widgets.Widget:
        return self.shown("log_it", lambda: LogIt(self.state))

    def people(self) -> widgets.Widget:
        return self.shown("people", lambda: ContactsList(self.journal))
