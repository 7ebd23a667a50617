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


import ipywidgets as widgets

from nextround.store.journal import Journal
from nextround.ui import kit
from nextround.ui.fit.culture import CultureFit
from nextround.ui.fit.roles import RightRoles, TargetRole
from nextround.ui.fit.parts import ScoredProcessPicker
from nextround.ui.fit.reasons import SortReasons
from nextround.words import say


class ItsNotPersonal(kit.Page):
    needs = kit.chart_needs("fit")

    def __init__(self, journal: Journal | None = None):
        super().__init__(journal)
        self.picker = self.keep(ScoredProcessPicker(self.journal))

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([kit.style_sheet(), *kit.journal_notices(self.journal),
                             kit.Section(say("fit.page.which_process"),
                                         say("fit.page.which_process_purpose"), [self.picker])]))

    def reasons(self) -> widgets.Widget:
        return self.shown("reasons", lambda: SortReasons(self.journal, self.picker))

    def culture_fit(self) -> widgets.Widget:
        return self.shown("culture_fit", lambda: CultureFit(self.journal, self.picker))

    def right_roles(self) -> widgets.Widget:
        return self.shown("right_roles", lambda: RightRoles(self.journal, self.picker))

    def target_role(self) -> widgets.Widget:
        return self.shown("target_role", lambda: TargetRole(self.journal))
