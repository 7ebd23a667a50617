"""How far each process got, by the one rule in SQLite, matches stage by stage ranking on
messy journals (kinds nobody listed, no kind, offers without stages)."""

from __future__ import annotations

import pandas as pd
import pytest

from messy_journal import build, plain_stage_reached
from nextround.store import frames
from nextround.rules.funnel import funnel_steps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stage_reached_matches_ranking_stage_by_stage(journal, seed):
    build(journal, processes=90, seed=seed)
    data = frames.tables(journal, "processes", "stages")
    pd.testing.assert_frame_equal(frames.reached(journal),
                                  plain_stage_reached(data["processes"], data["stages"]))
    kinds = data["stages"]["kind"]
    assert kinds.isna().any() and {"A kind nobody listed", ""} <= set(kinds.dropna())


def test_stage_reached_without_stages_or_processes(journal):
    data = frames.tables(journal, "processes", "stages")
    pd.testing.assert_frame_equal(frames.reached(journal),
                                  plain_stage_reached(data["processes"], data["stages"]))
    journal.add("processes", company="Acme", outcome="offer")
    assert frames.reached(journal)["reached_name"].tolist() == [funnel_steps()[-1]]
