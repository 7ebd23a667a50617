"""Culture fit: what matters to you at work, with weights, and how this company did on it."""

from __future__ import annotations


import ipywidgets as widgets

from nextround import specs
from nextround.rules import fit as fit_rules
from nextround.safe_text import html_text
from nextround.store import fit
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.review import _ForProcess
from nextround.words import say, words


# --------------------------------------------------------------------------- culture fit
class CultureFit(_ForProcess):
    """What matters to the person (weighted), how this company did on it, and a fit score."""

    name = "culture-fit"

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        self.forms: list[kit.RowForm] = []
        self.journal = journal
        self.picker = picker
        self.chart = kit.ChartPanel(specs.get("fit.by_company"), journal, picker=picker)
        super().__init__(journal, picker)
        self.add_class("nr-exercise-culture-fit")

    def reload(self) -> None:
        for form in self.forms:
            form.flush()
        super().reload()

    def build(self, process: Row) -> list[widgets.Widget]:
        w = words()["fit"]
        self.process = process
        self.value_name = widgets.Combobox(description=say("fit.culture.value_label"),
                                     placeholder=say("fit.culture.value_placeholder"),
                                     ensure_option=False, style=kit.label_style(widgets.Combobox),
                                     layout=kit.layout(width="min(100%, 34rem)"))
        self.add_button = kit.button(say("fit.culture.add_button"), style="primary")
        self.add_button.on_click(lambda _b: self.add_value())
        self.add_button.disabled = self.journal.read_only
        self.add_status = kit.SaveStatus()
        self.values_box = kit.VBox()
        self.ratings_box = kit.VBox()
        self.score = kit.html("")
        self.note = kit.text_input(say("fit.culture.note_label"), w["would_fit_prompt"],
                                   multiline=True)
        self.note_form = kit.RowForm(self.journal, "processes", {"fit_note": self.note})
        self.note_form.load(process)
        self._fill()
        return [
            kit.prompt(w["value_prompt"]),
            kit.HBox([self.value_name, self.add_button, self.add_status]),
            self.values_box,
            kit.html(html_text(say("fit.culture.rate_title", company=process["company"] or "")),
                     "nr-card-title"),
            kit.prompt(w["rate_prompt"]), self.ratings_box, self.score,
            kit.prompt(w["would_fit_prompt"]), self.note, self.note_form.status,
            self.chart,
        ]

    def _fill(self) -> None:
        for form in self.forms:
            form.flush()
        self.forms = []
        values = fit.work_values(self.journal)
        self.value_name.options = fit.suggestions(self.journal)
        self.value_cards = [self._value_card(v) for v in values]
        self.values_box.children = self.value_cards or [
            kit.html(html_text(say("fit.culture.no_values_named")), "nr-muted")]
        given = fit.ratings(self.journal, self.process["id"])
        self.rating_inputs: dict[int, kit.RatingInput] = {}
        rows = [self._rating_row(v, given.get(v["id"])) for v in values]
        self.ratings_box.children = rows or [
            kit.html(html_text(words()["fit"]["no_values"]), "nr-muted")]
        self._show_score()

    def _value_card(self, value: Row) -> widgets.Widget:
        weight = kit.RatingInput(say("fit.culture.weight_label"), words()["fit"]["weight_labels"],
                                 start=1)
        form = kit.RowForm(self.journal, "work_values", {"weight": weight},
                           on_saved=lambda _row: self._show_score())
        form.load(value)
        self.forms.append(form)
        remover = kit.ConfirmButton(say("fit.culture.remove_button"),
                                    say("fit.culture.remove_question"),
                                    lambda: self._remove_value(form))
        remover.disabled = self.journal.read_only
        card = kit.VBox([kit.html(html_text(value["name"]), "nr-card-title"),
                         kit.HBox([weight, form.status, remover],
                                  layout=kit.layout(flex_flow="row wrap"))])
        card.add_class("nr-card")
        card.weight = weight
        return card

    def _rating_row(self, value: Row, existing: Row | None) -> widgets.Widget:
        rating = kit.RatingInput(say("fit.culture.rating_label"), words()["fit"]["rating_labels"],
                                 start=1)
        form = kit.RowForm(self.journal, "fit_ratings", {"rating": rating},
                           on_saved=lambda _row: self._show_score())
        form.load(existing, key={"process_id": self.process["id"], "value_id": value["id"]})
        self.forms.append(form)
        self.rating_inputs[value["id"]] = rating
        row = kit.VBox([kit.prompt(value["name"]),
                        kit.HBox([rating, form.status],
                                 layout=kit.layout(flex_flow="row wrap"))])
        row.add_class("nr-rating")
        return row

    def add_value(self) -> None:
        try:
            fit.add_value(self.journal, self.value_name.value)
        except kit.WRITE_ERRORS as exc:
            self.add_status.error(kit.save_error_message(exc))
            return
        self.value_name.value = ""
        self.add_status.saved()
        self._fill()

    def _remove_value(self, form: kit.RowForm) -> None:
        try:
            fit.remove_value(self.journal, form.row)
        except kit.WRITE_ERRORS as exc:
            form.status.error(kit.save_error_message(exc))
            return
        self._fill()

    def _show_score(self) -> None:
        values = fit.work_values(self.journal)
        given = fit.ratings(self.journal, self.process["id"])
        score = fit_rules.fit_score(values, {k: r["rating"] for k, r in given.items()})
        rated = sum(1 for v in values if given.get(v["id"], {}).get("rating") is not None)
        if score is None:
            self.score.value = (f'<span class="nr-muted">{html_text(say("fit.culture.no_score"))}'
                                "</span>")
        else:
            note = say("fit.culture.score_note", rated=rated, total=len(values))
            self.score.value = (f'{html_text(say("fit.culture.score_label"))} '
                                f'<span class="nr-figure">{score:.0f}</span> '
                                f'<span class="nr-muted">{html_text(note)}</span>')
