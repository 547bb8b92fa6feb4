"""A deal amended in the app prices the next build: real ops store, Dagster, dbt, DuckDB.

Hand-worked on orchestration_landing (deal D-1 v1 on B-CASINO: CPA 100 EUR, RevShare 25%
whole on NGR, negative carryover):
  March: C-1 stakes 500 - payouts 300 = NGR 200 -> RevShare 25% = 50.00 EUR (v1).
  April: C-2 stakes 200 - payouts 100 = NGR 100 -> RevShare 25% = 25.00 EUR (v1).
A manager records v2 from 2026-04-01 with RevShare 40% (CPA unchanged). After the next
build April is priced by v2: 100 x 40% = 40.00 EUR; March stays 50.00 EUR under v1.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from orchestration_landing import FILES, write_landing

from dagster_project.run import EXIT_OK, run_build
from partnerledger import deal_amendments
from partnerledger.explain import explain
from partnerledger.paths import Home

TERMS_V2 = """
cpa: {amount: 100, min_first_deposit: 20, window_days: 30, require_kyc: false}
revshare:
  basis: ngr
  tier_metric: ngr
  tiers: [{from: 0, rate: 0.40}]
  tier_mode: whole
  negative_carryover: true
"""


def _revshare(serving: Path) -> list[tuple]:
    with duckdb.connect(str(serving), read_only=True) as con:
        return con.execute(
            "select period_month, deal_version, amount from marts.fct_commission_lines "
            "where partner_id = 'P-1' and component = 'revshare' order by period_month"
        ).fetchall()


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("amend")
    landing, home = write_landing(root / "landing", FILES), Home(root / "home")
    lines: list[str] = []
    assert run_build(landing, home, progress=lines.append) == EXIT_OK, "\n".join(lines)
    before = _revshare(home.serving)
    version = deal_amendments.draft(
        {"deal_id": "D-1", "partner_id": "P-1"},
        version=deal_amendments.next_version(home.root, "D-1", [1]),
        effective_from=date(2026, 4, 1),
        effective_to=None,
        brand_id="B-CASINO",
        currency="EUR",
        terms=deal_amendments.parse_terms(TERMS_V2),
        actor="app:manager",
        reason="Q1 review: RevShare to 40%",
    )
    deal_amendments.record(home.root, "app:manager", "manager", version)
    lines.clear()
    code = run_build(landing, home, progress=lines.append)
    return {"home": home, "before": before, "code": code, "output": "\n".join(lines)}


def test_before_the_amendment_april_is_priced_by_version_1(amended: dict) -> None:
    assert amended["before"] == [
        (date(2026, 3, 1), 1, Decimal("50.00")),
        (date(2026, 4, 1), 1, Decimal("25.00")),
    ]


def test_the_next_build_prices_april_with_the_amended_version(amended: dict) -> None:
    assert amended["code"] == EXIT_OK, amended["output"]
    # only the exported amendment was new: one deal row loaded, nothing else re-read
    assert "✓ raw/deals 1 rows loaded" in amended["output"]
    assert _revshare(amended["home"].serving) == [
        (date(2026, 3, 1), 1, Decimal("50.00")),
        (date(2026, 4, 1), 2, Decimal("40.00")),
    ]


def test_deal_history_shows_where_each_version_came_from_and_when_it_priced(amended: dict) -> None:
    with duckdb.connect(str(amended["home"].serving), read_only=True) as con:
        rows = con.execute(
            "select deal_version, source, created_by, reason, priced_ranges, components "
            "from marts.dim_deal_versions where deal_id = 'D-1' order by deal_version"
        ).fetchall()
    assert rows == [
        (1, "landing", "test", "launch", "B-CASINO 2026-01-01 to 2026-04-01", "cpa, revshare"),
        (
            2,
            "app",
            "app:manager",
            "Q1 review: RevShare to 40%",
            "B-CASINO 2026-04-01 to open",
            "cpa, revshare",
        ),
    ]


def test_explain_names_the_amended_version_and_who_made_it(amended: dict) -> None:
    text = explain("P-1", "2026-04", amended["home"])
    assert "D-1 v2" in text
    assert "by app:manager, reason: Q1 review: RevShare to 40%" in text
