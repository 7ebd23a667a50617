"""How far each process got, ranking each stage kind once, matches stage by stage ranking on
messy journals (kinds nobody listed, no kind, offers without stages)."""

from __future__ import annotations

import pandas as pd
import pytest

from messy_journal import build
from nextround.store import frames
from nextround.analysis.review import funnel_steps, reached_columns, stage_ranks, stage_reached


def plain_stage_reached(processes, stages):
    steps = funnel_steps()
    mapping, interview = stage_ranks()
    out = pd.DataFrame({"process_id": processes["id"].astype("int64")})
    if len(stages):
        ranks = stages["kind"].map(mapping).fillna(interview).astype("int64")
        furthest = ranks.groupby(stages["process_id"].astype("int64")).max()
        out["reached"] = out["process_id"].map(furthest).fillna(0).astype("int64")
    else:
        out["reached"] = 0
    offered = (processes["outcome"] == "offer").to_numpy()
    out.loc[offered, "reached"] = len(steps) - 1
    out["reached_name"] = [steps[i] for i in out["reached"]]
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stage_reached_matches_ranking_stage_by_stage(journal, seed):
    build(journal, processes=90, seed=seed)
    for columns in (None, reached_columns()):
        data = frames.tables(journal, "processes", "stages", columns=columns)
        found = stage_reached(data["processes"], data["stages"])
        pd.testing.assert_frame_equal(found, plain_stage_reached(data["processes"],
                                                                 data["stages"]))
    kinds = data["stages"]["kind"]
    assert kinds.isna().any() and {"A kind nobody listed", ""} <= set(kinds.dropna())


def test_stage_reached_without_stages_or_processes(journal):
    data = frames.tables(journal, "processes", "stages")
    pd.testing.assert_frame_equal(stage_reached(data["processes"], data["stages"]),
                                  plain_stage_reached(data["processes"], data["stages"]))
    journal.add("processes", company="Acme", outcome="offer")
    data = frames.tables(journal, "processes", "stages")
    found = stage_reached(data["processes"], data["stages"])
    assert found["reached_name"].tolist() == [funnel_steps()[-1]]
