"""The bad-input corpus: each folder of cases/ is a landing directory (`landing/`) and the
outcome ingestion must give it (`expected.yml`). The corpus test and
tools/reliability_report.py both run a case through `observe` and judge it with `problems`,
so the report says exactly what the test checks.

expected.yml:
  about: what the case is
  files:
    <path under landing/>:
      rows_in: records a person counts in the file (the identity's left side)
      outcome: loaded | refused
      loaded: N                       # loaded only
      quarantined: {line: substring}  # loaded only: every quarantined line, with its reason
      reason: substring               # refused only: the file-level reason
  xfail: why ingestion does not do this yet (a known gap; the test is strict about it)
"""

from __future__ import annotations

import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from ingestion.load import LOADED, REJECTED, ingest_landing, reconcile

CASES = Path(__file__).parent / "cases"


@dataclass
class Case:
    name: str
    about: str
    files: dict[str, dict]
    xfail: str | None

    @property
    def landing(self) -> Path:
        return CASES / self.name / "landing"


@dataclass
class Observed:
    """What one ingest of a case did, per file; `crash` is a traceback that escaped."""

    files: dict[str, dict] = field(default_factory=dict)
    reconcile: list[str] = field(default_factory=list)
    crash: str | None = None


def cases() -> list[Case]:
    out = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        doc = yaml.safe_load((folder / "expected.yml").read_text())
        out.append(Case(folder.name, doc["about"], doc["files"], doc.get("xfail")))
    return out


def observe(case: Case) -> Observed:
    """Ingest the case's landing directory into a fresh warehouse (ingestion only, no dbt)."""
    seen = Observed()
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "warehouse.duckdb"
        try:
            report = ingest_landing(case.landing, warehouse)
        except Exception:  # noqa: BLE001 - any escape is the finding, recorded for the report
            seen.crash = traceback.format_exc()
            return seen
        with duckdb.connect(str(warehouse), read_only=True) as con:
            seen.reconcile = reconcile(con)
            for f in report.files:
                rows = con.execute(
                    """select line_number, reason from ingest.quarantine
                       where source_file = ? order by line_number nulls first""",
                    [f.path],
                ).fetchall()
                seen.files[f.path] = {
                    "status": f.status,
                    "reason": f.reason,
                    "rows_read": f.rows_read,
                    "loaded": f.rows_loaded,
                    "quarantined": {line: reason for line, reason in rows if line is not None},
                }
    return seen


def problems(case: Case, seen: Observed) -> list[str]:
    """Every way the observed outcome differs from the expected one; [] when it matches."""
    if seen.crash:
        return [f"a traceback escaped ingestion:\n{seen.crash}"]
    out = list(seen.reconcile)
    if set(seen.files) != set(case.files):
        out.append(f"files seen {sorted(seen.files)}, expected {sorted(case.files)}")
    for path, want in case.files.items():
        got = seen.files.get(path)
        if got is None:
            continue
        if "Traceback" in (got["reason"] or "") + "".join(got["quarantined"].values()):
            out.append(f"{path}: a traceback in a reason")
        if want["outcome"] == "refused":
            if got["status"] != REJECTED:
                out.append(f"{path}: expected refused, was {got['status']}")
            elif want["reason"] not in (got["reason"] or ""):
                out.append(f"{path}: refused with {got['reason']!r}, expected {want['reason']!r}")
            continue
        if got["status"] != LOADED:
            out.append(f"{path}: expected loaded, was {got['status']} ({got['reason']})")
            continue
        # The identity against the rows a person counts, not the registry's own sum.
        accounted = got["loaded"] + len(got["quarantined"])
        if want["rows_in"] != accounted:
            out.append(
                f"{path}: rows in {want['rows_in']} != loaded {got['loaded']} + "
                f"quarantined {len(got['quarantined'])}"
            )
        if got["loaded"] != want["loaded"]:
            out.append(f"{path}: loaded {got['loaded']}, expected {want['loaded']}")
        expected_q = {int(k): v for k, v in (want.get("quarantined") or {}).items()}
        if set(got["quarantined"]) != set(expected_q):
            out.append(
                f"{path}: quarantined lines {sorted(got['quarantined'])}, expected {sorted(expected_q)}"
            )
        for line, text in expected_q.items():
            reason = got["quarantined"].get(line)
            if reason is not None and text not in reason:
                out.append(f"{path} line {line}: reason {reason!r} lacks {text!r}")
    return out


def outcome_text(spec: dict) -> str:
    """One file's outcome in words, for the report (expected or observed alike)."""
    if spec["outcome"] == "refused":
        return f"refused: {spec['reason']}"
    q = spec.get("quarantined") or {}
    text = f"loaded {spec['loaded']}, quarantined {len(q)}"
    return text + "".join(
        f"; line {k}: {v}" for k, v in sorted(q.items(), key=lambda kv: int(kv[0]))
    )


def observed_spec(got: dict) -> dict:
    if got["status"] == REJECTED:
        return {"outcome": "refused", "reason": got["reason"]}
    return {"outcome": "loaded", "loaded": got["loaded"], "quarantined": got["quarantined"]}
