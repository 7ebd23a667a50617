"""Am I applying for the right roles? Where you progress, and the target role every process is scored against."""

from __future__ import annotations


import ipywidgets as widgets

from nextround import specs
from nextround.rules import fit as fit_rules
from nextround.safe_text import html_text
from nextround.store import fit, frames
from nextround.store import processes as process_store
from nextround.store.journal import Journal
from nextround.ui import kit
from nextround.words import words
from nextround.ui.fit.parts import LinesInput, TARGET_TABLES


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
