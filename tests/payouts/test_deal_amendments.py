"""Deal amendments made in the app: checked like a landing file, hash-chained, loaded once.

Real components: the ingestion's validation and loader on DuckDB files, the SQLite ops store.
The pricing with an amended version is tested end to end in
tests/dagster_project/test_deal_amendment_build.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion.load import LOADED, SKIPPED, ingest_landing
from partnerledger import deal_amendments, ops_store
from partnerledger.deal_amendments import AmendmentRefused

BASE = {"deal_id": "D-1", "partner_id": "P-1"}
REVSHARE_40 = """
revshare:
  basis: ngr
  tier_metric: ngr
  tiers: [{from: 0, rate: 0.40}]
  tier_mode: whole
  negative_carryover: true
"""


def _version(home: Path, **changes) -> dict:
    fields = {
        "effective_from": date(2026, 4, 1),
        "effective_to": None,
        "brand_id": "B-CASINO",
        "currency": "eur",
        "terms": deal_amendments.parse_terms(REVSHARE_40),
        "actor": "ann",
        "reason": "Q1 review: 40% revshare",
    }
    fields.update(changes)
    return deal_amendments.draft(
        BASE, version=deal_amendments.next_version(home, "D-1", [1]), **fields
    )


def test_a_valid_amendment_is_the_next_version_in_the_landing_shape(tmp_path: Path) -> None:
    v = _version(tmp_path)
    assert deal_amendments.check(tmp_path, v).problems == []
    # one above the published version 1; currency normalised as the contract spells it
    assert (v["version"], v["currency"], v["brand_id"], v["effective_to"]) == (
        2,
        "EUR",
        "B-CASINO",
        "",
    )
    assert v["terms"]["revshare"]["tiers"] == [{"from": 0, "rate": 0.40}]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"terms": {"revshare": {"basis": "ngr", "tiers": [{"from": 0, "rate": "abc"}]}}},
            "terms.revshare.tiers[0].rate: 'abc' is not a decimal number",
        ),
        ({"terms": {"cpa": {"amount": -5}}}, "terms.cpa.amount: -5 is negative"),
        ({"currency": "EURO"}, "currency: 'EURO' is not an ISO 4217 code"),
        (
            {"effective_to": date(2026, 4, 1)},
            "effective_to 2026-04-01 is not after effective_from 2026-04-01",
        ),
        ({"reason": "  "}, "reason: required"),
    ],
)
def test_each_problem_refuses_the_amendment_and_records_nothing(
    tmp_path: Path, changes: dict, reason: str
) -> None:
    v = _version(tmp_path, **changes)
    with pytest.raises(AmendmentRefused, match=reason.replace("[", r"\[").replace("]", r"\]")):
        deal_amendments.record(tmp_path, "ann", "manager", v)
    assert ops_store.deal_amendments(tmp_path) == []


def test_terms_that_are_not_a_mapping_are_refused() -> None:
    with pytest.raises(AmendmentRefused, match="not valid YAML"):
        deal_amendments.parse_terms("revshare: [unclosed")
    with pytest.raises(AmendmentRefused, match="at least one component"):
        deal_amendments.parse_terms("- just a list")


def test_only_managers_amend_and_a_version_is_recorded_once(tmp_path: Path) -> None:
    v = _version(tmp_path)
    with pytest.raises(AmendmentRefused, match="role 'finance' cannot amend deals"):
        deal_amendments.record(tmp_path, "fred", "finance", v)
    entry, found = deal_amendments.record(tmp_path, "ann", "manager", v)
    assert (entry["deal_id"], entry["version"], entry["role"], found.notes) == (
        "D-1",
        2,
        "manager",
        [],
    )
    with pytest.raises(AmendmentRefused, match="version 2 of D-1 is already recorded"):
        deal_amendments.record(tmp_path, "ann", "manager", v)
    # the next draft numbers itself above the recorded version
    assert _version(tmp_path)["version"] == 3
    assert ops_store.verify_chain(tmp_path) == []  # (an edited entry: test_ops_store.py)


def test_an_amendment_reaching_into_a_closed_month_is_noted(home: Path) -> None:
    # `home` has published marts (conftest.write_serving), which closing a month freezes.
    ops_store.close_period(home, "2026-05", "cfo", "May signed off")
    found = deal_amendments.check(home, _version(home))  # in force from 2026-04-01
    assert found.ok
    assert found.notes == [
        (
            "closed month(s) 2026-05 stay as closed; the change reaches them as adjustment "
            "lines in the first open month"
        )
    ]


def test_exported_amendments_load_once_as_deal_versions(tmp_path: Path) -> None:
    home, landing, wh = tmp_path / "home", tmp_path / "landing", tmp_path / "wh.duckdb"
    landing.mkdir()
    deal_amendments.record(home, "ann", "manager", _version(home))
    first = ingest_landing(landing, wh, also=[deal_amendments.export(home)])
    second = ingest_landing(landing, wh, also=[deal_amendments.export(home)])
    name = "ops/deals_app_amendment_000001.json"
    assert [(f.path, f.status, f.rows_loaded) for f in first.files] == [(name, LOADED, 1)]
    assert [(f.path, f.status) for f in second.files] == [(name, SKIPPED)]
    with duckdb.connect(str(wh), read_only=True) as con:
        deal = con.execute(
            "select deal_id, version, effective_from, created_by, reason, _source_file from raw.deals"
        ).fetchall()
        tiers = con.execute("select tier_no, tier_from, rate from raw.deal_tiers").fetchall()
    assert deal == [
        (
            "D-1",
            2,
            date(2026, 4, 1),
            "ann",
            "Q1 review: 40% revshare",
            name,
        )
    ]
    assert tiers == [(1, Decimal("0E-8"), Decimal("0.40000000"))]
