"""The partner portal's additions to the page tests' published home (app_testkit).

mart_payouts gains its carried columns (the real mart publishes carried_in, carried_out and
statement_total next to the contract columns), and P1 a June month, worked by hand:
  2026-06  P1 B1 revshare  NGR 240 EUR x 25% = 60.00 EUR; 60.00 < P1's payout threshold
  100.00 -> payout amount 0, carried_out 60.00 (below_threshold): P1's available balance.
May's payouts carry nothing: P1 640.00 and P2 400.00 are payable, P3 is held.
The tracking-link settings of the test brands B1 and B2 are written to a file that
PARTNERLEDGER_TRACKING_LINKS names.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from partnerledger import tracking_links

PORTAL_SQL = """
alter table marts.mart_payouts add column statement_total decimal(18,2);
alter table marts.mart_payouts add column carried_in decimal(18,2) default 0;
-- carried_out is there already (app_testkit's portal tables)
update marts.mart_payouts set statement_total = amount, carried_in = 0, carried_out = 0;
insert into marts.fct_partner_monthly_statement values
    ('P1', 'B1', '2026-06-01', 'EUR', 0, 60, 0, 0, 60, 0, 0, 0, 0, 0, 0, 0, 60.00);
insert into marts.mart_payouts (payout_id, partner_id, period_month, payout_currency, amount,
    brand_count, route, status, hold_reasons, risk_score, fx_rate_date, statement_total,
    carried_in, carried_out)
values ('PO-P1-2026-06', 'P1', '2026-06-01', 'EUR', 0.00, 1, 'auto', 'below_threshold', null,
    0.00, '2026-06-30', 60.00, 0.00, 60.00);
"""

LINKS_YAML = """
brands:
  B1:
    base_url: https://track.casino-one.example/click
    domain: casino-one.example
    landing: /welcome
  B2:
    base_url: https://track.fx-two.example/click
    domain: fx-two.example
    landing: /open-account
"""


def add_portal_rows(home: Path) -> None:
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute(PORTAL_SQL)


@pytest.fixture
def portal_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The page tests' published home with the portal's rows and link settings."""
    add_portal_rows(home)
    links = home / "tracking_links.yml"
    links.write_text(LINKS_YAML, encoding="utf-8")
    monkeypatch.setenv(tracking_links.CONFIG_ENV, str(links))
    return home
