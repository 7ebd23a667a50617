"""A spreadsheet of 500 past applications whose step 3 finding is known, as CSV and .xlsx.

- 4 data-engineering processes: 3 reached the final round, 1 only the screening;
- 5 data-science ones: all stopped at screening;
- 491 analytics ones: most reached an interview, a few got an offer or are still open.
So step 3 says "3 of 4 Data engineering processes reached the final stage; 0 of 5 Data
science / ML processes passed screening." Some cells hold hostile or formula-like text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

HEADERS = ["Company", "Role", "Date applied", "Status", "Stage reached", "How I applied",
           "Category", "Location", "Notes"]
HOSTILE = ["<script>alert(1)</script>", "=SUM(A1:A3)", "+44 20 7946 0000", "-5 days", "@handle",
           "שלום עולם", "🚀 launch", "$80k–$95k"]
START = dt.date(2024, 1, 15)


def rows(count: int = 500) -> list[list]:
    """The applications, with dates as dates."""
    out = []
    plan = ([("Data engineering", "Final round", "Rejected")] * 3
            + [("Data engineering", "Phone screen", "Rejected")]
            + [("Data science / ML", "Phone screen", "Ghosted")] * 5)
    while len(plan) < count:
        n = len(plan)
        if n % 50 == 0:
            plan.append(("Analytics", "Final round", "Offer"))
        elif n % 7 == 0:
            plan.append(("Analytics", "Phone screen", "Rejected"))
        elif n % 11 == 0:
            plan.append(("Analytics", "Onsite", "Interviewing"))
        else:
            plan.append(("Analytics", "Onsite", "Rejected"))
    for n, (category, stage, status) in enumerate(plan[:count]):
        out.append([
            f"Company {n:03d}", "Data engineer" if category == "Data engineering" else "Analyst",
            START + dt.timedelta(days=n), status, stage,
            ("Referral", "Job board", "Applied directly")[n % 3], category,
            ("Berlin", "London", "Remote")[n % 3], HOSTILE[n % len(HOSTILE)] if n % 9 == 0 else "",
        ])
    return out


def csv_bytes(count: int = 500, delimiter: str = ",", encoding: str = "utf-8-sig") -> bytes:
    """As a spreadsheet program saves it: day-first dates (31/01/2026), with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADERS)
    for row in rows(count):
        writer.writerow([c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else c for c in row])
    return out.getvalue().encode(encoding)


def xlsx_bytes(count: int = 500) -> bytes:
    """The same rows in a workbook: real date cells, text cells kept as text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Applications"
    sheet.append(HEADERS)
    for row in rows(count):
        sheet.append(row)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=SUM(A1:A3)" typed as text, not a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FINDING = ("3 of 4 Data engineering processes reached the final stage; "
           "0 of 5 Data science / ML processes passed screening.")
