"""The disclosure log as open data: information-centre/disclosures.csv and .json.

Both files hold the same records, built by one function, so they cannot disagree.
"""

from __future__ import annotations

import csv
import json
import os

from plugins.common import spreadsheet_cell

FIELDS = ("date", "title", "category", "category_label", "fiscal_year", "reference", "url",
          "attachments", "oit", "withheld_ground", "withheld_reason")


def records(items, settings: dict) -> list[dict]:
    base = settings["OFFICE_SITE_URL"] + "/"
    return [
        {
            "date": item.date.date().isoformat(),
            "title": item.title,
            "category": item.category.code,
            "category_label": item.category.label,
            "fiscal_year": item.fiscal_year,
            "reference": getattr(item, "reference", "") or "",
            "url": base + item.url,
            "attachments": [{"url": base + a.path, "type": a.type_label, "bytes": a.size, "sha256": a.sha256}
                            for a in getattr(item, "attachments", None) or []],
            "oit": getattr(item, "oit", None) or [],
            "withheld_ground": (getattr(item, "withheld", None) or {}).get("ground", ""),
            "withheld_reason": (getattr(item, "withheld", None) or {}).get("reason", ""),
        }
        for item in items
    ]


def write(items, folder: str, settings: dict) -> None:
    rows = records(items, settings)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "disclosures.json"), "w", encoding="utf-8") as handle:
        json.dump(rows, handle, ensure_ascii=False, indent=1)
    # UTF-8 with a BOM so Excel opens the Thai text correctly; lists joined with " | "; no cell
    # runs as a formula (a title starting with '=').
    with open(os.path.join(folder, "disclosures.csv"), "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            flat = {**row, "attachments": " | ".join(a["url"] for a in row["attachments"]), "oit": " | ".join(row["oit"])}
            writer.writerow({name: spreadsheet_cell(value) for name, value in flat.items()})
