"""How far the PR network reaches: channels members have and training they received, by district.

One table drives the coverage page, ``prsite network report`` and its CSV, so the three
always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# (column in members.csv, Thai heading, English heading for the terminal and CSV)
COLUMNS = (
    ("website", "มีเว็บไซต์", "website"),
    ("facebook", "มีเพจ Facebook", "facebook"),
    ("line", "มี LINE OA", "line"),
    ("enews", "รับจดหมายข่าว", "e-news"),
    ("trained_website", "อบรมช่องทางเว็บไซต์แล้ว", "trained: website"),
    ("trained_facebook", "อบรมช่องทาง Facebook แล้ว", "trained: facebook"),
    ("trained_enews", "อบรมช่องทางจดหมายข่าวแล้ว", "trained: e-news"),
)
NO_DISTRICT = "ไม่สังกัดอำเภอ"  # agencies and media outside the district list
TOTAL = "รวม"


@dataclass
class Row:
    district: str
    members: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {column: 0 for column, _, _ in COLUMNS})

    def add(self, member) -> None:
        self.members += 1
        for column, _, _ in COLUMNS:
            if member.values.get(column):  # a URL, an account, yes, or a training date
                self.counts[column] += 1

    def percent(self, column: str) -> int:
        return round(100 * self.counts[column] / self.members) if self.members else 0


def coverage(members, districts: list[str]) -> list[Row]:
    """One row per district in the office's order, then members without one, then the total."""
    rows = {district: Row(district) for district in districts}
    total = Row(TOTAL)
    for member in members:
        rows.setdefault(member.district or NO_DISTRICT, Row(member.district or NO_DISTRICT)).add(member)
        total.add(member)
    return [row for row in rows.values() if row.members] + [total]


def as_table(rows: list[Row], percent: bool = True) -> tuple[list[str], list[list[str]]]:
    """English headings and cells: "12 (60%)" for the terminal, plain counts for a spreadsheet."""
    headings = ["district", "members"] + [english for _, _, english in COLUMNS]
    cells = [[row.district, str(row.members)]
             + [f"{row.counts[c]} ({row.percent(c)}%)" if percent else str(row.counts[c]) for c, _, _ in COLUMNS]
             for row in rows]
    return headings, cells
