"""Step 3 · It's not personal: the exercises of workbook 3.

The notebook shows one exercise per cell:

    step = ItsNotPersonal()
    step.header()        # notices and the process you are working on (with its target match)
    step.reasons()       # sort the possible reasons into what you can and cannot control
    step.culture_fit()   # what matters to you at work, and how this company did on it
    step.right_roles()   # where you progress and where you don't, in plain words
    step.target_role()   # the role you are aiming for; every process is scored against it
"""

from __future__ import annotations

import logging

import ipywidgets as widgets
import traitlets

from nextround import specs
from nextround.rules import fit as fit_rules
from nextround.rules.states import CONTROL
from nextround.safe_text import html_text
from nextround.store import fit, frames
from nextround.store import processes as process_store
from nextround.store import reasons as reason_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.review import _ForProcess
from nextround.words import words

log = logging.getLogger(__name__)

TARGET_TABLES = {"processes", "target_roles", "work_values", "fit_ratings"}


class ItsNotPersonal(kit.Page):
    def __init__(self, journal: Journal | None = None):
        super().__init__(journal)
        self.picker = self.keep(ScoredProcessPicker(self.journal))

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([kit.style_sheet(), *kit.journal_notices(self.journal),
                             kit.Section("Which process?",
                                         "Pick the rejection to think through. Each process shows "
                                         "how well it matches your target role, once you describe "
                                         "it below.", [self.picker])]))

    def reasons(self) -> widgets.Widget:
        return self.shown("reasons", lambda: SortReasons(self.journal, self.picker))

    def culture_fit(self) -> widgets.Widget:
        return self.shown("culture_fit", lambda: CultureFit(self.journal, self.picker))

    def right_roles(self) -> widgets.Widget:
        return self.shown("right_roles", lambda: RightRoles(self.journal, self.picker))

    def target_role(self) -> widgets.Widget:
        return self.shown("target_role", lambda: TargetRole(self.journal))


def process_label(process: Row, match: fit.TargetMatch) -> str:
    """How a process is named in a list: its description and, once there is a target, its match."""
    label = process_store.describe(process)
    return f"{label} · {match.label}" if match.label else label


class ScoredProcessPicker(kit.ProcessPicker):
    """The shared process picker, with each process's match with the target role in its label."""

    def __init__(self, journal: Journal, **kwargs):
        super().__init__(journal, **kwargs)
        kit.listen(self, journal, None, self._journal_changed)

    def refresh(self, select: int | None = None) -> None:
        super().refresh(select)
        self._relabel()

    def _journal_changed(self, tables: set[str]) -> None:
        if tables & TARGET_TABLES:
            self._relabel()

    def _relabel(self) -> None:
        # Only the processes in the list: a long history is not read to label fifty of them.
        rows = {pid: row for _label, pid in self.dropdown.options
                if pid is not None and (row := self.journal.get("processes", pid)) is not None}
        if not rows:
            return
        context = fit.target_context(self.journal)
        options = [(process_label(rows[pid], fit_rules.target_match(context, rows[pid]))
                    if pid in rows else label, pid) for label, pid in self.dropdown.options]
        if options == list(self.dropdown.options):
            return
        value = self.dropdown.value
        self._refreshing = True
        try:
            self.dropdown.options = options
            self.dropdown.value = value
        finally:
            self._refreshing = False


class LinesInput(kit.VBox):
    """A labelled box of short entries, one per line; `value` is the list of non-blank lines."""

    value = traitlets.List(traitlets.Unicode(), allow_none=True)  # None only while loading

    def __init__(self, label: str, placeholder: str = ""):
        self.box = kit.text_input(label, placeholder, multiline=True, rows=3)
        super().__init__([self.box])
        self._syncing = False
        self.box.observe(self._typed, "value")

    def _typed(self, change) -> None:
        self._syncing = True
        try:
            self.value = [line for line in change["new"].splitlines() if line.strip()]
        finally:
            self._syncing = False

    @traitlets.observe("value")
    def _value_changed(self, change) -> None:
        if change["new"] is None:  # a blank form loads None: the journal keeps an empty list
            self.value = []
            return
        if not self._syncing:
            self.box.value = "\n".join(change["new"] or [])

    @property
    def disabled(self) -> bool:
        return self.box.disabled

    @disabled.setter
    def disabled(self, value: bool) -> None:
        self.box.disabled = value


# ---------------------------------------------------------------------- sort the reasons
class ReasonCard(kit.VBox):
    """One possible reason with its three piles; choosing a pile keeps it in the journal."""

    def __init__(self, journal: Journal, process_id: int, *, row: Row | None = None,
                 candidate: reason_store.Candidate | None = None, on_change=None):
        self.journal = journal
        self._on_change = on_change
        text = row["text"] if row else candidate.text
        source = row["source"] if row else candidate.source
        labels = words()["reasons"]["words"]["control_labels"]
        self.pile = widgets.ToggleButtons(
            description="Pile", options=list(zip(labels, CONTROL)), value=None,
            style=kit.style(widgets.ToggleButtons, description_width="4rem",
                                   button_width="auto"))
        self.form = kit.RowForm(journal, "reasons", {"control": self.pile}, on_saved=self._saved)
        if row:
            self.form.load(row)
        else:
            self.form.load(None, key={"process_id": process_id, "text": text, "source": source})
        self.remove = kit.ConfirmButton("Take off my list", "Take this reason off your list?",
                                        self._remove)
        self.remove.disabled = journal.read_only
        kit.show(self.remove, bool(row))
        self.text = text
        super().__init__([
            kit.html(f"{html_text(text, multiline=True)} "
                     f'<span class="nr-muted">· {html_text(reason_store.source_label(source))}</span>'),
            kit.HBox([self.pile, self.form.status, self.remove],
                     layout=kit.layout(flex_flow="row wrap", align_items="center")),
        ])
        self.add_class("nr-card")

    def _saved(self, row: Row) -> None:
        kit.show(self.remove)
        if self._on_change:
            self._on_change()

    def _remove(self) -> None:
        try:
            reason_store.remove_reason(self.journal, self.form.row)
        except kit.WRITE_ERRORS as exc:
            self.form.status.error(kit.save_error_message(exc))
            return
        if self._on_change:
            self._on_change(rebuild=True)


class SortReasons(_ForProcess):
    """Candidate reasons from the journal and common outside causes, sorted into three piles."""

    name = "reasons"

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        self.cards: list[ReasonCard] = []
        self.journal = journal
        self.chart = kit.ChartPanel(specs.get("fit.control"), journal)
        super().__init__(journal, picker)
        self.add_class("nr-exercise-reasons")

    def reload(self) -> None:
        for card in self.cards:
            card.form.flush()
        super().reload()

    def build(self, process: Row) -> list[widgets.Widget]:
        r = words()["reasons"]["words"]
        self.process_id = process["id"]
        self.list = kit.VBox()
        self.share = kit.html("", "nr-summary")
        self.own = kit.text_input("My own reason", r["own_prompt"])
        self.add_button = kit.button("Add my reason", style="primary")
        self.add_button.on_click(lambda _b: self.add_own())
        self.add_button.disabled = self.journal.read_only
        self.own_status = kit.SaveStatus()
        self._fill()
        return [kit.prompt(r["sort_prompt"]), self.list,
                kit.HBox([self.own, self.add_button, self.own_status]),
                self.share, kit.html(html_text(r["not_a_verdict"]), "nr-muted"), self.chart]

    def _fill(self) -> None:
        for card in self.cards:
            card.form.flush()
        pid = self.process_id
        sorted_rows = reason_store.sorted_reasons(self.journal, pid)
        self.cards = [ReasonCard(self.journal, pid, row=row, on_change=self._changed)
                      for row in sorted_rows]
        self.cards += [ReasonCard(self.journal, pid, candidate=c, on_change=self._changed)
                       for c in reason_store.candidates(self.journal, pid)]
        self.list.children = self.cards or [
            kit.html(html_text(words()["reasons"]["words"]["nothing_yet"]), "nr-muted")]
        self._show_share()

    def _changed(self, rebuild: bool = False) -> None:
        if rebuild:
            self._fill()
        else:
            self._show_share()

    def _show_share(self) -> None:
        sentence = reason_store.share_sentence(
            reason_store.sorted_reasons(self.journal, self.process_id))
        self.share.value = html_text(sentence)

    def card(self, text: str) -> ReasonCard:
        """The card of one reason, by its text."""
        return next(c for c in self.cards if c.text == text)

    def add_own(self) -> None:
        try:
            reason_store.add_own_reason(self.journal, self.process_id, self.own.value)
        except kit.WRITE_ERRORS as exc:
            self.own_status.error(kit.save_error_message(exc))
            return
        self.own.value = ""
        self.own_status.saved()
        self._fill()

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
        self.value_name = widgets.Combobox(description="What matters", placeholder="Pick or type",
                                     ensure_option=False, style=kit.label_style(widgets.Combobox),
                                     layout=kit.layout(width="min(100%, 34rem)"))
        self.add_button = kit.button("Add this value", style="primary")
        self.add_button.on_click(lambda _b: self.add_value())
        self.add_button.disabled = self.journal.read_only
        self.add_status = kit.SaveStatus()
        self.values_box = kit.VBox()
        self.ratings_box = kit.VBox()
        self.score = kit.html("")
        self.note = kit.text_input("Good fit?", w["would_fit_prompt"], multiline=True)
        self.note_form = kit.RowForm(self.journal, "processes", {"fit_note": self.note})
        self.note_form.load(process)
        self._fill()
        return [
            kit.prompt(w["value_prompt"]),
            kit.HBox([self.value_name, self.add_button, self.add_status]),
            self.values_box,
            kit.html(f"Rate {html_text(process['company'])}", "nr-card-title"),
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
            kit.html("Nothing named yet: pick what matters most to you first.", "nr-muted")]
        given = fit.ratings(self.journal, self.process["id"])
        self.rating_inputs: dict[int, kit.RatingInput] = {}
        rows = [self._rating_row(v, given.get(v["id"])) for v in values]
        self.ratings_box.children = rows or [
            kit.html(html_text(words()["fit"]["no_values"]), "nr-muted")]
        self._show_score()

    def _value_card(self, value: Row) -> widgets.Widget:
        weight = kit.RatingInput("Weight", words()["fit"]["weight_labels"], start=1)
        form = kit.RowForm(self.journal, "work_values", {"weight": weight},
                           on_saved=lambda _row: self._show_score())
        form.load(value)
        self.forms.append(form)
        remover = kit.ConfirmButton("Remove", "Remove this value and every company's rating on it?",
                                    lambda: self._remove_value(form))
        remover.disabled = self.journal.read_only
        card = kit.VBox([kit.html(html_text(value["name"]), "nr-card-title"),
                         kit.HBox([weight, form.status, remover],
                                  layout=kit.layout(flex_flow="row wrap"))])
        card.add_class("nr-card")
        card.weight = weight
        return card

    def _rating_row(self, value: Row, existing: Row | None) -> widgets.Widget:
        rating = kit.RatingInput("Rating", words()["fit"]["rating_labels"], start=1)
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
            self.score.value = ('<span class="nr-muted">The fit score appears once you rate this '
                                'company on something that matters to you.</span>')
        else:
            self.score.value = (f'Fit score: <span class="nr-figure">{score:.0f}</span> '
                                f'<span class="nr-muted">out of 100 — {rated} of {len(values)} '
                                'values rated, the heavier ones counting more.</span>')

# ------------------------------------------------------------------ the right roles?
class RightRoles(kit.Section):
    """Progress by role category, seniority, company type and how applied; fit against stage."""

    TABLES = {"processes", "stages", "process_events"}

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        self.journal = journal
        options = [(label, key) for key, (label, _t) in words()["fit"]["dimensions"].items()]
        self.dimension = widgets.ToggleButtons(
            description="Group by", options=options, value=options[0][1],
            style=kit.label_style(widgets.ToggleButtons, button_width="auto"))
        self.findings = kit.html("")
        self.progress = kit.ChartPanel(specs.get("fit.progress"), journal,
                                       choices=lambda: {"dimension": self.dimension.value})
        self.fit_vs_stage = kit.ChartPanel(specs.get("fit.fit_vs_stage"), journal)
        self.dimension.observe(lambda _c: self.progress.redraw(), "value")
        kit.listen(self, journal, None, self._journal_changed)
        # Findings need pandas, like the charts: made while the notebook runs, they wait too.
        self._later = kit.Later(self.findings, self.current_findings, self._show)
        if self._later.run_or_defer():
            self.findings.value = '<span class="nr-muted">Reading your history…</span>'
        super().__init__("", "", [kit.prompt("What your history says"), self.findings,
                                  self.dimension, self.progress, self.fit_vs_stage])
        self.add_class("nr-exercise-right-roles")

    def _journal_changed(self, tables: set[str]) -> None:
        if tables & self.TABLES:
            self.show_findings()

    def _data(self):
        from nextround.analysis.fit import progress_columns

        processes = frames.table(self.journal, "processes", progress_columns())
        return processes, frames.reached(self.journal)

    def current_findings(self):
        from nextround.analysis.fit import findings

        processes, reached = self._data()
        return findings(processes, reached)

    def show_findings(self) -> None:
        kit.later_charts.forget(self._later)  # read afresh: anything computed earlier is stale
        self._show(self.current_findings())

    def _show(self, findings) -> None:
        items = []
        for finding in findings:
            css = ' class="nr-muted"' if finding.held_back else ""
            label = "" if finding.dimension == "all" else f"<b>{html_text(finding.label)}</b>: "
            items.append(f"<li{css}>{label}{html_text(finding.text)}</li>")
        note = html_text(words()["fit"]["findings"]["open_note"])
        self.findings.value = (f'<ul class="nr-list">{"".join(items)}</ul>'
                               f'<div class="nr-muted">{note}</div>')

# ------------------------------------------------------------------------ target role
class TargetRole(kit.Section):
    """The role and company the person wants; every process is scored against it."""

    LISTED = 25

    def __init__(self, journal: Journal):
        w = words()
        self.journal = journal
        self.fields = {
            "role": kit.text_input("Role", "e.g. Data engineer"),
            "category": kit.choice_input("Role category", w["process"]["role_categories"]),
            "seniority": kit.choice_input("Seniority", w["process"]["seniorities"]),
            "company_type": kit.choice_input("Company type", w["process"]["company_types"]),
            "must_haves": LinesInput("Must-haves", w["fit"]["must_have_examples"]),
            "deal_breakers": LinesInput("Deal-breakers", w["fit"]["deal_breaker_examples"]),
        }
        self.form = kit.RowForm(journal, "target_roles", self.fields)
        existing = fit.target(journal)
        if existing:
            self.form.load(existing)
        else:
            self.form.load(None, key={})
        self.table = kit.html("")
        self.chart = kit.ChartPanel(specs.get("fit.target"), journal)
        kit.listen(self, journal, None, self._journal_changed)
        self.show_processes()
        hint = ("One per line. A must-have that names one of your values above is judged from "
                "how you rated each company on it; any other counts as met when your notes on a "
                "process mention it, and so does a deal-breaker.")
        super().__init__("", "", [
            *list(self.fields.values())[:4], kit.html(html_text(hint), "nr-muted"),
            self.fields["must_haves"], self.fields["deal_breakers"], self.form.status,
            kit.prompt("My processes against this target"), self.table, self.chart,
        ])
        self.add_class("nr-exercise-target-role")

    def _journal_changed(self, tables: set[str]) -> None:
        if tables & TARGET_TABLES:
            self.show_processes()

    def show_processes(self) -> None:
        rows = self.journal.rows("processes", order_by="id DESC")
        if not rows:
            self.table.value = '<span class="nr-muted">No processes logged yet.</span>'
            return
        context = fit.target_context(self.journal)
        items = []
        for process in rows[:self.LISTED]:
            match = fit_rules.target_match(context, process)
            score = "—" if match.score is None else f"{match.score}%"
            items.append(
                f"<tr><td>{html_text(process_store.describe(process))}</td>"
                f'<td style="text-align:right;padding:0 10px"><b>{score}</b></td>'
                f'<td class="nr-muted">{html_text(match.explanation)}</td></tr>')
        more = (f'<div class="nr-muted">The {self.LISTED} most recent of {len(rows)} processes; '
                'the process list at the top shows every one with its match.</div>'
                if len(rows) > self.LISTED else "")
        self.table.value = ('<table class="nr-target-table"><tr><th align="left">Process</th>'
                            '<th>Match</th><th align="left">Why</th></tr>'
                            + "".join(items) + "</table>" + more)
