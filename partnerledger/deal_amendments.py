"""Deal amendments made in the app: a new deal version, checked, recorded, then built.

Amendments are new versions, never edits (LANDING.md). The flow:

1. `draft` makes the new version from the deal's newest published version and the
   manager's changes; its number is one above every version published or recorded.
2. `check` runs it through the ingestion's own validation (a one-file landing loaded into
   a throwaway DuckDB), so the app refuses exactly what a landing file would quarantine,
   plus an empty validity range. It also notes closed months the version reaches back into.
3. `record` appends it to the ops store's hash chain: who, role, when, why, the version.
4. At the next build the `deal_amendments` asset (dagster_project/assets/deal_amendments.py)
   calls `export`, which writes every recorded amendment as
   `<home>/amendments/ops/deals_app_amendment_<seq>.json`; the landing ingest reads that
   directory with the landing directory, so the version becomes a deal version like any
   other (raw.deals names the file; marts.dim_deal_versions says `source = app`).

See docs/decisions/009-deal-amendments-in-the-app.md.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import yaml

from ingestion.entities import ENTITIES
from partnerledger import ops_store, paths

FILE_PREFIX = "deals_app_amendment_"
# The deal fields of LANDING.md, in its order: the exported file is a landing deals file.
FIELDS = tuple(ENTITIES["deals"].column_names)


class AmendmentRefused(Exception):
    """The amendment cannot be recorded; the message says why."""


@dataclass
class Check:
    problems: list[str] = field(default_factory=list)  # any one refuses the amendment
    notes: list[str] = field(default_factory=list)  # worth knowing, not refusing

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_terms(text: str) -> dict[str, Any]:
    """The terms as the manager typed them (YAML or JSON, LANDING.md's `terms` mapping)."""
    try:
        terms = yaml.safe_load(text) if text and text.strip() else None
    except yaml.YAMLError as exc:
        raise AmendmentRefused(f"terms are not valid YAML: {exc}") from exc
    if not isinstance(terms, dict) or not terms:
        raise AmendmentRefused("terms must be a mapping with at least one component (cpa: ...)")
    return terms


def next_version(home: Path | str, deal_id: str, published: Iterable[int]) -> int:
    """One above every version of the deal published or already recorded in the app."""
    recorded = [
        int(a["version"]) for a in ops_store.deal_amendments(home) if a["deal_id"] == deal_id
    ]
    return max([0, *map(int, published), *recorded]) + 1


def draft(
    base: Mapping[str, Any],
    *,
    version: int,
    effective_from: date,
    effective_to: date | None,
    brand_id: str | None,
    currency: str,
    terms: Mapping[str, Any],
    actor: str,
    reason: str,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """The new version of `base`'s deal (a dict with at least deal_id and partner_id)."""
    at = created_at or datetime.now(UTC)
    return {
        "deal_id": str(base["deal_id"]),
        "version": int(version),
        "partner_id": str(base["partner_id"]),
        "brand_id": brand_id or "",
        "effective_from": effective_from.isoformat(),
        "effective_to": effective_to.isoformat() if effective_to else "",
        "currency": currency.strip().upper(),
        "created_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "created_by": actor,
        "reason": reason.strip(),
        "terms": dict(terms),
    }


def check(home: Path | str, version: Mapping[str, Any]) -> Check:
    """Problems that refuse the version, and notes about it."""
    out = Check()
    if not str(version.get("reason") or "").strip():
        out.problems.append("reason: required (it is kept in the audit log)")
    start, end = version.get("effective_from"), version.get("effective_to")
    if start and end and str(end) <= str(start):
        out.problems.append(
            f"effective_to {end} is not after effective_from {start}: the version would never be in force"
        )
    out.problems += _contract_problems(version)
    closed = sorted(str(c["period_month"])[:7] for c in ops_store.period_closes(home))
    reached = [m for m in closed if start and m >= str(start)[:7]]
    if reached:
        out.notes.append(
            f"closed month(s) {', '.join(reached)} stay as closed; the change reaches them as "
            "adjustment lines in the first open month"
        )
    return out


def _contract_problems(version: Mapping[str, Any]) -> list[str]:
    """What the landing ingest would say about this version as a deals file."""
    from ingestion.load import REJECTED, ingest_landing

    with tempfile.TemporaryDirectory(prefix="pl-amendment-") as tmp:
        landing = Path(tmp, "landing")
        (landing / "ops").mkdir(parents=True)
        (landing / "ops" / "deals_draft.json").write_text(_file_text(version), encoding="utf-8")
        report = ingest_landing(landing, Path(tmp, "check.duckdb"))
        result = report.files[0]
        if result.status == REJECTED:
            return [str(result.reason)]
        with duckdb.connect(str(Path(tmp, "check.duckdb")), read_only=True) as con:
            return [
                r[0]
                for r in con.execute(
                    "select reason from ingest.quarantine order by line_number"
                ).fetchall()
            ]


def record(
    home: Path | str, actor: str, role: str, version: Mapping[str, Any]
) -> tuple[dict[str, Any], Check]:
    """Check, then append the version to the ops store: the entry and the check's notes.

    Refused (AmendmentRefused, nothing written) with every problem the check found.
    """
    found = check(home, version)
    if not found.ok:
        raise AmendmentRefused("; ".join(found.problems))
    try:
        entry = ops_store.record_deal_amendment(
            home, actor, role, dict(version), str(version["reason"])
        )
    except ops_store.OpsStoreError as exc:
        raise AmendmentRefused(str(exc)) from exc
    return entry, found


def _file_text(version: Mapping[str, Any]) -> str:
    # A JSON array of one deal version (LANDING.md: deals may be .json, an array).
    ordered = {k: version[k] for k in FIELDS if k in version}
    return json.dumps([ordered], indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def export(home: Path | str) -> Path:
    """Write every recorded amendment as a deals file under `<home>/amendments/ops/`.

    The content of an entry never changes, so its file's hash does not either: the ingest
    registry loads each amendment once, however often the build exports.
    """
    target = paths.Home(Path(home)).amendments / "ops"
    for entry in ops_store.deal_amendments(home):
        text = _file_text(json.loads(entry["payload_json"]))
        path = target / f"{FILE_PREFIX}{int(entry['seq']):06d}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            target.mkdir(parents=True, exist_ok=True)
            tmp = target / f".{path.name}.tmp"  # a dot name the ingest never reads
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
    return target.parent
