"""A tiny published home for the app's page tests: serving.duckdb written with plain SQL.

The numbers, worked by hand from RULES.md (EUR at 1.10 USD, USD at 1.00):
  2026-04  P1 B1 revshare   NGR 800 EUR x 25%              = 200.00 EUR = 220.00 USD
  2026-05  P1 B1 cpa        1 qualified customer x 100.00  = 100.00 EUR = 110.00 USD
  2026-05  P1 B1 revshare   NGR 2,000 EUR x 25%            = 500.00 EUR = 550.00 USD
  2026-05  P1 B1 sub_partner P2's 400.00 EUR x 10%         =  40.00 EUR =  44.00 USD
  2026-05  P2 B1 revshare   NGR 1,600 EUR x 25%            = 400.00 EUR = 440.00 USD
  2026-05  P3 B2 lot_rebate 12.5 fx_major lots x 8.00 USD  = 100.00 USD = 100.00 USD
Portal activity (PORTAL_SQL, marts.mart_partner_daily_activity), worked by hand:
  P1 B1 April: 10 clicks, 1 registration, 1 FTD.
  P1 B1 May:   1,200 + 5 + 29 = 1,234 clicks, 2 registrations, 1 FTD, 1 qualified CPA;
               link L-A (MT, sub1 fb) 1,200 + 29 = 1,229 clicks, link L-B (DE, sub1 `=cmd`,
               a formula a spreadsheet would run) 5; 2026-05-04: 5 + 29 = 34 clicks.
  P2 B1 May:   70 clicks, 1 registration, 1 FTD (DE, link L-C, sub1 tt).
  P3 B2 May:   40 clicks, 1 registration, 1 FTD, 12.5 lots (CY, link L-D).
Statements: P1 May 100 + 500 + 40 = 640.00 EUR, P1 April 200.00 EUR, P2 May 400.00 EUR,
P3 May 100.00 USD. Payouts carry nothing forward (carried_out 0). Partner tree: P2 under P1, P4 under P2 (no activity); P3 on its own (marts.dim_partner_tree:
(P2, P1, 1), (P4, P2, 1), (P4, P1, 2)).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from app import auth
from partnerledger import paths
from partnerledger.ops_store import users

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "app" / "app_pages"
ENTRY = REPO / "app" / "streamlit_app.py"
# Every test user's password (test homes only; long enough for the store's minimum).
TEST_PASSWORD = "test-password-42"

SCHEMA_SQL = """
-- written by the publish asset next to the marts
create table main.published_at as
    select timestamp '2026-06-01 08:00:00' as published_at, 'run-1' as run_id;
create schema marts;
create table marts.dim_brands (brand_id varchar, brand_name varchar, vertical varchar,
    currency varchar);
insert into marts.dim_brands values ('B1', 'Casino One', 'igaming', 'EUR'),
    ('B2', 'FX Two', 'forex', 'USD');

-- email and person_key are PII the app must never show: they are here to prove it.
-- tree_depth and root_partner_id follow the parent links (P2 under P1, P4 under P2).
create table marts.dim_partners (partner_id varchar, parent_partner_id varchar,
    root_partner_id varchar, person_key varchar, display_name varchar, partner_type varchar,
    country varchar, email varchar, status varchar, kyc_status varchar, payout_currency varchar,
    payout_threshold decimal(18,2), tree_depth bigint, brand_count bigint, deal_summary varchar);
insert into marts.dim_partners values
    ('P1', null, 'P1', 'PK-1', 'Alpha Media', 'affiliate', 'MT', 'alpha@example.com', 'active',
     'verified', 'EUR', 100.00, 0, 1, 'B1: D1 v2 EUR (cpa revshare)'),
    ('P2', 'P1', 'P1', 'PK-2', 'Beta Sub', 'affiliate', 'DE', 'beta@example.com', 'active',
     'verified', 'EUR', 50.00, 1, 1, 'B1: D2 v1 EUR (revshare)'),
    ('P3', null, 'P3', 'PK-3', 'Gamma IB', 'ib', 'CY', 'gamma@example.com', 'active',
     'verified', 'USD', 100.00, 0, 1, 'B2: D3 v1 USD (lot_rebate)'),
    ('P4', 'P2', 'P1', 'PK-4', 'Delta Sub-sub', 'affiliate', 'AT', 'delta@example.com', 'active',
     'pending', 'EUR', 50.00, 2, 0, null);

-- Every partner with each ancestor, worked from the parent links above: P2's parent is P1
-- (depth 1); P4's parent is P2 (depth 1) and P2's parent P1 (depth 2). P1 and P3 have none.
create table marts.dim_partner_tree (partner_id varchar, ancestor_partner_id varchar,
    depth bigint);
insert into marts.dim_partner_tree values ('P2', 'P1', 1), ('P4', 'P2', 1), ('P4', 'P1', 2);

create table marts.dim_customers (customer_id varchar, brand_id varchar, partner_id varchar,
    attribution_method varchar);
insert into marts.dim_customers values ('CUST-1', 'B1', 'P1', 'btag_click'),
    ('CUST-2', 'B1', 'P1', 'coupon'), ('CUST-3', 'B1', 'P2', 'btag_click'),
    ('CUST-4', 'B2', 'P3', 'postback_click');

create table marts.fct_commission_lines (line_id varchar, partner_id varchar, brand_id varchar,
    period_month date, deal_id varchar, deal_version bigint, component varchar,
    customer_id varchar, symbol_group varchar, basis_amount decimal(24,8), basis_unit varchar,
    rate decimal(24,8), amount decimal(18,2), currency varchar, amount_usd decimal(18,2),
    explanation varchar);
insert into marts.fct_commission_lines values
    ('L6', 'P1', 'B1', '2026-04-01', 'D1', 1, 'revshare', null, null, 800, 'NGR EUR', 0.25,
     200.00, 'EUR', 220.00, 'RevShare 25% of NGR 800.00 EUR'),
    ('L1', 'P1', 'B1', '2026-05-01', 'D1', 2, 'cpa', 'CUST-1', null, 1, 'qualified customer',
     100, 100.00, 'EUR', 110.00, 'CPA 100.00 EUR for customer CUST-1 qualified 2026-05-04'),
    ('L2', 'P1', 'B1', '2026-05-01', 'D1', 2, 'revshare', null, null, 2000, 'NGR EUR', 0.25,
     500.00, 'EUR', 550.00, 'RevShare 25% of NGR 2000.00 EUR'),
    ('L4', 'P1', 'B1', '2026-05-01', 'D1', 2, 'sub_partner', null, null, 400, 'commission EUR',
     0.10, 40.00, 'EUR', 44.00, '10% of sub-partner P2 commission 400.00 EUR'),
    ('L3', 'P2', 'B1', '2026-05-01', 'D2', 1, 'revshare', null, null, 1600, 'NGR EUR', 0.25,
     400.00, 'EUR', 440.00, 'RevShare 25% of NGR 1600.00 EUR'),
    ('L5', 'P3', 'B2', '2026-05-01', 'D3', 1, 'lot_rebate', null, 'fx_major', 12.5, 'lots', 8,
     100.00, 'USD', 100.00, '12.5 fx_major lots x 8.00 USD');

create table marts.fct_partner_monthly_statement (partner_id varchar, brand_id varchar,
    period_month date, currency varchar, cpa decimal(18,2), revshare_gross decimal(18,2),
    carryover_in decimal(18,2), carryover_out decimal(18,2), revshare decimal(18,2),
    lot_rebate decimal(18,2), spread_share decimal(18,2), challenge decimal(18,2),
    challenge_clawback decimal(18,2), sub_partner decimal(18,2), ib_override decimal(18,2),
    adjustment decimal(18,2), total decimal(18,2));
insert into marts.fct_partner_monthly_statement values
    ('P1', 'B1', '2026-04-01', 'EUR', 0, 200, 0, 0, 200, 0, 0, 0, 0, 0, 0, 0, 200.00),
    ('P1', 'B1', '2026-05-01', 'EUR', 100, 500, 0, 0, 500, 0, 0, 0, 0, 40, 0, 0, 640.00),
    ('P2', 'B1', '2026-05-01', 'EUR', 0, 400, 0, 0, 400, 0, 0, 0, 0, 0, 0, 0, 400.00),
    ('P3', 'B2', '2026-05-01', 'USD', 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 100.00);

-- Routes are set by hand here (the thresholds live in the build): P3 is finance-routed.
create table marts.mart_payouts (payout_id varchar, partner_id varchar, period_month date,
    payout_currency varchar, amount decimal(18,2), brand_count bigint, route varchar,
    status varchar, hold_reasons varchar, risk_score decimal(5,2), fx_rate_date date,
    status_after_approve varchar, status_after_reject varchar, status_after_hold varchar,
    status_after_release varchar, decisions_seen_through_seq bigint);
insert into marts.mart_payouts values
    ('PO-P1-2026-05', 'P1', '2026-05-01', 'EUR', 640.00, 1, 'manager', 'pending', null, 0.20,
     '2026-05-31', 'approved', 'rejected', 'held', 'pending', 0),
    ('PO-P2-2026-05', 'P2', '2026-05-01', 'EUR', 400.00, 1, 'auto', 'pending', null, 0.10,
     '2026-05-31', 'approved', 'rejected', 'held', 'pending', 0),
    ('PO-P3-2026-05', 'P3', '2026-05-01', 'USD', 100.00, 1, 'finance', 'held',
     'fraud flag on referred customers', 0.80, '2026-05-31', 'approved', 'rejected', 'held',
     'pending', 0);
"""

# Tier recommendations and segments are always published; rows only where a test asks.
TIERS_SCHEMA_SQL = """
create table marts.mart_tier_recommendations (partner_id varchar, brand_id varchar,
    deal_id varchar, deal_version bigint, tier_program varchar, as_of_month date,
    current_tier bigint, recommended_tier bigint, recommendation varchar, reasons varchar,
    deal_currency varchar, metric_label varchar, current_metric_value decimal(24,8),
    current_tier_from decimal(24,8), current_rate decimal(24,8),
    average_metric_value decimal(24,8), recommended_tier_from decimal(24,8),
    recommended_rate decimal(24,8), review_detail varchar);
create table marts.mart_partner_segments (partner_id varchar, display_name varchar,
    segment varchar, segment_reason varchar, trend varchar);
"""
TIERS_SQL = """
insert into marts.mart_tier_recommendations values
    ('P1', 'B1', 'D1', 2, 'revshare_ngr', '2026-05-01', 1, 2, 'upgrade',
     'NGR EUR above 10000.00 for the window: upgrade to band 2 (30.00%)', 'EUR', 'NGR EUR',
     12000, 0, 0.25, 12000, 10000, 0.30, '2026-05 12000.00 (band 2)');
insert into marts.mart_partner_segments values
    ('P1', 'Alpha Media', 'growing', 'score up 40% on the window before', 'up');
"""


# P1's deal D1: v1 RevShare 25% until May, v2 adds CPA 100 from May (the lines above).
DEAL_VERSIONS_SQL = """
create table marts.dim_deal_versions (deal_id varchar, deal_version bigint, partner_id varchar,
    brand_id varchar, effective_from date, effective_to date, currency varchar,
    components varchar, priced_ranges varchar, terms_json varchar, created_at timestamp,
    created_by varchar, reason varchar, source varchar, source_file varchar);
insert into marts.dim_deal_versions values
    ('D1', 1, 'P1', 'B1', '2026-01-01', null, 'EUR', 'revshare', 'B1 2026-01-01 to 2026-05-01',
     '{"revshare": {"basis": "ngr", "tier_metric": "ngr", "tiers": [{"from": 0, "rate": 0.25}], "tier_mode": "whole"}}',
     '2025-12-20 10:00:00', 'j.doe', 'launch', 'landing', 'ops/deals.yaml'),
    ('D1', 2, 'P1', 'B1', '2026-05-01', null, 'EUR', 'cpa, revshare', 'B1 2026-05-01 to open',
     '{"cpa": {"amount": 100, "window_days": 30}, "revshare": {"basis": "ngr", "tier_metric": "ngr", "tiers": [{"from": 0, "rate": 0.25}], "tier_mode": "whole"}}',
     '2026-04-20 10:00:00', 'j.doe', 'hybrid from May', 'landing', 'ops/deals.yaml');
"""


# The partner portal's marts (dbt/models/marts/portal); mart_payouts' carried_out, all 0 here.
PORTAL_SQL = """
alter table marts.mart_payouts add column carried_out decimal(18,2) default 0;
create table marts.mart_partner_daily_activity (partner_id varchar, brand_id varchar,
    activity_date date, period_month date, country varchar, link_id varchar, sub1 varchar,
    sub2 varchar, sub3 varchar, sub4 varchar, sub5 varchar, clicks bigint,
    registrations bigint, ftds bigint, qualified_cpas bigint, lots decimal(24,8),
    challenge_sales bigint);
insert into marts.mart_partner_daily_activity values
    ('P1', 'B1', '2026-04-10', '2026-04-01', 'MT', 'L-A', 'fb', null, null, null, null,
     10, 1, 1, 0, 0, 0),
    ('P1', 'B1', '2026-05-03', '2026-05-01', 'MT', 'L-A', 'fb', 'spring', null, null, null,
     1200, 2, 1, 1, 0, 0),
    ('P1', 'B1', '2026-05-04', '2026-05-01', 'DE', 'L-B', '=cmd', null, null, null, null,
     5, 0, 0, 0, 0, 0),
    ('P1', 'B1', '2026-05-04', '2026-05-01', 'MT', 'L-A', 'fb', null, null, null, null,
     29, 0, 0, 0, 0, 0),
    ('P2', 'B1', '2026-05-05', '2026-05-01', 'DE', 'L-C', 'tt', null, null, null, null,
     70, 1, 1, 0, 0, 0),
    ('P3', 'B2', '2026-05-06', '2026-05-01', 'CY', 'L-D', null, null, null, null, null,
     40, 1, 1, 0, 12.5, 0);
-- marts.mart_cpa_progress in its published shape (dbt/models/marts/portal), as of 2026-06-05,
-- D1 v2's CPA (window 30 days; thresholds here: FTD 25, deposits 100, wagering 200 EUR, KYC):
--   P1 CUST-2 registered 16 May -> window ends 15 Jun, 15 - 5 = 10 days left; FTD 30 >= 25
--     done, deposits 80 < 100 missing, stakes 150 < 200 missing, KYC done.
--   P1 CUST-1 registered 1 May, qualified 4 May (line L1); window ended 31 May, 5 days before
--     the as-of date (within the 7 days shown): 0 days left.
--   P2 CUST-3 (P1's sub-partner's customer): FTD not made, 12 days left: never on P1's page.
create table marts.mart_cpa_progress (partner_id varchar, brand_id varchar,
    customer_id varchar, condition varchar, condition_order bigint, status varchar,
    current_value decimal(24,8), required_value decimal(24,8), value_unit varchar,
    deal_id varchar, deal_version bigint, registration_date date, window_end date,
    days_left bigint, qualified_on date, as_of_date date);
insert into marts.mart_cpa_progress values
    ('P1', 'B1', 'CUST-2', 'ftd', 1, 'met', 30, 25, 'EUR', 'D1', 2, '2026-05-16', '2026-06-15',
     10, null, '2026-06-05'),
    ('P1', 'B1', 'CUST-2', 'deposits', 2, 'missing', 80, 100, 'EUR', 'D1', 2, '2026-05-16',
     '2026-06-15', 10, null, '2026-06-05'),
    ('P1', 'B1', 'CUST-2', 'wagered', 3, 'missing', 150, 200, 'EUR', 'D1', 2, '2026-05-16',
     '2026-06-15', 10, null, '2026-06-05'),
    ('P1', 'B1', 'CUST-2', 'kyc', 5, 'met', null, null, null, 'D1', 2, '2026-05-16',
     '2026-06-15', 10, null, '2026-06-05'),
    ('P1', 'B1', 'CUST-1', 'ftd', 1, 'met', 40, 25, 'EUR', 'D1', 2, '2026-05-01', '2026-05-31',
     0, '2026-05-04', '2026-06-05'),
    ('P1', 'B1', 'CUST-1', 'kyc', 5, 'met', null, null, null, 'D1', 2, '2026-05-01',
     '2026-05-31', 0, '2026-05-04', '2026-06-05'),
    ('P2', 'B1', 'CUST-3', 'ftd', 1, 'missing', null, 25, 'EUR', 'D2', 1, '2026-05-18',
     '2026-06-17', 12, null, '2026-06-05');
"""


# marts.mart_partner_brand_monthly (dbt/models/marts/segments), consistent with the rows above:
# NGR in USD at 1.10 (P1 April 800 EUR = 880.00, May 2,000 EUR = 2,200.00; P2 May 1,600 EUR =
# 1,760.00); P3's IB lots (April 5, May 12.5) with their broker markup (50.00, 125.00 USD);
# commissions = the lines' amount_usd (P1 April 220.00, May 110 + 550 + 44 = 704.00; P2 May
# 440.00; P3 May 100.00); FTDs and CPAs as in PORTAL_SQL. P2 in April: no activity.
MONTHLY_SQL = """
create table marts.mart_partner_brand_monthly (partner_id varchar, brand_id varchar,
    vertical varchar, period_month date, as_of_month date, active_customers bigint,
    ftd_count bigint, cpa_count bigint, ngr_usd decimal(18,2), ngr_deal decimal(24,8),
    ngr_deal_currency varchar, lots decimal(24,8), markup_usd decimal(18,2),
    challenge_fees_usd decimal(18,2), challenge_orders bigint, commissions_usd decimal(18,2),
    commission_lines bigint, has_activity boolean);
insert into marts.mart_partner_brand_monthly values
    ('P1', 'B1', 'igaming', '2026-04-01', '2026-05-01', 1, 1, 0, 880.00, 800, 'EUR', 0, 0, 0, 0,
     220.00, 1, true),
    ('P1', 'B1', 'igaming', '2026-05-01', '2026-05-01', 2, 1, 1, 2200.00, 2000, 'EUR', 0, 0, 0,
     0, 704.00, 3, true),
    ('P2', 'B1', 'igaming', '2026-04-01', '2026-05-01', 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0,
     false),
    ('P2', 'B1', 'igaming', '2026-05-01', '2026-05-01', 1, 1, 0, 1760.00, 1600, 'EUR', 0, 0, 0,
     0, 440.00, 1, true),
    ('P3', 'B2', 'forex', '2026-04-01', '2026-05-01', 1, 0, 0, 0, 0, null, 5, 50.00, 0, 0, 0, 0,
     true),
    ('P3', 'B2', 'forex', '2026-05-01', '2026-05-01', 1, 1, 0, 0, 0, null, 12.5, 125.00, 0, 0,
     100.00, 1, true);
"""


# The data-quality marts (dbt/models/marts/data_quality) in their published shape: one
# quarantined row per entity, one refused file, one unmatched symbol.
DATA_QUALITY_SQL = """
create table marts.mart_quarantine (entity varchar, source_file varchar, line_number bigint,
    raw_row varchar, reason varchar, load_id varchar, loaded_at timestamp);
insert into marts.mart_quarantine values
    ('partners', 'partners/2026-05.csv', 7, '{"partner_id": "P9", "country": "XX"}',
     'unknown country XX', 'L1', '2026-05-02 08:00:00'),
    ('customers', 'customers/2026-05.csv', 3, '=HYPERLINK("http://x")',
     'missing brand_id', 'L1', '2026-05-02 08:00:00');
create table marts.mart_refused_files (entity varchar, path varchar, reason varchar,
    rows_read bigint, loaded_at timestamp);
insert into marts.mart_refused_files values
    ('deals', 'deals/broken.csv', 'missing column deal_id', 0, '2026-05-02 08:00:00');
create table marts.mart_source_freshness (entity varchar, files_seen bigint,
    files_refused bigint, rows_loaded bigint, rows_quarantined bigint, last_file_at timestamp);
insert into marts.mart_source_freshness values
    ('partners', 1, 0, 4, 1, '2026-05-02 08:00:00'),
    ('customers', 1, 0, 5, 1, '2026-05-02 08:00:00'),
    ('deals', 2, 1, 3, 0, '2026-05-02 08:00:00');
create table marts.mart_symbols_unmatched (symbol varchar, trades bigint, lots decimal(24,8),
    first_close_date date, last_close_date date);
insert into marts.mart_symbols_unmatched values ('XYZUSD', 2, 1.5, '2026-05-03', '2026-05-04');
"""


def write_serving(home: Path, *, with_tiers: bool = False) -> Path:
    """Write `<home>/serving.duckdb` with the hand rows above (every mart the app reads;
    `with_tiers` adds P1's tier recommendation and segment); returns its path."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "serving.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA_SQL)
        con.execute(TIERS_SCHEMA_SQL)
        con.execute(DEAL_VERSIONS_SQL)
        con.execute(PORTAL_SQL)
        con.execute(MONTHLY_SQL)
        con.execute(DATA_QUALITY_SQL)
        if with_tiers:
            con.execute(TIERS_SQL)
    return path


def set_language(home: Path, role: str, partner_id: str | None, language: str) -> None:
    """Give the test user of this role (added when absent) its portal language."""
    users.set_language(home, ensure_user(home, role, partner_id), language, actor="test")


def login_for(role: str, partner_id: str | None = None) -> str:
    """The login of the test user of a role: the role itself, `partner-p1` for partner P1."""
    return role if role != "partner" else f"partner-{(partner_id or '').lower()}"


def ensure_user(home: Path, role: str, partner_id: str | None = None) -> str:
    """The test user of this role (and partner) in `home`'s ops store, added when absent.

    A partner user is checked against the published partners when it is added; in a home
    with nothing published it is added as it would have been in real life, while a publish
    existed (the hand serving file, removed again at once).
    """
    if role == "partner" and not partner_id:
        raise ValueError("a partner user needs a partner id: pass the one it sees")
    login = login_for(role, partner_id)
    if users.user(home, login) is None:
        serving = home / "serving.duckdb"
        transient = role == "partner" and not serving.exists()
        if transient:
            write_serving(home)
        try:
            users.add_user(home, login, role, TEST_PASSWORD, partner_id=partner_id, actor="test")
        finally:
            if transient:
                serving.unlink()
    return login


def sign_in(at: AppTest, role: str, partner_id: str | None = None) -> AppTest:
    """Leave `at`'s session as the sign-in page does for the test user of this role: the
    password checked by the store (an audited sign-in), then the session started."""
    home = paths.home().root
    login = ensure_user(home, role, partner_id)
    result = users.sign_in(home, login, TEST_PASSWORD, client="test")
    assert result.user is not None, result.message
    at.session_state[auth.SESSION_KEY] = auth.Session.start(login)
    return at


def open_page(page: str, role: str | None, partner_id: str | None = None) -> AppTest:
    """Run one page file as a signed-in user of this role (and partner) sees it; role None:
    nobody signed in. The home is the one PARTNERLEDGER_HOME names (the fixtures set it)."""
    at = AppTest.from_file(str(PAGES / page), default_timeout=60)
    if role is not None:
        sign_in(at, role, partner_id)
    return at.run()


def open_app() -> AppTest:
    """The entrypoint (streamlit_app.py) in a fresh session, run once: the sign-in form."""
    return AppTest.from_file(str(ENTRY), default_timeout=60).run()


def sign_in_through_form(at: AppTest, login: str, password: str) -> AppTest:
    """Type a login and password into the app's sign-in form and press `Sign in`."""
    next(t for t in at.text_input if t.label == "Login").input(login)
    next(t for t in at.text_input if t.label == "Password").input(password)
    return next(b for b in at.button if b.label == "Sign in").click().run()


def page_text(at: AppTest) -> str:
    """Everything a user can read on the page, including whole tables and charts' data."""
    parts: list[str] = []
    for kind in (
        "title",
        "caption",
        "markdown",
        "info",
        "warning",
        "error",
        "success",
        "subheader",
        "text",
        "code",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.value.to_csv(index=False) for e in at.dataframe]
    parts += [e.proto.spec for e in at.get("plotly_chart")]
    return "\n".join(parts)
