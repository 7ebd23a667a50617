"""Reading a spreadsheet to import: CSV in any separator and encoding, .xlsx read as values,
and every file that cannot be read refused in one line that names it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

import history_rows
from nextround.documents.history_import import MAX_BYTES, MAX_ROWS, ImportFileError, read_table

PLAIN = "Company,Role,Date applied,Status\nAcme,Data engineer,2026-01-05,Rejected\n"


def refused(name: str, data: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_table(name, data)
    message = str(caught.value)
    assert "\n" not in message
    return message


def workbook(*sheets: tuple[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, lines in sheets:
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------- CSV
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_separator_is_found(delimiter):
    table = read_table("apps.csv", PLAIN.replace(",", delimiter).encode())
    assert table.delimiter == delimiter
    assert table.headers == ["Company", "Role", "Date applied", "Status"]
    assert table.rows == [("Acme", "Data engineer", "2026-01-05", "Rejected")]


def test_a_header_alone_on_one_line_still_finds_its_separator():
    table = read_table("apps.csv", b"Company;Role\nAcme;Data engineer\n")
    assert table.rows == [("Acme", "Data engineer")]


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-32", "utf-32"),
])
def test_unicode_encodings_and_their_byte_order_marks_are_honoured(encoding, expected):
    text = "Company,Role\nZürich Grüße AG,Ingénieure 🚀\n"
    table = read_table("apps.csv", text.encode(encoding))
    assert table.encoding == expected
    assert table.headers == ["Company", "Role"]  # no BOM left in the first header
    assert table.rows == [("Zürich Grüße AG", "Ingénieure 🚀")]


def test_a_legacy_encoding_is_detected():
    text = ("Entreprise;Poste;Date de candidature\n"
            + "".join(f"Société Générale {n};Ingénieur données, équipe Café;"
                      f"0{n % 9 + 1}/02/2026\n" for n in range(40)))
    table = read_table("candidatures.csv", text.encode("cp1252"))
    assert table.rows[0][0] == "Société Générale 0"
    assert table.rows[0][1] == "Ingénieur données, équipe Café"


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    data = b'Company,Notes\nAcme,"two\nlines"\n\nBeta,\n'
    table = read_table("apps.csv", data)
    assert table.rows == [("Acme", "two\nlines"), ("Beta", "")]
    assert table.row_numbers == [2, 4]


def test_empty_and_repeated_headers_get_names_of_their_own():
    table = read_table("apps.csv", b"Company,,Company\nAcme,x,y\n")
    assert table.headers == ["Company", "Column 2", "Company (2)"]


def test_the_name_never_carries_the_folders():
    table = read_table("/home/sam/secret/jobs/apps.csv", PLAIN.encode())
    assert table.name == "apps.csv"
    message = refused("C:\\Users\\sam\\jobs\\empty.csv", b"")
    assert message == "empty.csv is empty."


def test_the_500_row_file_reads_whole():
    table = read_table("apps.csv", history_rows.csv_bytes())
    assert len(table.rows) == 500
    assert table.row_numbers[-1] == 501


# ----------------------------------------------------------------------------- refusals
def test_an_empty_file_is_refused():
    assert refused("apps.csv", b"") == "apps.csv is empty."
    assert refused("apps.csv", b"\n \n") == "apps.csv is empty."


def test_a_header_without_rows_is_refused():
    assert refused("apps.csv", b"Company,Role\n") == (
        "apps.csv has a header row but no applications under it.")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    data = b"Company\n" + b"x" * (25 * 1024 * 1024 - 8)
    assert refused("big.csv", data) == (
        "big.csv is 25 MiB, more than the 20 MiB a file to import can be.")
    assert MAX_BYTES == 20 * 1024 * 1024


def test_more_rows_than_the_limit_are_refused():
    data = ("Company\n" + "".join(f"C{n}\n" for n in range(MAX_ROWS + 1))).encode()
    assert refused("many.csv", data) == (
        "many.csv has more than 10,000 rows of applications, the most one import takes. "
        "Split it into files of up to 10,000 rows and import each.")
    exactly = ("Company\n" + "".join(f"C{n}\n" for n in range(MAX_ROWS))).encode()
    assert len(read_table("many.csv", exactly).rows) == MAX_ROWS


def test_a_binary_file_is_refused():
    data = bytes(range(256)) * 40
    assert refused("photo.csv", data) == (
        "photo.csv is not a spreadsheet or a CSV file: it holds binary data.")


def test_a_file_cut_off_inside_a_quoted_cell_is_refused():
    data = b'Company,Notes\nAcme,fine\nBeta,"starts here\nand never'
    assert refused("cut.csv", data) == (
        "cut.csv seems to be cut off: a quoted cell that starts in row 3 never ends.")


def test_a_file_cut_off_in_its_last_row_is_refused():
    data = b"Company,Role,Date applied,Status\nAcme,Data engineer,2026-01-05,Rejected\nBeta,An"
    assert refused("cut.csv", data) == (
        "cut.csv seems to be cut off: its last row (3) has 2 cells where the header has 4.")


def test_a_file_cut_off_inside_a_character_is_refused():
    data = "Company\nZürich\nMü".encode()[:-1]  # "M\xc3" at the very end
    assert refused("cut.csv", data) == (
        "cut.csv seems to be cut off in the middle of a character at its very end.")


def test_a_row_with_more_cells_than_the_header_is_refused_with_its_row():
    data = b"Company,Role\nAcme,Data engineer\nBeta,Analyst,surplus\n"
    assert refused("apps.csv", data) == (
        "row 3 has 3 cells where the header has 2: a separator or a quote is out of place.")


def test_an_old_xls_workbook_is_refused_with_what_to_do():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert refused("old.xls", data) == (
        "old.xls is an old Excel .xls workbook. Open it in your spreadsheet program, save it "
        "as .xlsx or CSV, and import that.")


def test_a_truncated_workbook_is_refused():
    data = history_rows.xlsx_bytes(20)
    message = refused("apps.xlsx", data[: len(data) // 2])
    assert message == ("apps.xlsx is not a whole .xlsx workbook: it is damaged or cut off. "
                       "Save it again from your spreadsheet program, or as CSV.")


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "is not a whole .xlsx workbook" in refused("apps.xlsx", out.getvalue())


def test_a_workbook_that_would_unpack_to_gigabytes_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (450 * 1024 * 1024 - 11))
    message = refused("bomb.xlsx", out.getvalue())
    assert message.startswith("bomb.xlsx would be 450 MiB once unpacked, too large to read.")


# ------------------------------------------------------------------------------ workbooks
def test_a_workbook_is_read_from_the_sheet_that_names_a_company():
    data = workbook(("Read me", [["How to use this file"], ["Fill in the other sheet"]]),
                    ("Applications", [["Employer", "Job title"], ["Acme", "Data engineer"]]))
    table = read_table("apps.xlsx", data)
    assert table.kind == "xlsx" and table.sheet == "Applications"
    assert table.rows == [("Acme", "Data engineer")]


def test_a_workbook_without_a_company_column_is_read_from_its_first_sheet():
    data = workbook(("Mine", [["Who", "What"], ["Acme", "Data engineer"]]),
                    ("Other", [["A"], ["b"]]))
    assert read_table("apps.xlsx", data).sheet == "Mine"


def test_workbook_cells_keep_their_kinds_and_formula_text_stays_text():
    data = workbook(("Sheet", [
        ["Company", "Date applied", "Notes", "Count"],
        ["Acme", dt.datetime(2026, 1, 5, 9, 30), "=SUM(A1:A3)", 3],
        ["Beta", 46000, "@handle", 2.5],
    ]))
    table = read_table("apps.xlsx", data)
    assert table.rows == [("Acme", dt.datetime(2026, 1, 5, 9, 30), "=SUM(A1:A3)", 3),
                          ("Beta", 46000, "@handle", 2.5)]


def test_a_real_formula_is_read_as_its_saved_value_and_never_run():
    book = Workbook()
    sheet = book.active
    sheet.append(["Company", "Role"])
    sheet.append(["Acme", "=1+1"])  # a formula: openpyxl saves no computed value
    out = io.BytesIO()
    book.save(out)
    table = read_table("apps.xlsx", out.getvalue())
    assert table.rows == [("Acme", None)]


def test_the_500_row_workbook_reads_whole():
    table = read_table("apps.xlsx", history_rows.xlsx_bytes())
    assert len(table.rows) == 500
    assert table.rows[0][2] == dt.datetime(2024, 1, 15)
