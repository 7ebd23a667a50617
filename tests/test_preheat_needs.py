"""What a preheated kernel imports ahead of its page's request (`Page.needs`): real modules,
each step's own charts, and every step's for My progress."""

from __future__ import annotations

import importlib

import pytest

from nextround.ui.feedback import AskForFeedback
from nextround.ui.fit import ItsNotPersonal
from nextround.ui.learning import KeepLearning
from nextround.ui.next_interview import NextInterview
from nextround.ui.progress import MyProgress
from nextround.ui.review import ReviewAndReflect
from nextround.ui.start import StartHere

PAGES = (StartHere, ReviewAndReflect, AskForFeedback, ItsNotPersonal, KeepLearning,
         NextInterview, MyProgress)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.__name__)
def test_every_module_a_page_needs_exists(page):
    for name in page.needs:
        assert importlib.import_module(name).__name__ == name


def test_each_step_heats_its_own_charts_and_my_progress_every_step_s():
    def steps(page) -> set[str]:
        return {name.rsplit(".", 1)[1] for name in page.needs if name.startswith("nextround.specs.")}

    assert {page.__name__: steps(page) for page in PAGES} == {
        "StartHere": set(), "ReviewAndReflect": {"review"}, "AskForFeedback": {"feedback"},
        "ItsNotPersonal": {"fit"}, "KeepLearning": {"learning"}, "NextInterview": set(),
        "MyProgress": {"review", "feedback", "fit", "learning"}}
