"""Step 1 · Review and reflect: the exercises of workbook 1.

The notebook shows one exercise per cell:

    step = ReviewAndReflect()
    step.header()        # notices and the process you are working on
    step.process()       # the process: company, role, how you applied, stages, where it ended
    step.preparation()   # did I prepare enough?
    step.stages()        # stage by stage reflection
    step.takeaways()     # up to three things to change next time
    step.charts()
"""

from __future__ import annotations

import ipywidgets as widgets

from nextround import specs
from nextround.rules.preparation import preparation_score
from nextround.rules.states import OUTCOMES
from nextround.safe_text import html_sentence, html_text
from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.words import preparation_areas, say, themes, words


class ReviewAndReflect(kit.Page):
    needs = kit.chart_needs("review")

    def __init__(self, journal: Journal | None = None):
        super().__init__(journal)
        self.picker = self.keep(kit.ProcessPicker(self.journal))

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([
            kit.style_sheet(), *kit.journal_notices(self.journal),
            kit.Section(say("review.page.which_process"), say("review.page.which_process_purpose"),
                        [self.picker])]))

    def process(self) -> widgets.Widget:
        return self.shown("process", lambda: ProcessExercise(self.journal, self.picker))

    def preparation(self) -> widgets.Widget:
        return self.shown("preparation", lambda: PreparationExercise(self.journal, self.picker))

    def stages(self) -> widgets.Widget:
        return self.shown("stages", lambda: StageReflections(self.journal, self.picker))

    def takeaways(self) -> widgets.Widget:
        return self.shown("takeaways", lambda: Takeaways(self.journal, self.picker))

    def charts(self) -> widgets.Widget:
        return self.shown("charts", lambda: ReviewCharts(self.journal, self.picker))


class _ForProcess(kit.Section):
    """An exercise about the chosen process: rebuilt whenever the choice changes."""

    name = ""  # gives the card a CSS class, nr-exercise-<name>, for styling and tests

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        self.journal = journal
        self.picker = picker
        super().__init__("", "")
        self.add_class(f"nr-exercise-{self.name}")
        kit.watch(self, picker, "process_id", lambda _c: self.reload())
        self.reload()

    @property
    def empty(self) -> str:
        """What the exercise says while no process is chosen."""
        return say("review.page.choose_process")

    def reload(self) -> None:
        process = self.picker.process
        if process is None:
            self.set_content([kit.html(html_text(self.empty), "nr-muted")])
        else:
            self.set_content(self.build(process))

    def build(self, process: Row) -> list[widgets.Widget]:
        raise AssertionError("each exercise builds its own content")


class ProcessExercise(_ForProcess):
    name = "process"

    def build(self, process: Row) -> list[widgets.Widget]:
        w = words()["process"]
        self.fields = {
            "company": kit.text_input(say("review.process.company_label")),
            "role": kit.text_input(say("review.process.role_label")),
            "category": kit.choice_input(say("review.process.category_label"),
                                         w["role_categories"]),
            "seniority": kit.choice_input(say("review.process.seniority_label"), w["seniorities"]),
            "company_type": kit.choice_input(say("review.process.company_type_label"),
                                             w["company_types"]),
            "applied_via": kit.choice_input(say("review.process.applied_via_label"),
                                            w["applied_via"]),
            "applied_on": kit.date_input(say("review.process.applied_on_label")),
            "notes": kit.text_input(say("review.process.notes_label"),
                                    say("review.process.notes_placeholder"), multiline=True),
        }
        self.form = kit.RowForm(self.journal, "processes", self.fields,
                                on_saved=self._saved)
        self.form.load(process)
        self._label = process_store.describe(process)
        shown = words()["review"]["outcomes"]
        self.outcome = widgets.Dropdown(description=say("review.process.outcome_label"), options=[
            (shown[o], o) for o in OUTCOMES], value=process["outcome"] or "in progress",
            style=kit.label_style(), layout=kit.layout())
        self.outcome_status = kit.SaveStatus()
        self.outcome.observe(self._outcome_changed, "value")
        self.history = kit.html("")
        self._show_history()
        self.stage_list = kit.ListEditor(
            lambda: process_store.stages(self.journal, process["id"]),
            self._stage_card, lambda: process_store.add_stage(self.journal, process["id"]),
            add_label=say("review.process.add_stage"), empty_text=say("review.process.no_stages"),
            read_only=self.journal.read_only)
        if self.journal.read_only:
            self.outcome.disabled = True
        return [
            *self.fields.values(), self.form.status,
            kit.prompt(say("review.process.stages_prompt")), self.stage_list,
            kit.prompt(say("review.process.ended_prompt")),
            kit.HBox([self.outcome, self.outcome_status]), self.history,
        ]

    def _saved(self, row: Row) -> None:
        if process_store.describe(row) != self._label:
            self._label = process_store.describe(row)
            self.picker.refresh(select=row["id"])

    def _outcome_changed(self, change) -> None:
        process = self.journal.get("processes", self.picker.process_id)
        if process is None or change["new"] == process["outcome"]:
            return
        if not kit.try_write(lambda: process_store.set_outcome(self.journal, process, change["new"]),
                             self.outcome_status):
            return
        self.form.row = self.journal.get("processes", process["id"])
        self.outcome_status.saved()
        self._show_history()

    def _show_history(self) -> None:
        events = process_store.history(self.journal, self.picker.process_id)
        items = "".join(f"<li>{html_text(e['happened_on'] or '')}: {html_text(e['outcome'])}</li>"
                        for e in events)
        said = html_text(say("review.process.history"))
        self.history.value = (f'<div class="nr-muted">{said}</div>'
                              f'<ul class="nr-list">{items}</ul>') if events else ""

    def _stage_card(self, stage: Row) -> widgets.Widget:
        w = words()["process"]
        fields = {
            "kind": kit.choice_input(say("review.stage.kind_label"), w["stage_kinds"]),
            "held_on": kit.date_input(say("review.stage.date_label")),
            "interviewers": kit.text_input(say("review.stage.interviewers_label"),
                                           say("review.stage.interviewers_placeholder")),
            "format": kit.choice_input(say("review.stage.format_label"), w["stage_formats"]),
            "outcome": kit.choice_input(say("review.stage.outcome_label"), w["stage_outcomes"]),
        }
        form = kit.RowForm(self.journal, "stages", fields)
        form.load(stage)
        up = kit.button(say("review.stage.move_up"))
        down = kit.button(say("review.stage.move_down"))
        up.on_click(lambda _b: self._move(form, -1))
        down.on_click(lambda _b: self._move(form, +1))
        remove = kit.ConfirmButton(say("review.stage.remove_button"),
                                   say("review.stage.remove_question"), lambda: self._remove(form))
        for control in (up, down, remove):
            control.disabled = self.journal.read_only
        from nextround.ui.people import StageContacts

        card = kit.VBox([
            kit.html(html_text(say("review.stage.title", number=stage["position"] + 1)),
                     "nr-card-title"),
            *fields.values(), StageContacts(self.journal, stage),
            kit.HBox([up, down, remove, form.status]),
        ])
        card.add_class("nr-card")
        return card

    def _move(self, form: kit.RowForm, offset: int) -> None:
        form.flush()
        stage = self.journal.get("stages", form.row["id"])
        if kit.try_write(lambda: process_store.move_stage(self.journal, stage, offset),
                         form.status):
            self.stage_list.refresh()

    def _remove(self, form: kit.RowForm) -> None:
        if kit.try_write(lambda: process_store.remove_stage(self.journal, form.row), form.status):
            self.stage_list.refresh()


class PreparationExercise(_ForProcess):
    name = "preparation"

    def build(self, process: Row) -> list[widgets.Widget]:
        levels = words()["preparation"]["levels"]
        self.fields = {field: kit.RatingInput(label.split(" (")[0], levels)
                       for field, label in preparation_areas()}
        hints = {field: label for field, label in preparation_areas()}
        for field, widget in self.fields.items():
            widget.tooltip = hints[field]
        self.fields["enough"] = widgets.ToggleButtons(
            description=say("review.preparation.enough_label"),
            options=[(o, o.lower()) for o in words()["preparation"]["enough"]],
            value=None, style=kit.label_style(widgets.ToggleButtons, button_width="auto"))
        self.fields["why"] = kit.text_input(say("review.preparation.why_label"),
                                            say("review.preparation.why_placeholder"), multiline=True)
        self.score = kit.html("")
        self.form = kit.RowForm(self.journal, "preparations", self.fields,
                                on_saved=lambda row: self._show_score(row))
        existing = self.journal.find_one("preparations", process_id=process["id"])
        self.form.load(existing, key={"process_id": process["id"]})
        self._show_score(existing)
        return [*list(self.fields.values())[:-2],
                kit.prompt(words()["preparation"]["enough_prompt"]),
                self.fields["enough"], self.fields["why"], self.form.status, self.score]

    def _show_score(self, row: Row | None) -> None:
        score = preparation_score(row)
        if score is None:
            said = html_text(say("review.preparation.no_score"))
            self.score.value = f'<span class="nr-muted">{said}</span>'
        else:
            label = html_text(say("review.preparation.score_label"))
            note = html_text(say("review.preparation.score_note"))
            self.score.value = (f'{label} <span class="nr-figure">{score:.0f}</span> '
                                f'<span class="nr-muted">{note}</span>')


class StageReflections(_ForProcess):
    name = "stages"

    @property
    def empty(self) -> str:
        return say("review.reflections.choose_process")

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        self.forms: dict[int, kit.RowForm] = {}
        self._shown: list[tuple] = []
        super().__init__(journal, picker)
        kit.listen(self, journal, {"stages"}, self._journal_changed)

    def _signature(self, stage_rows: list[Row]) -> list[tuple]:
        return [(s["id"], s["position"], s["kind"], s["held_on"]) for s in stage_rows]

    def _journal_changed(self, tables: set[str]) -> None:
        # Stages are edited in "The process" above: follow them, without losing typing here.
        if "stages" in tables and self.picker.process_id is not None:
            current = self._signature(process_store.stages(self.journal, self.picker.process_id))
            if current != self._shown:
                self.reload()

    def reload(self) -> None:
        for form in self.forms.values():
            form.flush()
        super().reload()

    def build(self, process: Row) -> list[widgets.Widget]:
        stage_rows = process_store.stages(self.journal, process["id"])
        self._shown = self._signature(stage_rows)
        if not stage_rows:
            the_process = html_text(say("review.reflections.the_process"))
            return [kit.html(html_sentence(say("review.reflections.no_stages"),
                                           the_process=f"<i>{the_process}</i>"), "nr-muted")]
        self.forms = {}
        return [self._card(stage) for stage in stage_rows]

    def _card(self, stage: Row) -> widgets.Widget:
        r = words()["reflection"]
        fields = {
            "went_well": kit.text_input(say("review.reflections.went_well_label"),
                                        r["went_well_prompt"], multiline=True),
            "do_differently": kit.text_input(say("review.reflections.do_differently_label"),
                                             r["do_differently_prompt"], multiline=True),
            "technical_share": widgets.IntSlider(
                description=say("review.reflections.technical_share_label"),
                min=0, max=100, step=10, value=50,
                style=kit.label_style(widgets.IntSlider),
                layout=kit.layout(width="min(100%, 34rem)"),
                tooltip=r["balance_prompt"]),
            "soft_skills": kit.CheckboxGroup(say("review.reflections.soft_skills_label"),
                                             r["soft_skills"]),
            "self_rating": kit.RatingInput(say("review.reflections.rating_label"),
                                           r["rating_labels"], start=1),
            "themes": kit.CheckboxGroup(say("review.reflections.themes_label"), themes()),
        }
        form = kit.RowForm(self.journal, "reflections", fields)
        form.load(self.journal.find_one("reflections", stage_id=stage["id"]),
                  key={"stage_id": stage["id"]})
        self.forms[stage["id"]] = form
        title = say("review.reflections.title", number=stage["position"] + 1)
        if stage.get("kind"):
            title += say("review.reflections.title_kind", kind=stage["kind"])
        if stage.get("held_on"):
            title += say("review.reflections.title_date", date=stage["held_on"])
        card = kit.VBox([
            kit.html(html_text(title), "nr-card-title"),
            fields["went_well"], fields["do_differently"],
            kit.prompt(r["balance_prompt"]), fields["technical_share"],
            fields["soft_skills"], fields["self_rating"], fields["themes"], form.status,
        ])
        card.add_class("nr-card")
        return card


class Takeaways(_ForProcess):
    name = "takeaways"

    def build(self, process: Row) -> list[widgets.Widget]:
        limit = words()["reflection"]["max_takeaways"]

        def add():
            rows = self.journal.rows("takeaways", {"process_id": process["id"]})
            return self.journal.add("takeaways", process_id=process["id"], position=len(rows))

        self.list = kit.ListEditor(
            lambda: self.journal.rows("takeaways", {"process_id": process["id"]},
                                      order_by="position, id"),
            self._card, add, add_label=say("review.takeaways.add_button"),
            empty_text=say("review.takeaways.none_yet"),
            max_items=limit, read_only=self.journal.read_only)
        return [self.list]

    def _card(self, row: Row) -> widgets.Widget:
        fields = {
            "text": kit.text_input(say("review.takeaways.label", number=row["position"] + 1),
                                   say("review.takeaways.placeholder")),
            "theme": kit.choice_input(say("review.takeaways.theme_label"), themes()),
        }
        form = kit.RowForm(self.journal, "takeaways", fields)
        form.load(row)

        def remove():
            if kit.try_write(lambda: self.journal.delete("takeaways", form.row["id"],
                                                         form.row["rev"]), form.status):
                self.list.refresh()

        remover = kit.ConfirmButton(say("review.takeaways.remove_button"),
                                    say("review.takeaways.remove_question"), remove)
        remover.disabled = self.journal.read_only
        return kit.VBox([fields["text"], kit.HBox([fields["theme"], remover, form.status])])


class ReviewCharts(kit.ChartSection):
    """Step 1's charts: preparation profile, how far processes get, preparation against stage."""

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        super().__init__(specs.for_step("review", "charts"), journal, picker=picker)
        self.add_class("nr-exercise-charts")
