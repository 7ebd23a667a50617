"""Share with my coach, in My progress: shown before it goes, asked every time, exactly what
was shown is what goes, and taken back at will — into a drop box, or as a file to hand in."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import re

import ipywidgets as widgets
import pytest
from cohort_journals import fill
from widget_tree import find

from nextround.documents.cohort import document, drop_box, reading, sharing
from nextround.store.journal import Journal
from nextround.ui.progress import MyProgress
from nextround.ui.share import ShareWithCoach

NOW = dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def filled(journal):
    fill(journal, 2)
    return journal


@pytest.fixture
def box(tmp_path, monkeypatch):
    folder = tmp_path / "box"
    folder.mkdir()
    os.chmod(folder, 0o3733)
    monkeypatch.setenv(drop_box.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def no_box(monkeypatch):
    monkeypatch.delenv(drop_box.ENV_VAR, raising=False)


def share_section(journal) -> ShareWithCoach:
    return MyProgress(journal, clock=lambda: NOW).share()


def click(section, label: str) -> None:
    find(section, widgets.Button, description=label).click()


def shown_content(section) -> str:
    """The file as the preview shows it (unescaped)."""
    found = re.search(r'<pre class="nr-share-content[^"]*">(.*?)</pre>', section.preview.value,
                      re.S)
    return html.unescape(found[1])


def test_my_progress_offers_sharing_with_the_coach(filled, box):
    section = share_section(filled)
    assert section.children[0].value.endswith("Share with my coach</bdi>")
    assert section.asking.children == ()


def test_showing_sends_nothing_and_says_what_would_go_in_words_and_as_the_file(filled, box):
    section = share_section(filled)
    click(section, "Show what I would share")
    content = shown_content(section)
    assert json.loads(content)["format"] == "nextround-cohort-summary"
    assert "interview processes: how far each got" in section.preview.value
    assert "Nothing has been shared. You are asked every time." in section.status.value
    assert list(box.iterdir()) == []
    assert filled.setting(sharing.SETTING) is None


def test_what_goes_into_the_drop_box_is_exactly_what_was_shown(filled, box):
    section = share_section(filled)
    click(section, "Show what I would share")
    content = shown_content(section)
    click(section, "Share this with my coach")
    [file] = list(box.iterdir())
    assert file.read_text(encoding="utf-8") == content
    assert "Shared with your coach at" in section.status.value
    assert filled.setting(sharing.SETTING)["files"] == [file.name]


def test_sharing_again_asks_again(filled, box):
    section = share_section(filled)
    click(section, "Show what I would share")
    click(section, "Share this with my coach")
    assert section.asking.children == () and not section.asking_now
    assert section.confirm() is False  # nothing shown, nothing to share
    assert len(list(box.iterdir())) == 1
    click(section, "Show what I would share")
    click(section, "Share this with my coach")
    assert len(list(box.iterdir())) == 2
    counted = reading.read_paths([box])
    assert (counted.people, counted.replaced) == (1, 1)  # the same person, once


def test_not_now_shares_nothing(filled, box):
    section = share_section(filled)
    click(section, "Show what I would share")
    click(section, "Not now")
    assert section.asking.children == () and list(box.iterdir()) == []
    assert filled.setting(sharing.SETTING) is None


def test_taking_back_leaves_the_person_out_and_removes_their_file(filled, box):
    section = share_section(filled)
    click(section, "Show what I would share")
    click(section, "Share this with my coach")
    shared = {p.name for p in box.iterdir()}
    find(section.taking_back, widgets.Button, description="Take back what I shared").click()
    find(section.taking_back, widgets.Button, description="Yes, take back what i shared").click()
    assert "Taken back at" in section.status.value
    [left] = list(box.iterdir())
    assert left.name not in shared
    assert document.read(left)["withdrawn"] is True
    assert reading.read_paths([box]).people == 0
    assert section.taking_back.children == ()  # nothing left to take back


def test_without_a_drop_box_the_summary_is_a_file_to_hand_in(filled, no_box):
    section = share_section(filled)
    assert "download it and hand it to your coach" in section.children[4].value
    click(section, "Show what I would share")
    content = shown_content(section)
    click(section, "Share this with my coach")
    link = re.search(r'download="([^"]+)" href="data:application/json;base64,([^"]+)"',
                     section.link.value)
    assert link[1] == "nextround-summary-2026-W14-1.json"
    assert base64.b64decode(link[2]).decode("utf-8") == content
    assert "hand it to your coach" in section.status.value


def test_without_a_drop_box_taking_back_is_a_file_to_hand_in(filled, no_box):
    section = share_section(filled)
    click(section, "Show what I would share")
    click(section, "Share this with my coach")
    section.take_back()
    link = re.search(r'download="([^"]+)" href="data:application/json;base64,([^"]+)"',
                     section.link.value)
    assert link[1] == "nextround-taken-back-2026-W14-2.json"
    withdrawal = document.parse(base64.b64decode(link[2]))
    assert withdrawal["withdrawn"] is True and withdrawal["sequence"] == 2


def test_a_share_from_another_window_meanwhile_is_not_sent_unseen(filled, box, journal_file):
    first = share_section(filled)
    click(first, "Show what I would share")
    with Journal.open(journal_file) as other_tab:
        second = share_section(other_tab)
        click(second, "Show what I would share")
        click(second, "Share this with my coach")
    click(first, "Share this with my coach")
    assert "from another window meanwhile" in first.status.value
    assert "nr-status-error" in first.status._dom_classes
    assert len(list(box.iterdir())) == 1


def test_a_drop_box_anyone_can_list_is_refused_in_words(filled, box):
    os.chmod(box, 0o3777)
    section = share_section(filled)
    click(section, "Show what I would share")
    click(section, "Share this with my coach")
    assert "can be listed by everyone" in section.status.value
    assert list(box.iterdir()) == [] and filled.setting(sharing.SETTING) is None


def test_a_journal_from_a_newer_nextround_cannot_share(tmp_path, box):
    import sqlite3

    path = tmp_path / "newer.sqlite3"
    Journal.open(path, create=True).close()
    with sqlite3.connect(path) as conn:  # as if a newer NextRound had written it
        conn.execute("PRAGMA user_version = 99")
    with Journal.open(path) as journal:
        section = share_section(journal)
        assert find(section, widgets.Button, description="Show what I would share").disabled
        assert "open read-only" in section.status.value


def test_hostile_words_in_the_journal_never_reach_the_preview(journal, box):
    hostile = "<img src=x onerror=alert(1)> $x$"
    journal.add("processes", company=hostile, role=hostile, notes=hostile)
    journal.add("feedback_points", process_id=1, text=hostile, themes=[hostile])
    section = share_section(journal)
    click(section, "Show what I would share")
    assert "onerror" not in section.preview.value and "$x$" not in section.preview.value
