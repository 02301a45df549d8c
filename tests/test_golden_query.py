"""One query's answer on the real report, kept as a golden file: the evidence level and gap of every advice.

``advice-evidence`` is the one definition the overview, the evidence page, the
reviewer's table and the CLI share (decision 9), so any change to what it answers
shows up here as a diff to review. Run with ``KG_UPDATE_GOLDEN=1`` to rewrite the
file after an intended change.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from kg.sparql.catalogue import load_query
from kg.sparql.result import to_records

GOLDEN = Path(__file__).parent / "golden" / "advice-evidence.csv"


def _csv(records: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def test_advice_evidence_matches_its_golden_file(store):
    answer = _csv(to_records(store.select(load_query("advice-evidence").text)))
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_text(answer, encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8")
    if answer != golden:
        changed = sorted(set(answer.splitlines()) ^ set(golden.splitlines()))[:6]
        raise AssertionError(f"advice-evidence differs from {GOLDEN.name} (KG_UPDATE_GOLDEN=1 rewrites it): {changed}")
