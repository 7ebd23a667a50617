"""CSV export: one file per table, UTF-8 with BOM, formulas neutralised, numbers left alone."""

from __future__ import annotations

import csv
import stat

import pandas as pd
import pytest

from nextround.documents.csv_export import export_csv, neutralise
from nextround.store.journal import Journal
from nextround.store.schema import COMMON, TABLES

LONG = "é" * 100_000


@pytest.fixture
def journal(tmp_path):
    j = Journal.open(tmp_path / "data" / "journal.sqlite3", create=True)
    j.set_setting("theme", "dark")
    p = j.add("processes", company="=SUM(A1)", role="Data engineer 🚀", category="+cmd",
              seniority="-senior", company_type="@startup", applied_via="\tsheet",
              applied_on="2026-01-15", outcome="rejected", notes=LONG,
              fit_note="  =HYPERLINK(\"http://x\")")
    j.add("processes", company="شركة المستقبل", role="<script>alert(1)</script>",
          notes="$80k base\nsecond line, with \"quotes\"", fit_note="\r=1")
    j.add("preparations", process_id=p["id"], company_research=-3, role_requirements=0)
    j.add("reflections",
          stage_id=j.add("stages", process_id=p["id"], position=-1, kind="onsite")["id"],
          soft_skills=["=1+1", "listening"], themes=[], self_rating=4)
    j.add("feedback_points", process_id=p["id"], text="-5% is fine", themes=["a", "b"],
          surprise=True)
    yield j
    j.close()


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_one_file_per_table_with_rows(journal, tmp_path):
    out = tmp_path / "export" / "nested"
    files = export_csv(journal, out)
    assert [f.name for f in files] == ["processes.csv", "stages.csv", "preparations.csv",
                                       "reflections.csv", "feedback_points.csv"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
        assert f.read_bytes().startswith(b"\xef\xbb\xbf")
        table = f.stem
        assert read(f)[0] == [*COMMON, *TABLES[table]]


def test_existing_folder_keeps_its_mode(journal, tmp_path):
    out = tmp_path / "shared"
    out.mkdir(mode=0o755)
    out.chmod(0o755)
    export_csv(journal, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_formulas_are_neutralised_in_text_only(journal, tmp_path):
    export_csv(journal, tmp_path)
    rows = read(tmp_path / "processes.csv")
    header, first, second = rows[0], dict(zip(rows[0], rows[1])), dict(zip(rows[0], rows[2]))
    assert first["company"] == "'=SUM(A1)"
    assert first["category"] == "'+cmd"
    assert first["seniority"] == "'-senior"
    assert first["company_type"] == "'@startup"
    assert first["applied_via"] == "'\tsheet"
    assert first["fit_note"] == "'  =HYPERLINK(\"http://x\")"
    assert first["notes"] == LONG
    assert first["role"] == "Data engineer 🚀"
    assert second["fit_note"] == "'\r=1"
    assert second["notes"] == "$80k base\nsecond line, with \"quotes\""
    assert second["role"] == "<script>alert(1)</script>"
    assert second["applied_on"] == "" and second["outcome"] == ""

    prep = dict(zip(*read(tmp_path / "preparations.csv")))
    assert prep["company_research"] == "-3" and prep["role_requirements"] == "0"
    stage = dict(zip(*read(tmp_path / "stages.csv")))
    assert stage["position"] == "-1"
    refl = dict(zip(*read(tmp_path / "reflections.csv")))
    assert refl["soft_skills"] == "'=1+1; listening"
    assert refl["themes"] == ""
    point = dict(zip(*read(tmp_path / "feedback_points.csv")))
    assert point["text"] == "'-5% is fine"
    assert point["themes"] == "a; b"
    assert point["surprise"] == "true"


@pytest.mark.parametrize("text, expected", [
    ("=1", "'=1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), (" =1", "' =1"), ("\n@x", "'\n@x"), ("＝1", "'＝1"),
    ("ok", "ok"), ("$80k", "$80k"), ("a=b", "a=b"), ("", ""), ("'=1", "'=1"),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_pandas_reads_it_back(journal, tmp_path):
    export_csv(journal, tmp_path)
    df = pd.read_csv(tmp_path / "processes.csv", encoding="utf-8-sig")
    assert list(df.columns) == [*COMMON, *TABLES["processes"]]
    assert df["id"].tolist() == [r["id"] for r in journal.rows("processes")]
    assert df["company"].tolist() == ["'=SUM(A1)", "شركة المستقبل"]
    assert df.loc[0, "notes"] == LONG
    assert df.loc[1, "notes"] == "$80k base\nsecond line, with \"quotes\""
    prep = pd.read_csv(tmp_path / "preparations.csv", encoding="utf-8-sig")
    assert prep.loc[0, "company_research"] == -3
    points = pd.read_csv(tmp_path / "feedback_points.csv", encoding="utf-8-sig")
    assert bool(points.loc[0, "surprise"]) is True
    assert points.loc[0, "themes"] == "a; b"


def test_empty_journal_writes_nothing(tmp_path):
    with Journal.open(tmp_path / "j" / "journal.sqlite3", create=True) as j:
        j.set_setting("theme", "dark")
        assert export_csv(j, tmp_path / "out") == []
        assert list((tmp_path / "out").iterdir()) == []


def test_failed_write_keeps_the_old_file(journal, tmp_path, monkeypatch):
    export_csv(journal, tmp_path)
    before = (tmp_path / "processes.csv").read_bytes()
    journal.add("processes", company="new")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("nextround.documents.backup.os.replace", broken_replace)
    with pytest.raises(OSError):
        export_csv(journal, tmp_path)
    assert (tmp_path / "processes.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
