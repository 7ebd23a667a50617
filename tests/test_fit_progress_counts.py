"""Step 3's progress and findings, counted for every group at once, match the plain
group-by-group count on messy journals: groups that differ only by spaces or case, empty
fields, open and finished processes, unlisted stage kinds."""

from __future__ import annotations

import pandas as pd
import pytest

from messy_journal import build
from nextround.store import frames
from nextround.analysis import fit
from nextround.words import words
from nextround.rules.states import ENDED


def plain_progress_by(processes, reached, dimension):
    """`progress_by` as first written: one group, one milestone at a time."""
    frame = processes.assign(process_id=processes["id"].astype("int64"))
    frame = frame.merge(reached[["process_id", "reached"]], on="process_id", how="left")
    frame["reached"] = frame["reached"].fillna(0).astype("int64")
    frame["finished"] = frame["outcome"].isin(ENDED)
    groups = frame[dimension].astype("string").str.strip()
    frame = frame.assign(group=groups)[groups.notna() & (groups != "")]
    rows = []
    for group, members in frame.groupby("group", sort=True):
        finished = int(members["finished"].sum())
        for index, step, phrase in fit.milestones():
            got_there = members["reached"] >= index
            decided = members["finished"] | got_there
            count, total = int(got_there.sum()), int(decided.sum())
            rows.append({"group": group, "finished": finished,
                         "open": int(len(members) - finished), "step": step,
                         "milestone": phrase, "count": count, "total": total,
                         "rate": count / total if total else float("nan")})
    return pd.DataFrame(rows, columns=fit.PROGRESS_COLUMNS)


def plain_headline(group_rows):
    ordered = group_rows.reset_index(drop=True)
    for i in range(len(ordered) - 1, -1, -1):
        row = ordered.iloc[i]
        if row["total"] and row["rate"] >= 0.5:
            return {**row.to_dict(), "order": i}
    return {**ordered.iloc[0].to_dict(), "order": -1}


def plain_finding(processes, reached, dimension, minimum):
    """`dimension_finding` as first written, on the plain progress table."""
    label, template = fit.dimensions()[dimension]
    f = words()["fit"]["findings"]
    progress = plain_progress_by(processes, reached, dimension)
    sizes = progress.groupby("group", sort=True)["finished"].first()
    qualified = [g for g, n in sizes.items() if n >= minimum]
    if not qualified:
        groups = ", ".join(f"{g} {n}" for g, n in sizes.sort_values(ascending=False).items())
        return fit.Finding(dimension, label, f["too_few_in_groups"].format(
            dimension=label, min=minimum, groups=groups or "none recorded"), held_back=True)
    heads = [plain_headline(progress[progress["group"] == g]) for g in qualified]
    heads.sort(key=lambda h: (h["order"], h["rate"] if h["total"] else 0), reverse=True)
    numbers = [{k: h[k] for k in ("group", "step", "milestone", "count", "total")} for h in heads]
    best, worst = heads[0], heads[-1]
    if len(heads) == 1:
        text = fit._sentence(template, best) + ". " + f["only_one"].format(min=minimum)
        return fit.Finding(dimension, label, text, held_back=False, numbers=numbers[:1])
    if best["order"] == worst["order"] and abs(best["rate"] - worst["rate"]) < 0.25:
        return fit.Finding(dimension, label, f["no_difference"].format(dimension=label) + " "
                           + "; ".join(fit._sentence(template, h) for h in heads) + ".",
                           held_back=False, numbers=numbers)
    text = fit._sentence(template, best) + "; " + fit._sentence(template, worst) + "."
    return fit.Finding(dimension, label, text, held_back=False,
                       numbers=[numbers[0], numbers[-1]])


def data(journal):
    return frames.table(journal, "processes"), frames.reached(journal)


@pytest.mark.parametrize("seed,size", [(1, 12), (2, 40), (3, 120), (4, 300)])
def test_progress_and_findings_match_the_plain_count(journal, seed, size):
    build(journal, processes=size, seed=seed)
    processes, reached = data(journal)
    for dimension in fit.dimensions():
        pd.testing.assert_frame_equal(fit.progress_by(processes, reached, dimension),
                                      plain_progress_by(processes, reached, dimension))
        for minimum in (0, 1, 3, 8, 40, 10_000):
            found = fit.dimension_finding(processes, reached, dimension, minimum)
            assert vars(found) == vars(plain_finding(processes, reached, dimension, minimum))
    for minimum in (1, 5, 10_000):
        expected = ([plain_finding(processes, reached, d, minimum) for d in fit.dimensions()]
                    if int(processes["outcome"].isin(ENDED).sum()) >= minimum else None)
        found = fit.findings(processes, reached, minimum)
        if expected is None:
            assert [f.dimension for f in found] == ["all"] and found[0].held_back
        else:
            assert [vars(f) for f in found] == [vars(f) for f in expected]


def test_groups_that_differ_only_by_spaces_are_one(journal):
    build(journal, processes=120, seed=3)
    processes, reached = data(journal)
    groups = set(fit.progress_by(processes, reached, "category")["group"])
    raw = {v for v in processes["category"] if isinstance(v, str)}
    assert {" Analytics", "Analytics "} <= raw and "\u3000Design\u3000" in raw
    assert "Analytics" in groups and " Analytics" not in groups and "Design" in groups
    assert "" not in groups and "analytics" in groups  # case is kept apart


def test_no_groups_and_no_processes(journal):
    processes, reached = data(journal)
    assert fit.progress_by(processes, reached, "category").empty
    journal.add("processes", company="Acme", outcome="rejected")
    processes, reached = data(journal)
    assert fit.progress_by(processes, reached, "category").empty
    found = fit.dimension_finding(processes, reached, "category", 1)
    assert found.held_back and vars(found) == vars(plain_finding(processes, reached,
                                                                  "category", 1))
