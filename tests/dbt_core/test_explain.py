"""partnerledger.explain on the scenario's built warehouse (tests/dbt_core/scenario.py numbers)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from partnerledger.explain import ExplainError, explain
from partnerledger.paths import Home
from tests.dbt_core.conftest import Built
from tests.support.dbt_runner import build_selection

# The marts explain reads beyond the shared build's selection (their parents are built there).
EXPLAIN_MARTS = ["fct_commission_line_sources", "dim_deal_versions"]


@pytest.fixture(scope="module")
def home(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Home:
    h = Home(tmp_path_factory.mktemp("explain_home"))
    shutil.copy(built.phase2, h.warehouse)
    build_selection(h.warehouse, tmp_path_factory.mktemp("explain_dbt"), EXPLAIN_MARTS)
    return h


@pytest.fixture(scope="module")
def marts_only_home(home: Home, tmp_path_factory: pytest.TempPathFactory) -> Home:
    """The same warehouse with every staging and intermediate model dropped: marts only."""
    h = Home(tmp_path_factory.mktemp("explain_marts_only"))
    shutil.copy(home.warehouse, h.warehouse)
    with duckdb.connect(str(h.warehouse)) as con:
        con.execute("drop schema staging cascade; drop schema intermediate cascade")
    return h


def test_explain_sub_partner_month_shows_chain(home: Home) -> None:
    text = explain("M1", "2026-05", home)
    assert "D-M1 v1 (all-brand, EUR)" in text
    assert "sub_partner(rate=0.1)" in text
    # S1's own May total 10.00 USD -> 8.00 EUR at 1.25 -> 10% = 0.80 EUR
    assert "- 0.80 EUR = 8 sub-partner commission EUR x 0.1" in text
    # the late April reset: recomputed 5.84 - frozen 5.44 = 0.40
    assert "adjustment 0.40 EUR: Adjustment of sub_partner for closed period 2026-04" in text
    # 0.80 + 0.40 = 1.20
    assert "total                         1.20" in text
    assert "MISMATCH" not in text
    assert "no approval decision recorded" in text


def test_explain_lists_prop_orders_behind_challenge_lines(home: Home) -> None:
    text = explain("S1", "2026-04", home)
    # frozen April: 300 x 20% = 60.00 and 80 x 10% = 8.00 -> 68.00
    assert "challenge: 2 line(s), sum 68.00 USD" in text
    assert "O1        X1           purchase  300" in text
    assert "O2        X1           reset     80" in text


def test_explain_unknown_partner_is_a_clear_error(home: Home) -> None:
    with pytest.raises(ExplainError, match="partner 'NOPE' is not in marts.dim_partners"):
        explain("NOPE", "2026-04", home)


def test_explain_month_without_data_names_the_months_that_have_some(home: Home) -> None:
    with pytest.raises(
        ExplainError, match=r"no statement and no commission line in 2025-01 .*2026-04, 2026-05"
    ):
        explain("S1", "2025-01", home)


def test_explain_without_warehouse(tmp_path: Path) -> None:
    with pytest.raises(ExplainError, match="no warehouse"):
        explain("S1", "2026-04", Home(tmp_path))


def test_explain_shows_the_source_events_behind_each_component(home: Home) -> None:
    may = explain("M1", "2026-05", home)
    # M1's share rests on S1's own May total: challenge 10.00 + adjustment 5.00 = 15.00 total,
    # minus the adjustment = 10.00 USD (the 8.00 EUR basis at 1.25)
    assert "source events (sub_partner_statement):" in may
    assert "S1        10      USD" in may
    revshare = explain("P9", "2026-05", home)
    # Y1's one May day: stakes 2000 - payouts 800 = NGR 1200 EUR
    assert "source events (casino_day):" in revshare
    assert "2026-05-10  1200    EUR" in revshare


def test_explain_reads_marts_only(home: Home, marts_only_home: Home) -> None:
    # Renaming or dropping a staging or intermediate model cannot empty an explanation.
    for partner, month in [("M1", "2026-05"), ("S1", "2026-04"), ("P9", "2026-05")]:
        assert explain(partner, month, marts_only_home) == explain(partner, month, home)


def test_every_priced_line_has_source_events(home: Home) -> None:
    # Every line but an adjustment (which corrects a closed month) rests on events: here
    # the challenge lines O1, O2, O5, M1's two sub-partner shares and P9's two revshare months.
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        bare = con.execute(
            "select l.partner_id, l.period_month, l.component from marts.fct_commission_lines l "
            "where l.component <> 'adjustment' and l.line_id not in "
            "(select line_id from marts.fct_commission_line_sources)"
        ).fetchall()
        priced = con.execute(
            "select count(*) from marts.fct_commission_lines where component <> 'adjustment'"
        ).fetchone()
    assert bare == []
    assert priced == (7,)
