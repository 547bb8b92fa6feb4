"""The real MT5 gateway dump (tests/fixtures/real_samples) through ingestion and dbt gives the
lots its README states: 8 closed round-turn lots, login 1006: 7 lots of EURUSD (EURUSD,
EURUSD., EURUSD..), login 67200263: 1 lot of EURGBP."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from forex_warehouse import query, run_dbt

from ingestion.load import ingest_landing

SAMPLE = Path(__file__).parents[1] / "fixtures" / "real_samples" / "mt5_deals_gateway_2019.csv"


def test_real_mt5_sample_gives_eight_closed_lots(tmp_path: Path) -> None:
    assert SAMPLE.exists(), f"the real sample is missing: {SAMPLE}"
    landing = tmp_path / "landing"
    (landing / "trading").mkdir(parents=True)
    (landing / "ops").mkdir()
    shutil.copy(SAMPLE, landing / "trading" / SAMPLE.name)
    (landing / "ops" / "symbols.csv").write_text(
        "symbol,symbol_group,contract_size,markup_per_lot_usd\n"
        "EURUSD,fx_major,100000,6\n"
        "EURGBP,fx_minor,100000,8\n"
    )
    warehouse = tmp_path / "warehouse.duckdb"
    report = ingest_landing(landing, warehouse)
    assert report.rows_quarantined == 0

    run_dbt(
        warehouse,
        tmp_path,
        "build",
        "--select",
        "+int_symbols_unmatched",
        "--indirect-selection",
        "cautious",
    )

    per_login = query(
        warehouse,
        "select login, symbol_group, count(*), sum(lots), count(distinct symbol) "
        "from intermediate.int_lots_closed group by login, symbol_group order by login",
    )
    # 1006: positions 3, 5, 7, 9, 11, 13, 15 each closed 1 lot (VolumeClosedExt 10^8 / 10^8);
    # the entry deals and the 17 balance rows carry nothing. 67200263: position 1, 1 lot.
    assert per_login == [
        (1006, "fx_major", 7, Decimal(7), 3),
        (67200263, "fx_minor", 1, Decimal(1), 1),
    ]
    # every spelling (EURUSD, EURUSD., EURUSD..) matched a listed symbol
    assert query(warehouse, "select count(*) from intermediate.int_symbols_unmatched") == [(0,)]
