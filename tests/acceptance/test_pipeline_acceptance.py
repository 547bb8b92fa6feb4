"""The pipeline as a whole on the acceptance landing directory: built, no duplicates, contract holds."""

from __future__ import annotations

from acceptance_warehouse import Built

from tests.contract.contract_check import check


def test_build_succeeded(built: Built) -> None:
    # dbt build (or run_build) exit 0: every model built and every data test of the project passed.
    assert built.returncode == 0, built.log


def test_check_contract_passes(built: Built) -> None:
    # the acceptance build excludes tag:payouts (acceptance_warehouse.dbt_build)
    assert check(built.warehouse, not_built=["mart_payouts"]) == []


def test_nothing_quarantined_and_copies_load_nothing_twice(built: Built) -> None:
    # the only bad rows: an MT5 reversal (Entry 2) in a file without VolumeClosed columns (LANDING.md:
    # quarantined), mt5_deals_novc.csv data row 3 = line 4; negative stakes in casino_activity_bad.csv,
    # data row 2 = line 3.
    assert built.rows(
        "select entity, source_file, line_number from ingest.quarantine order by entity"
    ) == [
        ("casino_activity", "brand/casino_activity_bad.csv", 3),
        ("mt5_deals", "trading/mt5_deals_novc.csv", 4),
    ]
    # brand/2026/06/casino_activity-copy.csv is a byte copy of brand/casino_activity.csv: one of the
    # two is skipped, so 26 + 2 (jsonl) + 20 (edges csv) + 1 (the good row of the bad file) = 49 rows.
    assert built.rows("select count(*) from staging.stg_brand__casino_activity") == [(49,)]
    # prop order O-1 arrives twice (csv and the jsonl re-export): one order.
    assert built.rows(
        "select count(*) from staging.stg_brand__prop_orders where order_id = 'O-1'"
    ) == [(1,)]


def test_every_statement_has_its_lines(built: Built) -> None:
    # no line without a deal version (contract) and no orphan: statements and lines agree per key.
    assert built.rows(
        "select count(*) from marts.fct_commission_lines where deal_id is null or deal_version is null"
    ) == [(0,)]
    orphans = built.rows(
        """select l.partner_id, l.brand_id, l.period_month from marts.fct_commission_lines l
           left join marts.fct_partner_monthly_statement s using (partner_id, brand_id, period_month)
           where s.partner_id is null"""
    )
    assert orphans == []


def test_incremental_build_equals_a_build_from_scratch(built: Built, scratch: Built) -> None:
    # OUTPUTS.md: a build after new files arrive gives the same results as a build from scratch.
    assert scratch.returncode == 0, scratch.log
    for sql in (
        "select * exclude (explanation) from marts.fct_commission_lines order by line_id",
        "select * from marts.fct_partner_monthly_statement order by partner_id, brand_id, period_month",
    ):
        assert built.rows(sql) == scratch.rows(sql)


def test_data_quality_marts_carry_the_quarantine(built: Built) -> None:
    # the same two quarantined rows as above, published by marts.mart_quarantine with a reason
    assert built.rows(
        "select entity, source_file, line_number, reason is not null from marts.mart_quarantine "
        "order by entity"
    ) == [
        ("casino_activity", "brand/casino_activity_bad.csv", 3, True),
        ("mt5_deals", "trading/mt5_deals_novc.csv", 4, True),
    ]
    # one quarantined row each for casino_activity and mt5_deals in the freshness mart
    assert built.rows(
        "select entity, rows_quarantined from marts.mart_source_freshness "
        "where rows_quarantined > 0 order by entity"
    ) == [("casino_activity", 1), ("mt5_deals", 1)]
