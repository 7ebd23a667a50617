"""Download links (data URIs), the backup and report buttons, and the temporary-server notice."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re

import ipywidgets as widgets

from nextround import Journal
from nextround.store import processes as process_store
from nextround.documents.backup import parse_backup, restore_backup
from nextround.errors import BackupError
from nextround.ui import kit
from nextround.ui.kit import frame
from nextround.ui.kit.downloads import (BackupDownload, ReportDownload, download_markup,
                                    human_size)
from nextround.words import say
from widget_tree import find, text_of


def link_parts(markup: str) -> tuple[str, str, bytes]:
    """(file name, mime type, bytes) of the one download link in `markup`."""
    match = re.search(r'download="([^"]*)" href="data:([^;]+(?:;charset=[^;]+)?);base64,'
                      r'([A-Za-z0-9+/=]*)"', markup)
    assert match, markup[:300]
    return html.unescape(match[1]), match[2], base64.b64decode(match[3])


def test_human_size():
    assert human_size(0) == "0 bytes"
    assert human_size(1) == "1 byte"
    assert human_size(1023) == "1023 bytes"
    assert human_size(1536) == "1.5 KB"
    assert human_size(20 * 1024 * 1024) == "20.0 MB"


def test_download_markup_carries_the_bytes_and_escapes_the_name():
    data = "héllo\n\u202eworld".encode("utf-8")
    markup = download_markup('Get "it" <now>', 'a"b<c>.txt', data, "text/plain;charset=utf-8")
    name, mime, content = link_parts(markup)
    assert name == 'a"b<c>.txt' and mime == "text/plain;charset=utf-8" and content == data
    assert "<now>" not in markup and "&lt;now&gt;" in markup


def test_backup_is_built_when_asked_and_restores(journal, tmp_path):
    process_store.add_process(journal, "Acme $5 <b>", "Data engineer")
    when = dt.datetime(2026, 3, 31, 9, 15, 2)
    backup = BackupDownload(journal, clock=lambda: when)
    assert backup.link.value == ""  # nothing stale is offered before the click
    assert backup.button.description == "Prepare my backup"
    backup.button.click()
    name, mime, content = link_parts(backup.link.value)
    assert re.fullmatch(r"nextround-backup-\d{4}-\d\d-\d\d\.json", name)
    assert mime == "application/json"
    assert text_of(backup.link) == (
        f"Download my backup ({name}) {human_size(len(content))}, made at 09:15:02")
    fresh = Journal.open(tmp_path / "other" / "journal.sqlite3", create=True)
    restore_backup(fresh, parse_backup(content))
    assert [p["company"] for p in fresh.rows("processes")] == ["Acme $5 <b>"]
    fresh.close()


def test_each_click_builds_a_fresh_backup(journal):
    backup = BackupDownload(journal)
    backup.button.click()
    before = parse_backup(link_parts(backup.link.value)[2])
    process_store.add_process(journal, "Added later")
    backup.button.click()
    after = parse_backup(link_parts(backup.link.value)[2])
    assert len(before["tables"]["processes"]) == 0
    assert [p["company"] for p in after["tables"]["processes"]] == ["Added later"]


def test_a_backup_that_cannot_be_made_says_why(journal, monkeypatch):
    import nextround.documents.backup

    def refuse(_journal):
        raise BackupError("The backup would be 25.0 MiB, more than the 20 MiB a backup may be.")

    monkeypatch.setattr(nextround.documents.backup, "backup_text", refuse)
    backup = BackupDownload(journal)
    assert backup.prepare() is False
    assert backup.link.value == ""
    assert backup.status.state == "error"
    assert text_of(backup.status) == (
        "Not prepared: The backup would be 25.0 MiB, more than the 20 MiB a backup may be.")


def test_report_download_is_one_html_file(journal):
    process_store.add_process(journal, "Acme")
    report = ReportDownload(journal)
    assert report.prepare() is True
    name, mime, content = link_parts(report.link.value)
    assert re.fullmatch(r"nextround-report-\d{4}-\d\d-\d\d\.html", name)
    assert mime == "text/html"
    assert content.startswith(b"<!DOCTYPE html>") and b"Acme" in content


def test_temporary_server_notice_puts_the_backup_one_click_away(journal, monkeypatch):
    for name in ("BINDER_SERVICE_HOST", "BINDER_REPO_URL", "NEXTROUND_TEMPORARY"):
        monkeypatch.delenv(name, raising=False)
    def notices():  # less the page frame's hidden data, which every page's header carries
        return [n for n in kit.journal_notices(journal) if not isinstance(n, frame.FrameData)]

    assert notices() == []
    monkeypatch.setenv("BINDER_REPO_URL", "https://github.com/nextround/nextround")
    [box] = notices()
    assert text_of(find(box, widgets.HTML, classes="nr-notice")) == say(
        "frame.notices.temporary", minutes=10)
    backup = find(box, BackupDownload)
    backup.button.click()
    assert re.fullmatch(r"nextround-backup-\d{4}-\d\d-\d\d\.json", link_parts(backup.link.value)[0])
