"""The examples of docs/reference/ are real: the landing contract's deal version loads."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from ingestion.load import ingest_landing

LANDING_CONTRACT = Path(__file__).parents[2] / "docs" / "reference" / "landing-contract.md"


def test_the_landing_contracts_deal_example_loads_as_written(tmp_path: Path) -> None:
    (example,) = re.findall(r"```yaml\n(.*?)```", LANDING_CONTRACT.read_text(), re.DOTALL)
    deals = tmp_path / "landing" / "ops" / "deals.yaml"
    deals.parent.mkdir(parents=True)
    deals.write_text(example)
    warehouse = tmp_path / "warehouse.duckdb"
    report = ingest_landing(tmp_path / "landing", warehouse)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 0)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # every component of the example is there; 3 revshare bands; 7 rebate rates
        assert con.execute(
            "select has_cpa, has_revshare, has_lot_rebate, has_spread_share, has_challenge, "
            "has_sub_partner, lot_rebate_override from raw.deals"
        ).fetchall() == [(True, True, True, True, True, True, "difference")]
        assert con.execute("select count(*) from raw.deal_tiers").fetchall() == [(3,)]
        assert con.execute("select count(*) from raw.deal_rates").fetchall() == [(7,)]
