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
from nextround.words import say, words
from nextround.ui.fit.parts import LinesInput, TARGET_TABLES


# ------------------------------------------------------------------ the right roles?
class RightRoles(kit.Section):
    """Progress by role category, seniority, company type and how applied; fit against stage."""

    TABLES = {"processes", "stages", "process_events"}

    def __init__(self, journal: Journal, picker: kit.ProcessPicker):
        self.journal = journal
        options = [(label, key) for key, (label, _t) in words()["fit"]["dimensions"].items()]
        self.dimension = widgets.ToggleButtons(
            description=say("fit.roles.group_by"), options=options, value=options[0][1],
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
            self.findings.value = (f'<span class="nr-muted">{html_text(say("fit.roles.reading"))}'
                                   "</span>")
        super().__init__("", "", [kit.prompt(say("fit.roles.prompt")), self.findings,
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
            "role": kit.text_input(say("fit.target.role_label"),
                                   say("fit.target.role_placeholder")),
            "category": kit.choice_input(say("fit.target.category_label"),
                                         w["process"]["role_categories"]),
            "seniority": kit.choice_input(say("fit.target.seniority_label"),
                                          w["process"]["seniorities"]),
            "company_type": kit.choice_input(say("fit.target.company_type_label"),
                                             w["process"]["company_types"]),
            "must_haves": LinesInput(say("fit.target.must_haves_label"),
                                     w["fit"]["must_have_examples"]),
            "deal_breakers": LinesInput(say("fit.target.deal_breakers_label"),
                                        w["fit"]["deal_breaker_examples"]),
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
        hint = say("fit.target.hint")
        super().__init__("", "", [
            *list(self.fields.values())[:4], kit.html(html_text(hint), "nr-muted"),
            self.fields["must_haves"], self.fields["deal_breakers"], self.form.status,
            kit.prompt(say("fit.target.processes_prompt")), self.table, self.chart,
        ])
        self.add_class("nr-exercise-target-role")

    def _journal_changed(self, tables: set[str]) -> None:
        if tables & TARGET_TABLES:
            self.show_processes()

    def show_processes(self) -> None:
        rows = self.journal.rows("processes", order_by="id DESC")
        if not rows:
            empty = html_text(say("fit.target.no_processes"))
            self.table.value = f'<span class="nr-muted">{empty}</span>'
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
        more = ""
        if len(rows) > self.LISTED:
            said = say("fit.target.more", shown=self.LISTED, total=len(rows))
            more = f'<div class="nr-muted">{html_text(said)}</div>'
        self.table.value = ('<table class="nr-target-table"><tr>'
                            f'<th align="left">{html_text(say("fit.target.process_header"))}</th>'
                            f'<th>{html_text(say("fit.target.match_header"))}</th>'
                            f'<th align="left">{html_text(say("fit.target.why_header"))}</th></tr>'
                            + "".join(items) + "</table>" + more)
