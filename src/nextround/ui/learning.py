"""Step 4 · Keep learning and progressing: the exercises of workbook 4.

The notebook shows one exercise per cell:

    step = KeepLearning()
    step.header()          # notices and what is due
    step.questions()       # the question that surprised you, and a better STAR answer
    step.practice()        # a spaced-repetition deck of those questions
    step.learning_plan()   # SMART goals from takeaways, feedback and your own, with sessions
    step.stay_current()    # topics in your niche and dated notes
    step.charts()

`clock` (a function returning the current time, timezone-aware) is injectable so tests can
move through days without waiting for them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import ipywidgets as widgets

from nextround import specs
from nextround.rules import star_check
from nextround.rules.states import GOAL_STATUSES
from nextround.safe_text import html_text
from nextround.store import goals as goal_store
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store import topics as topic_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.kit.cards import CardList
from nextround.words import words

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _w() -> dict:
    return words()["learning"]


class KeepLearning(kit.Page):
    def __init__(self, journal: Journal | None = None, clock: Clock | None = None):
        super().__init__(journal)
        self.clock = clock or _utc_now

    def today(self) -> dt.date:
        return self.clock().astimezone().date()

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([kit.style_sheet(), *kit.journal_notices(self.journal),
                             DueToday(self.journal, self.clock)]))

    def questions(self) -> widgets.Widget:
        return self.shown("questions", lambda: SurpriseQuestions(self.journal))

    def practice(self) -> widgets.Widget:
        return self.shown("practice", lambda: PracticeDeck(self.journal, self.clock))

    def learning_plan(self) -> widgets.Widget:
        return self.shown("learning_plan", lambda: LearningPlan(self.journal, self.today))

    def stay_current(self) -> widgets.Widget:
        return self.shown("stay_current", lambda: StayCurrent(self.journal, self.today))

    def charts(self) -> widgets.Widget:
        return self.shown("charts", lambda: LearningCharts(self.journal, self.today))


def _disable(journal: Journal, *controls: widgets.Widget) -> None:
    if journal.read_only:
        for control in controls:
            control.disabled = True


def _remove_entry(card: QuestionCard | GoalCard | TopicCard, table: str,
                  remove: Callable[[Journal, Row], object], on_removed: Callable[[], None]) -> None:
    """Remove the row a card edits. What is typed is saved first, and the row is read again
    so the removal checks the revision just written; `on_removed` runs once it is gone."""
    card.flush()
    row = card.journal.get(table, card.form.row["id"])
    if row is None or kit.try_write(lambda: remove(card.journal, row), card.form.status):
        on_removed()


def _added_first(rows: list[Row], added: list[int]) -> list[Row]:
    """`rows` with those added in this sitting first, newest first: a new card opens where
    the person is looking, not behind "Show more". A reload puts it back in its place."""
    by_id = {row["id"]: row for row in rows}
    first = [by_id[i] for i in reversed(added) if i in by_id]
    pinned = {row["id"] for row in first}
    return first + [row for row in rows if row["id"] not in pinned]


class DueToday(widgets.HTML):
    """One line at the top: what is waiting in this step today."""

    def __init__(self, journal: Journal, clock: Clock):
        super().__init__()
        self.add_class("nr-summary")
        self.journal, self.clock = journal, clock
        kit.listen(self, journal, {"questions", "answer_versions", "practice_cards", "goals"},
                   lambda _tables: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        now = self.clock()
        due = len(practice.due(self.journal, now))
        today = now.astimezone().date().isoformat()
        active = [g for g in self.journal.rows("goals", {"status": "active"})]
        soon = sum(1 for g in active if g["deadline"] and g["deadline"] <= today)
        parts = [f"{due} question{'s' if due != 1 else ''} to practise",
                 f"{len(active)} active goal{'s' if len(active) != 1 else ''}"]
        if soon:
            parts.append(f"{soon} at or past {'its' if soon == 1 else 'their'} deadline")
        self.value = "Today: " + ", ".join(parts) + "."


# ------------------------------------------------------------------ surprise questions
def _process_options(journal: Journal) -> list[tuple[str, int | None]]:
    return [("— none —", None)] + [(process_store.describe(p), p["id"])
                                   for p in journal.rows("processes", order_by="id DESC")]


def _stage_options(journal: Journal, process_id: int | None) -> list[tuple[str, int | None]]:
    options: list[tuple[str, int | None]] = [("— none —", None)]
    if process_id is not None:
        for stage in process_store.stages(journal, process_id):
            label = f"Stage {stage['position'] + 1}"
            if stage.get("kind"):
                label += f" · {stage['kind']}"
            options.append((label, stage["id"]))
    return options


def _dropdown(label: str, options) -> widgets.Dropdown:
    return widgets.Dropdown(description=label, options=options, value=None,
                            style=kit.label_style(),
                            layout=kit.layout(width="min(100%, 40rem)"))


def _link_stage_to_process(journal: Journal, process: widgets.Dropdown,
                           stage: widgets.Dropdown) -> None:
    def follow(change) -> None:
        options = _stage_options(journal, change["new"])
        keep = stage.value if stage.value in {v for _, v in options} else None
        stage.options = options
        stage.value = keep

    process.observe(follow, "value")


class SurpriseQuestions(kit.Section):
    """Log the question that caught you out; build a better answer, version by version."""

    def __init__(self, journal: Journal):
        self.journal = journal
        w = _w()
        self.text = kit.text_input("Question", w["question_prompt"], multiline=True, rows=2)
        self.category = kit.choice_input("Kind of question", w["question_categories"])
        self.process = _dropdown("Process", _process_options(journal))
        self.stage = _dropdown("Stage", _stage_options(journal, None))
        _link_stage_to_process(journal, self.process, self.stage)
        current = process_store.current_process_id(journal)
        if current is not None:
            self.process.value = current
        self.add_button = kit.button("Add this question", style="primary")
        self.add_button.on_click(lambda _b: self.add())
        self.status = kit.SaveStatus()
        _disable(journal, self.add_button)
        self.chooser = _dropdown("Work on", [])
        self._refreshing = False
        self.chooser.observe(self._chosen, "value")
        self.editor = kit.VBox()
        new_question = kit.VBox([
            kit.prompt("Log a question that surprised you"), self.text, self.category,
            self.process, self.stage, kit.HBox([self.add_button, self.status])])
        new_question.add_class("nr-new-question")
        super().__init__("", "", [new_question, kit.prompt("Your surprise questions"),
                                  self.chooser, self.editor])
        self.add_class("nr-exercise-questions")
        self.refresh_choices()
        self._show(self.chooser.value)

    def add(self) -> None:
        row = kit.save_with(self.status, lambda: question_store.add_question(
            self.journal, self.text.value, category=self.category.value,
            process_id=self.process.value, stage_id=self.stage.value))
        if row is None:
            return
        self.text.value = ""
        self.category.value = None
        self.refresh_choices(select=row["id"])
        self._show(row["id"])

    def refresh_choices(self, select: int | None = None) -> None:
        rows = question_store.all_questions(self.journal)
        options = [(question_store.describe(q), q["id"]) for q in rows]
        current = select if select is not None else self.chooser.value
        self._refreshing = True
        try:
            self.chooser.options = options or [("No questions yet", None)]
            ids = {q["id"] for q in rows}
            self.chooser.value = current if current in ids else (options[0][1] if options else None)
        finally:
            self._refreshing = False

    def _chosen(self, change) -> None:
        if not self._refreshing:
            self._show(change["new"])

    def _show(self, question_id: int | None) -> None:
        if getattr(self, "card", None) is not None:
            self.card.flush()
        question = self.journal.get("questions", question_id) if question_id else None
        if question is None:
            self.card = None
            self.editor.children = [kit.html(
                "No surprise questions yet. Think of the one you replayed on the way home.",
                "nr-muted")]
            return
        self.card = QuestionCard(self.journal, question, on_renamed=lambda row: self.refresh_choices(),
                                 on_removed=self._removed)
        self.editor.children = [self.card]

    def _removed(self) -> None:
        self.card = None
        self.refresh_choices()
        self._show(self.chooser.value)


class QuestionCard(kit.VBox):
    """One question: its facts, what was answered then, and the better STAR answer."""

    def __init__(self, journal: Journal, question: Row, *, on_renamed: Callable[[Row], None],
                 on_removed: Callable[[], None]):
        self.journal = journal
        w = _w()
        self.fields = {
            "text": kit.text_input("Question", multiline=True, rows=2),
            "category": kit.choice_input("Kind of question", w["question_categories"]),
            "process_id": _dropdown("Process", _process_options(journal)),
            "stage_id": _dropdown("Stage", _stage_options(journal, question["process_id"])),
            "answered_then": kit.text_input("What I answered", w["answered_then_prompt"],
                                            multiline=True),
        }
        _link_stage_to_process(journal, self.fields["process_id"], self.fields["stage_id"])
        self._label = question_store.describe(question)
        self._on_renamed = on_renamed
        self.form = kit.RowForm(journal, "questions", self.fields, on_saved=self._saved)
        self.form.load(question)
        self.answer = AnswerEditor(journal, question["id"])
        self.remove = kit.ConfirmButton(
            "Remove question", "Remove this question, every version of its answer and its "
            "practice history?", lambda: self._remove(on_removed))
        self.remove.disabled = journal.read_only
        super().__init__([*self.fields.values(), self.form.status, self.answer, self.remove])
        self.add_class("nr-card")
        self.add_class("nr-question-card")

    def _saved(self, row: Row) -> None:
        if question_store.describe(row) != self._label:
            self._label = question_store.describe(row)
            self._on_renamed(row)

    def flush(self) -> None:
        self.form.flush()
        self.answer.flush()

    def _remove(self, on_removed: Callable[[], None]) -> None:
        _remove_entry(self, "questions", question_store.remove_question, on_removed)


class AnswerEditor(kit.VBox):
    """The better answer as STAR plus what was learned.

    Each time the editor opens, the first change starts a new version and later changes in
    the same sitting update it, so every earlier version stays as it was. "Start a new
    version" closes the current one on purpose.
    """

    def __init__(self, journal: Journal, question_id: int):
        self.journal = journal
        self.question_id = question_id
        self.version: Row | None = None  # the version being typed in this sitting
        self.fields = {field: kit.text_input(label, hint, multiline=True, rows=3)
                       for field, label, hint in star_check.star_parts()}
        self.fields["learned"] = kit.text_input("What I learned", _w()["learned_prompt"],
                                                multiline=True, rows=2)
        self.status = kit.SaveStatus()
        self.check = kit.html("")
        self.history = kit.html("")
        self.new_version = kit.button("Start a new version")
        self.new_version.on_click(lambda _b: self.start_new_version())
        self._save_soon = kit.Debouncer(self.save)
        self._loading = True
        latest = question_store.latest_answer(journal, question_id)
        for field, widget in self.fields.items():
            widget.value = (latest or {}).get(field) or ""
            widget.observe(self._changed, "value")
        self._loading = False
        _disable(journal, self.new_version, *self.fields.values())
        self._show_check()
        self._show_history()
        super().__init__([
            kit.prompt("A better answer, as STAR"), *self.fields.values(),
            kit.HBox([self.new_version, self.status]),
            kit.html("<b>STAR check</b>", "nr-prompt"), self.check, self.history,
        ])

    def values(self) -> dict[str, str | None]:
        return {field: widget.value if widget.value.strip() else None
                for field, widget in self.fields.items()}

    def _changed(self, _change) -> None:
        if self._loading:
            return
        self._show_check()
        self.status.unsaved()
        self._save_soon()

    def save(self) -> bool:
        self._save_soon.cancel()
        row = kit.save_with(self.status, lambda: question_store.save_answer(
            self.journal, self.question_id, self.values(), version=self.version))
        if row is None:
            return False
        self.version = row
        self._show_history()
        return True

    def flush(self) -> None:
        self._save_soon.flush()

    def start_new_version(self) -> None:
        self.flush()
        if self.status.state == "error":
            return
        self.version = None
        count = len(question_store.versions(self.journal, self.question_id))
        self.status.value = f"Your next change starts version {count + 1}; version {count} is kept."

    def _show_check(self) -> None:
        pointers, praise = star_check.summary(self.values())
        if praise:
            self.check.value = f'<div class="nr-status-saved">{html_text(praise)}</div>'
        elif pointers:
            items = "".join(f"<li>{html_text(p.message)}</li>" for p in pointers)
            self.check.value = f'<ul class="nr-list">{items}</ul>'
        else:
            self.check.value = ('<span class="nr-muted">Write your better answer above and '
                                'pointers appear here as you type.</span>')

    def _show_history(self) -> None:
        kept = question_store.versions(self.journal, self.question_id)
        if len(kept) < 2:
            self.history.value = ""
            return
        parts = []
        labels = {field: label for field, label, _ in star_check.star_parts()}
        labels["learned"] = "What I learned"
        for number, version in zip(range(len(kept), 0, -1), kept):
            when = (version["updated_at"] or "").replace("T", " ").rstrip("Z")[:16]
            title = f"Version {number} · {when} UTC" + (" (shown above)" if number == len(kept) else "")
            body = "".join(
                f"<p><b>{labels[f]}:</b> {html_text(version[f], multiline=True)}</p>"
                for f in question_store.ANSWER_FIELDS if version.get(f))
            parts.append(f"<details><summary>{html_text(title)}</summary>{body or '<p>(empty)</p>'}"
                         "</details>")
        self.history.value = (f'<div class="nr-prompt">Every version of this answer '
                              f'({len(kept)})</div>' + "".join(parts))


# ----------------------------------------------------------------------------- practice
class PracticeDeck(kit.Section):
    """Due questions first: recall, reveal the better answer, rate, and FSRS schedules."""

    def __init__(self, journal: Journal, clock: Clock):
        self.journal = journal
        self.clock = clock
        self.entry: practice.DeckEntry | None = None
        self.revealed = False
        self.summary = kit.html("", "nr-summary")
        self.question = kit.html("")
        self.reveal_button = kit.button("Show my better answer", style="primary")
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.answer = kit.html("")
        w = _w()
        self.confidence = kit.RatingInput("My confidence", w["confidence_labels"], start=1)
        self.rate_buttons = []
        for rating, (label, hint) in enumerate(zip(w["practice_rating_buttons"],
                                                   w["practice_ratings"]), start=1):
            b = kit.button(label, tooltip=hint)
            b.on_click(lambda _b, r=rating: self.rate(r))
            self.rate_buttons.append(b)
        self.rating_help = kit.html(html_text(" · ".join(w["practice_ratings"])), "nr-muted")
        self.status = kit.SaveStatus()
        _disable(journal, self.reveal_button, *self.rate_buttons)
        self.rating_box = kit.VBox([
            self.answer, kit.prompt("How did it go?"), self.rating_help,
            kit.HBox(self.rate_buttons), self.confidence])
        super().__init__("", "", [self.summary, self.question, self.reveal_button,
                                  self.rating_box, self.status])
        self.add_class("nr-exercise-practice")
        kit.listen(self, journal, None, self._journal_changed)
        self.show_next()

    def _journal_changed(self, tables: set[str]) -> None:
        # A new or edited better answer joins the deck; a card half-way through stays put.
        if tables & {"questions", "answer_versions", "practice_cards"} and not self.revealed:
            self.show_next(keep_status=True)

    def show_next(self, keep_status: bool = False) -> None:
        now = self.clock()
        due = practice.due(self.journal, now)
        self.revealed = False
        kit.show(self.rating_box, False)
        self.confidence.value = None
        if not keep_status:
            self.status.idle()
        if not due:
            self.entry = None
            self.summary.value = html_text(practice.nothing_due_message(self.journal, now))
            self.question.value = ""
            kit.show(self.reveal_button, False)
            return
        self.entry = due[0]
        self.summary.value = f"{len(due)} question{'s' if len(due) != 1 else ''} due now."
        q = self.entry.question
        meta = " · ".join(x for x in (q.get("category"), self._process_name(q)) if x)
        self.question.value = (
            f'<div class="nr-card-title">{html_text(q["text"], multiline=True)}</div>'
            + (f'<div class="nr-muted">{html_text(meta)}</div>' if meta else "")
            + f'<div class="nr-prompt">{html_text(_w()["recall_prompt"])}</div>')
        kit.show(self.reveal_button)

    def _process_name(self, question: Row) -> str:
        process = self.journal.get("processes", question["process_id"]) if question.get(
            "process_id") else None
        return process_store.describe(process) if process else ""

    def reveal(self) -> None:
        if self.entry is None:
            return
        answer = question_store.latest_answer(self.journal, self.entry.question["id"]) or {}
        labels = {field: label for field, label, _ in star_check.star_parts()}
        labels["learned"] = "What I learned"
        self.answer.value = "".join(
            f"<p><b>{labels[f]}:</b> {html_text(answer.get(f), multiline=True)}</p>"
            for f in question_store.ANSWER_FIELDS if answer.get(f))
        self.revealed = True
        kit.show(self.reveal_button, False)
        kit.show(self.rating_box)

    def rate(self, rating: int) -> None:
        if self.entry is None or not self.revealed:
            return
        now = self.clock()
        card = kit.save_with(self.status, lambda: practice.review(
            self.journal, self.entry.question["id"], rating, now,
            confidence=self.confidence.value))
        if card is None:
            return
        when = practice.describe_when(practice.parse_time(card["due_at"]), now)
        self.revealed = False
        self.show_next(keep_status=True)
        self.status.value = f"Saved. This question comes back {when}."


# ------------------------------------------------------------------------ learning plan
class LearningPlan(kit.Section):
    """SMART goals from takeaways, feedback and your own, with resources, progress, sessions."""

    def __init__(self, journal: Journal, today: Callable[[], dt.date]):
        self.journal = journal
        self.today = today
        # Every takeaway and feedback action not yet adopted is a suggestion: hundreds, once
        # many processes are logged.
        self.suggestion_list = CardList(
            self._suggestion_row, key=lambda suggestion: suggestion,
            noun=("suggestion", "suggestions"), empty="Nothing to suggest yet: takeaways from step 1 and actions from step 2 "
                  "feedback show up here.")
        self.own_title = kit.text_input("My own goal", "e.g. Practise system design twice a week")
        self.own_button = kit.button("Add my own goal", style="primary")
        self.own_button.on_click(lambda _b: self.add_own())
        self.status = kit.SaveStatus()
        _disable(journal, self.own_button)
        self.goal_list = CardList(
            lambda goal: GoalCard(self.journal, goal, self.today, self.refresh),
            noun=("goal", "goals"),
            empty="No goals yet. Pick a suggestion above or write your own.")
        self._added: list[int] = []  # goals added in this sitting, shown first
        super().__init__("", "", [
            kit.prompt("Suggested from your takeaways and feedback"), self.suggestion_list,
            self.own_title, kit.HBox([self.own_button, self.status]),
            kit.prompt("My goals"), self.goal_list,
        ])
        self.add_class("nr-exercise-plan")
        kit.listen(self, journal, None, self._journal_changed)
        self.refresh()

    def _journal_changed(self, tables: set[str]) -> None:
        # Takeaways and feedback are written in other steps (or another tab of this one).
        if tables & {"takeaways", "feedback_points"}:
            self.refresh_suggestions()

    @property
    def cards(self) -> dict[int, GoalCard]:
        """The goal cards built so far, goal id → card."""
        return self.goal_list.cards

    @property
    def suggestion_buttons(self) -> list[widgets.Button]:
        return [row.children[0] for row in self.suggestion_list.cards.values()]

    def refresh(self) -> None:
        self.refresh_suggestions()
        self.goal_list.flush()  # what is typed reaches the journal before it is read again
        self.goal_list.show(_added_first(goal_store.all_goals(self.journal), self._added))

    def refresh_suggestions(self) -> None:
        self.suggestion_list.show(goal_store.suggestions(self.journal))

    def _suggestion_row(self, suggestion: goal_store.Suggestion) -> widgets.Widget:
        adopt = kit.button("Make this a goal")
        adopt.on_click(lambda _b: self.adopt(suggestion))
        _disable(self.journal, adopt)
        return kit.HBox([adopt, kit.html(
            f'<span class="nr-muted">{html_text(suggestion.origin)}:</span> '
            f'{html_text(suggestion.text)}')], layout=kit.layout(align_items="center"))

    def adopt(self, suggestion: goal_store.Suggestion) -> None:
        goal = kit.save_with(self.status, lambda: goal_store.adopt(self.journal, suggestion,
                                                            self.today()))
        if goal is not None:
            self._added.append(goal["id"])
            self.refresh()

    def add_own(self) -> None:
        goal = kit.save_with(self.status, lambda: goal_store.add_goal(
            self.journal, self.own_title.value, self.today()))
        if goal is not None:
            self.own_title.value = ""
            self._added.append(goal["id"])
            self.refresh()


class GoalCard(kit.VBox):
    def __init__(self, journal: Journal, goal: Row, today: Callable[[], dt.date],
                 on_removed: Callable[[], None]):
        self.journal = journal
        self.today = today
        w = _w()
        self.fields = {
            "title": kit.text_input("Goal"),
            "specific": kit.text_input("Specific", w["specific_prompt"]),
            "measure": kit.text_input("Measurable", w["measure_prompt"]),
            "deadline": kit.date_input("Deadline"),
            "resources": kit.text_input("Resources", w["resources_prompt"], multiline=True, rows=2),
            "progress": widgets.IntSlider(description="Progress (%)", min=0, max=100, step=5,
                                          style=kit.label_style(widgets.IntSlider),
                                          layout=kit.layout(width="min(100%, 34rem)")),
            "status": widgets.Dropdown(
                description="Status", options=list(zip(w["goal_status_labels"], GOAL_STATUSES)),
                style=kit.label_style(), layout=kit.layout()),
        }
        self.gaps = kit.html("")
        self.form = kit.RowForm(journal, "goals", self.fields, on_saved=self._show_gaps)
        self.form.load(goal)
        self._show_gaps(goal)
        origin = {"Takeaway": "From a step-1 takeaway", "Feedback": "From step-2 feedback"}.get(
            goal["source"], "My own goal")
        self.session_day = kit.date_input("Session on")
        self.session_day.value = today()
        self.session_minutes = widgets.BoundedIntText(
            description="Minutes spent", min=0, max=goal_store.MAX_SESSION_MINUTES, value=30,
            style=kit.label_style(widgets.BoundedIntText),
            layout=kit.layout(width="min(100%, 20rem)"))
        self.session_note = kit.text_input("What I did", "e.g. wrote two STAR stories")
        self.log_button = kit.button("Log this session", style="primary")
        self.log_button.on_click(lambda _b: self.log_session())
        self.session_status = kit.SaveStatus()
        self.session_list = kit.html("")
        self._show_sessions()
        self.remove = kit.ConfirmButton("Remove goal", "Remove this goal and its sessions?",
                                        lambda: self._remove(on_removed))
        self.remove.disabled = journal.read_only
        _disable(journal, self.log_button)
        super().__init__([
            kit.html(html_text(origin), "nr-muted"), *self.fields.values(), self.form.status,
            self.gaps, kit.prompt("Learning sessions"), self.session_list, self.session_day,
            self.session_minutes, self.session_note,
            kit.HBox([self.log_button, self.session_status]), self.remove,
        ])
        self.add_class("nr-card")
        self.add_class("nr-goal-card")

    def flush(self) -> None:
        self.form.flush()

    def _show_gaps(self, goal: Row) -> None:
        gaps = goal_store.smart_gaps(goal)
        self.gaps.value = ("" if not gaps else '<span class="nr-muted">To make it SMART, add '
                           + html_text(", ".join(gaps)) + ".</span>")

    def log_session(self) -> None:
        row = kit.save_with(self.session_status, lambda: goal_store.log_session(
            self.journal, self.form.row["id"], self.session_day.value,
            self.session_minutes.value, self.session_note.value))
        if row is not None:
            self.session_note.value = ""
            self._show_sessions()

    def _show_sessions(self) -> None:
        rows = goal_store.sessions(self.journal, self.form.row["id"])
        if not rows:
            self.session_list.value = '<span class="nr-muted">No sessions logged yet.</span>'
            return
        total = sum(r["minutes"] or 0 for r in rows)
        items = "".join(
            f"<li>{html_text(r['held_on'] or '')}: {r['minutes']} min"
            + (f" — {html_text(r['note'])}" if r["note"] else "") + "</li>"
            for r in rows)
        self.session_list.value = (f'<div>{len(rows)} session{"s" if len(rows) != 1 else ""}, '
                                   f'{total} minutes in all</div><ul class="nr-list">{items}</ul>')

    def _remove(self, on_removed: Callable[[], None]) -> None:
        _remove_entry(self, "goals", goal_store.remove_goal, on_removed)


# ------------------------------------------------------------------------ stay current
class StayCurrent(kit.Section):
    """Topics and trends to follow, where to follow them, and short dated notes."""

    def __init__(self, journal: Journal, today: Callable[[], dt.date]):
        self.journal = journal
        self.today = today
        w = _w()
        self.name = kit.text_input("Topic", w["topic_prompt"])
        self.sources = kit.text_input("Where I follow it", w["sources_prompt"])
        self.add_button = kit.button("Add this topic", style="primary")
        self.add_button.on_click(lambda _b: self.add())
        self.status = kit.SaveStatus()
        _disable(journal, self.add_button)
        self.topic_list = CardList(
            lambda topic: TopicCard(self.journal, topic, self.today, self.refresh),
            noun=("topic", "topics"),
            empty="No topics yet. What is changing in your field that an interviewer might "
                  "ask about?")
        self._added: list[int] = []  # topics added in this sitting, shown first
        super().__init__("", "", [self.name, self.sources,
                                  kit.HBox([self.add_button, self.status]), self.topic_list])
        self.add_class("nr-exercise-current")
        self.refresh()

    @property
    def cards(self) -> dict[int, TopicCard]:
        """The topic cards built so far, topic id → card."""
        return self.topic_list.cards

    def add(self) -> None:
        row = kit.save_with(self.status, lambda: topic_store.add_topic(
            self.journal, self.name.value, self.sources.value))
        if row is not None:
            self.name.value = self.sources.value = ""
            self._added.append(row["id"])
            self.refresh()

    def refresh(self) -> None:
        self.topic_list.flush()
        self.topic_list.show(_added_first(topic_store.all_topics(self.journal), self._added))


class TopicCard(kit.VBox):
    def __init__(self, journal: Journal, topic: Row, today: Callable[[], dt.date],
                 on_removed: Callable[[], None]):
        self.journal = journal
        self.fields = {"name": kit.text_input("Topic"),
                       "sources": kit.text_input("Where I follow it")}
        self.form = kit.RowForm(journal, "topics", self.fields)
        self.form.load(topic)
        self.note_day = kit.date_input("Noted on")
        self.note_day.value = today()
        self.note_text = kit.text_input("What I learned", _w()["note_prompt"], multiline=True,
                                        rows=2)
        self.note_button = kit.button("Add this note")
        self.note_button.on_click(lambda _b: self.add_note())
        self.note_status = kit.SaveStatus()
        self.note_list = kit.html("")
        self._show_notes()
        self.remove = kit.ConfirmButton("Remove topic", "Remove this topic and its notes?",
                                        lambda: self._remove(on_removed))
        self.remove.disabled = journal.read_only
        _disable(journal, self.note_button)
        super().__init__([*self.fields.values(), self.form.status, self.note_list,
                          self.note_day, self.note_text,
                          kit.HBox([self.note_button, self.note_status]), self.remove])
        self.add_class("nr-card")
        self.add_class("nr-topic-card")

    def flush(self) -> None:
        self.form.flush()

    def add_note(self) -> None:
        row = kit.save_with(self.note_status, lambda: topic_store.add_note(
            self.journal, self.form.row["id"], self.note_text.value, self.note_day.value))
        if row is not None:
            self.note_text.value = ""
            self._show_notes()

    def _show_notes(self) -> None:
        rows = topic_store.notes(self.journal, self.form.row["id"])
        items = "".join(f"<li>{html_text(n['noted_on'] or '')}: "
                        f"{html_text(n['text'], multiline=True)}</li>" for n in rows)
        self.note_list.value = f'<ul class="nr-list">{items}</ul>' if rows else ""

    def _remove(self, on_removed: Callable[[], None]) -> None:
        _remove_entry(self, "topics", topic_store.remove_topic, on_removed)


# ------------------------------------------------------------------------------- charts
class LearningCharts(kit.ChartSection):
    """Step 4's charts: goals against deadlines, practice confidence, activity by week."""

    def __init__(self, journal: Journal, today: Callable[[], dt.date]):
        super().__init__(specs.for_step("learning", "charts"), journal, today=today)
        self.add_class("nr-exercise-learning-charts")
