"""The question that surprised you: log it, what you answered then, and a better answer built as STAR, every version kept."""

from __future__ import annotations

from collections.abc import Callable


from nextround.rules import star_check
from nextround.safe_text import html_text
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.learning.parts import _disable, _dropdown, _link_stage_to_process, _process_options, _remove_entry, _stage_options, _w
from nextround.words import say


class SurpriseQuestions(kit.Section):
    """Log the question that caught you out; build a better answer, version by version."""

    def __init__(self, journal: Journal):
        self.journal = journal
        w = _w()
        self.text = kit.text_input(say("learning.questions.question_label"), w["question_prompt"],
                                   multiline=True, rows=2)
        self.category = kit.choice_input(say("learning.questions.category_label"),
                                         w["question_categories"])
        self.process = _dropdown(say("learning.questions.process_label"), _process_options(journal))
        self.stage = _dropdown(say("learning.questions.stage_label"), _stage_options(journal, None))
        _link_stage_to_process(journal, self.process, self.stage)
        current = process_store.current_process_id(journal)
        if current is not None:
            self.process.value = current
        self.add_button = kit.button(say("learning.questions.add_button"), style="primary")
        self.add_button.on_click(lambda _b: self.add())
        self.status = kit.SaveStatus()
        _disable(journal, self.add_button)
        self.chooser = _dropdown(say("learning.questions.work_on"), [])
        self._refreshing = False
        self.chooser.observe(self._chosen, "value")
        self.editor = kit.VBox()
        new_question = kit.VBox([
            kit.prompt(say("learning.questions.new_prompt")), self.text, self.category,
            self.process, self.stage, kit.HBox([self.add_button, self.status])])
        new_question.add_class("nr-new-question")
        super().__init__("", "", [new_question, kit.prompt(say("learning.questions.list_prompt")),
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
            self.chooser.options = options or [(say("learning.questions.no_questions"), None)]
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
            self.editor.children = [kit.html(html_text(say("learning.questions.none")),
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
            "text": kit.text_input(say("learning.questions.question_label"), multiline=True,
                                   rows=2),
            "category": kit.choice_input(say("learning.questions.category_label"),
                                         w["question_categories"]),
            "process_id": _dropdown(say("learning.questions.process_label"),
                                    _process_options(journal)),
            "stage_id": _dropdown(say("learning.questions.stage_label"),
                                  _stage_options(journal, question["process_id"])),
            "answered_then": kit.text_input(say("learning.questions.answered_label"),
                                            w["answered_then_prompt"], multiline=True),
        }
        _link_stage_to_process(journal, self.fields["process_id"], self.fields["stage_id"])
        self._label = question_store.describe(question)
        self._on_renamed = on_renamed
        self.form = kit.RowForm(journal, "questions", self.fields, on_saved=self._saved)
        self.form.load(question)
        self.answer = AnswerEditor(journal, question["id"])
        self.remove = kit.ConfirmButton(
            say("learning.questions.remove_button"), say("learning.questions.remove_question"),
            lambda: self._remove(on_removed))
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
        self.fields["learned"] = kit.text_input(say("learning.answer.learned_label"),
                                                _w()["learned_prompt"],
                                                multiline=True, rows=2)
        self.status = kit.SaveStatus()
        self.check = kit.html("")
        self.history = kit.html("")
        self.new_version = kit.button(say("learning.answer.new_version"))
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
            kit.prompt(say("learning.answer.prompt")), *self.fields.values(),
            kit.HBox([self.new_version, self.status]),
            kit.html(f'<b>{html_text(say("learning.answer.check_title"))}</b>', "nr-prompt"),
            self.check, self.history,
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
        self.status.value = html_text(say("learning.answer.next_version", next=count + 1,
                                          kept=count))

    def _show_check(self) -> None:
        pointers, praise = star_check.summary(self.values())
        if praise:
            self.check.value = f'<div class="nr-status-saved">{html_text(praise)}</div>'
        elif pointers:
            items = "".join(f"<li>{html_text(p.message)}</li>" for p in pointers)
            self.check.value = f'<ul class="nr-list">{items}</ul>'
        else:
            empty = html_text(say("learning.answer.check_empty"))
            self.check.value = f'<span class="nr-muted">{empty}</span>'

    def _show_history(self) -> None:
        kept = question_store.versions(self.journal, self.question_id)
        if len(kept) < 2:
            self.history.value = ""
            return
        parts = []
        labels = {field: label for field, label, _ in star_check.star_parts()}
        labels["learned"] = say("learning.answer.learned_label")
        empty = f'<p>{html_text(say("learning.answer.empty_version"))}</p>'
        for number, version in zip(range(len(kept), 0, -1), kept):
            when = (version["updated_at"] or "").replace("T", " ").rstrip("Z")[:16]
            title = (say("learning.answer.version_latest", number=number, when=when)
                     if number == len(kept) else
                     say("learning.answer.version", number=number, when=when))
            body = "".join(
                f"<p><b>{html_text(labels[f])}:</b> {html_text(version[f], multiline=True)}</p>"
                for f in question_store.ANSWER_FIELDS if version.get(f))
            parts.append(f"<details><summary>{html_text(title)}</summary>{body or empty}"
                         "</details>")
        every = html_text(say("learning.answer.every_version", count=len(kept)))
        self.history.value = f'<div class="nr-prompt">{every}</div>' + "".join(parts)
