"""A tiny hand-made raw warehouse for the iGaming models, every figure worked by hand.

Brands: B-EUR (igaming, EUR), B-GBP (igaming, GBP; ngr_rules: admin fee 10%, deduct bonuses
and tax, NOT jackpot nor chargebacks). FX (USD per unit, from 2026-03-01, forward filled):
EUR 1.04, GBP 1.30, so 1 GBP = 1.30 / 1.04 = 1.25 EUR (GBP -> USD -> EUR).
Customers are attributed by btag = partner id.

P1 (B-EUR, D-1 v1 from 2026-04-01, EUR, whole, one tier 0 -> 25%, carryover on):
  RULES.md example. C1: Apr GGR -2,000 -> gross -500; May +1,200 -> 300; Jun +4,000 -> 1,000.
  carry: Apr in 0 out -500 pay 0; May in -500 adj -200 out -200 pay 0; Jun in -200 adj 800 pay 800.
P2 (B-EUR, D-2 v1 from 2026-04-01 whole 25% carryover on; v2 from 2026-06-01 whole 30% carryover on):
  C2: Apr NGR -2,000 -> gross -500, out -500; May no activity -> a zero row in -500 out -500;
  Jun NGR 4,000 at v2's 30% -> gross 1,200, adjusted 700, revshare 700, out 0.
P3 (B-GBP, D-3 EUR progressive 0 -> 20%, 5,000 -> 30%, 20,000 -> 40%):
  C3 on 2026-05-10: stakes 25,000 payouts 1,000 -> GGR 24,000; bonus 500 (deducted), jackpot 300
  (kept), tax 300 (deducted), chargebacks 100 (kept), admin fee 10% x 24,000 = 2,400
  -> NGR 24,000 - 500 - 300 - 2,400 = 20,800 GBP = 20,800 x 1.25 = 26,000 EUR.
  Lines: 5,000 x 0.20 = 1,000.00; 15,000 x 0.30 = 4,500.00; 6,000 x 0.40 = 2,400.00 -> 7,900.00.
P4 (B-GBP, D-4 EUR same tiers, whole): C4 the same row -> 26,000 x 0.40 = 10,400.00.
P5 (B-EUR, FTD-count tiers, whole; v1 from 2026-04-01 tiers 0 -> 20%, 2 -> 30%;
  v2 from 2026-05-16 tiers 0 -> 25%, 2 -> 35%), mid-month amendment on 16 May:
  C5a: deposit 50 declined 28 Apr, approved 40 on 2 May -> FTD 2 May (not April).
  C5b: approved 10 on 3 May -> FTD 3 May. May FTD count 2 -> band 2 in both versions.
  C5a NGR 1,000 on 10 May (v1) -> 1,000 x 0.30 = 300.00; 2,000 on 20 May (v2) -> 2,000 x 0.35 = 700.00.
  May gross 1,000.00; April has no activity, so no revshare row.
P6 (B-EUR, D-6 v1 from 2026-04-01 EUR, CPA 150, min FTD 25, min wagered 200, window 30 days,
  KYC required, allowlist DE;GB):
  C6a reg 3 May, deposit 30 on 4 May, KYC 5 May, stakes 200 on 1 Jun (day 29) -> qualifies 1 Jun,
      CPA 150.00 in June (RULES.md example).
  C6b the same with stakes 200 on 9 Jun (day 37) -> no CPA (RULES.md example).
  C6c reg 1 May, stakes 200 on 31 May (day 30 of 30) -> qualifies 31 May, CPA 150.00 in May.
  C6d reg 1 May, stakes 200 on 1 Jun (day 31) -> no CPA.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingestion.raw_schema import create_raw_tables
from tests.support.landing import CASINO_ACTIVITY_HEADER, PAYMENT_HEADER
from tests.support.warehouse import insert_raw_tuples


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple]
) -> None:
    insert_raw_tuples(con, table, columns, rows, source_file=f"{table}.csv")


DEAL_COLUMNS = [
    "deal_id",
    "version",
    "partner_id",
    "brand_id",
    "effective_from",
    "effective_to",
    "currency",
    "terms",
    "has_cpa",
    "cpa_amount",
    "cpa_min_first_deposit",
    "cpa_min_deposits_total",
    "cpa_min_wagered",
    "cpa_min_lots",
    "cpa_require_kyc",
    "cpa_window_days",
    "cpa_geo_allowlist",
    "has_revshare",
    "revshare_basis",
    "revshare_tier_metric",
    "revshare_tier_mode",
    "revshare_negative_carryover",
]


def _revshare(deal_id, version, partner, brand, start, end, metric, mode, carry):
    return (
        deal_id,
        version,
        partner,
        brand,
        start,
        end,
        "EUR",
        "{}",
        False,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        "ngr",
        metric,
        mode,
        carry,
    )


def write_raw(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        create_raw_tables(con)
        _insert(
            con,
            "brands",
            ["brand_id", "brand_name", "vertical", "currency", "restricted_countries"],
            [
                ("B-EUR", "Casino EUR", "igaming", "EUR", ""),
                ("B-GBP", "Casino GBP", "igaming", "GBP", ""),
            ],
        )
        partners = ["P1", "P2", "P3", "P4", "P5", "P6"]
        _insert(
            con,
            "partners",
            [
                "partner_id",
                "display_name",
                "partner_type",
                "status",
                "kyc_status",
                "payout_currency",
                "payout_threshold",
            ],
            [(p, p, "affiliate", "active", "verified", "EUR", 0) for p in partners],
        )
        brand_of = {
            "P1": "B-EUR",
            "P2": "B-EUR",
            "P3": "B-GBP",
            "P4": "B-GBP",
            "P5": "B-EUR",
            "P6": "B-EUR",
        }
        _insert(
            con,
            "partner_brands",
            ["partner_id", "brand_id", "status", "coupon_codes"],
            [(p, b, "active", "") for p, b in brand_of.items()],
        )
        _insert(
            con,
            "ngr_rules",
            [
                "brand_id",
                "admin_fee_rate",
                "deduct_bonuses",
                "deduct_jackpot",
                "deduct_tax",
                "deduct_chargebacks",
            ],
            [("B-GBP", "0.10", True, False, True, False)],
        )
        _insert(
            con,
            "fx_rates",
            ["rate_date", "currency", "usd_per_unit"],
            [
                ("2026-03-01", "EUR", "1.04"),
                ("2026-03-01", "GBP", "1.30"),
                ("2026-03-01", "USD", "1"),
            ],
        )
        _insert(
            con,
            "deals",
            DEAL_COLUMNS,
            [
                _revshare("D-1", 1, "P1", "B-EUR", "2026-04-01", None, "ngr", "whole", True),
                _revshare(
                    "D-2", 1, "P2", "B-EUR", "2026-04-01", "2026-06-01", "ngr", "whole", True
                ),
                _revshare("D-2", 2, "P2", "B-EUR", "2026-06-01", None, "ngr", "whole", True),
                _revshare("D-3", 1, "P3", "B-GBP", "2026-04-01", None, "ngr", "progressive", True),
                _revshare("D-4", 1, "P4", "B-GBP", "2026-04-01", None, "ngr", "whole", True),
                _revshare(
                    "D-5", 1, "P5", "B-EUR", "2026-04-01", "2026-05-16", "ftd_count", "whole", True
                ),
                _revshare("D-5", 2, "P5", "B-EUR", "2026-05-16", None, "ftd_count", "whole", True),
                (
                    "D-6",
                    1,
                    "P6",
                    "B-EUR",
                    "2026-04-01",
                    None,
                    "EUR",
                    "{}",
                    True,
                    "150",
                    "25",
                    "0",
                    "200",
                    "0",
                    True,
                    30,
                    "DE;GB",
                    False,
                    None,
                    None,
                    None,
                    None,
                ),
            ],
        )
        tiers = [
            ("D-1", 1, 1, "0", "0.25"),
            ("D-2", 1, 1, "0", "0.25"),
            ("D-2", 2, 1, "0", "0.30"),
            ("D-5", 1, 1, "0", "0.20"),
            ("D-5", 1, 2, "2", "0.30"),
            ("D-5", 2, 1, "0", "0.25"),
            ("D-5", 2, 2, "2", "0.35"),
        ]
        for deal in ("D-3", "D-4"):
            tiers += [
                (deal, 1, 1, "0", "0.20"),
                (deal, 1, 2, "5000", "0.30"),
                (deal, 1, 3, "20000", "0.40"),
            ]
        _insert(con, "deal_tiers", ["deal_id", "version", "tier_no", "tier_from", "rate"], tiers)
        customers = [
            ("C1", "B-EUR", "2026-04-01 09:00:00", "DE", "none", None, "P1"),
            ("C2", "B-EUR", "2026-04-01 09:00:00", "DE", "none", None, "P2"),
            ("C3", "B-GBP", "2026-05-01 09:00:00", "GB", "none", None, "P3"),
            ("C4", "B-GBP", "2026-05-01 09:00:00", "GB", "none", None, "P4"),
            ("C5a", "B-EUR", "2026-04-20 09:00:00", "DE", "none", None, "P5"),
            ("C5b", "B-EUR", "2026-04-20 09:00:00", "DE", "none", None, "P5"),
            ("C6a", "B-EUR", "2026-05-03 09:00:00", "DE", "verified", "2026-05-05 12:00:00", "P6"),
            ("C6b", "B-EUR", "2026-05-03 09:00:00", "DE", "verified", "2026-05-05 12:00:00", "P6"),
            ("C6c", "B-EUR", "2026-05-01 09:00:00", "GB", "verified", "2026-05-02 12:00:00", "P6"),
            ("C6d", "B-EUR", "2026-05-01 09:00:00", "GB", "verified", "2026-05-02 12:00:00", "P6"),
        ]
        _insert(
            con,
            "customers",
            [
                "customer_id",
                "brand_id",
                "registered_at",
                "country",
                "kyc_status",
                "kyc_verified_at",
                "btag",
            ],
            customers,
        )
        _insert(
            con,
            "payments",
            PAYMENT_HEADER,
            [
                (
                    "T5a-1",
                    "C5a",
                    "B-EUR",
                    "deposit",
                    "declined",
                    "50",
                    "EUR",
                    "2026-04-28 10:00:00",
                ),
                (
                    "T5a-2",
                    "C5a",
                    "B-EUR",
                    "deposit",
                    "approved",
                    "40",
                    "EUR",
                    "2026-05-02 10:00:00",
                ),
                (
                    "T5b-1",
                    "C5b",
                    "B-EUR",
                    "deposit",
                    "approved",
                    "10",
                    "EUR",
                    "2026-05-03 10:00:00",
                ),
                ("T6a", "C6a", "B-EUR", "deposit", "approved", "30", "EUR", "2026-05-04 10:00:00"),
                ("T6b", "C6b", "B-EUR", "deposit", "approved", "30", "EUR", "2026-05-04 10:00:00"),
                ("T6c", "C6c", "B-EUR", "deposit", "approved", "30", "EUR", "2026-05-02 10:00:00"),
                ("T6d", "C6d", "B-EUR", "deposit", "approved", "30", "EUR", "2026-05-02 10:00:00"),
            ],
        )

        def act(day, cust, brand, cur, stakes, payouts, bonus="0", jackpot="0", tax="0", cb="0"):
            return (day, cust, brand, "casino", cur, stakes, payouts, bonus, jackpot, tax, cb)

        _insert(
            con,
            "casino_activity",
            CASINO_ACTIVITY_HEADER,
            [
                act("2026-04-15", "C1", "B-EUR", "EUR", "0", "2000"),
                act("2026-05-15", "C1", "B-EUR", "EUR", "1200", "0"),
                act("2026-06-15", "C1", "B-EUR", "EUR", "4000", "0"),
                act("2026-04-15", "C2", "B-EUR", "EUR", "0", "2000"),
                act("2026-06-15", "C2", "B-EUR", "EUR", "4000", "0"),
                act(
                    "2026-05-10", "C3", "B-GBP", "GBP", "25000", "1000", "500", "300", "300", "100"
                ),
                act(
                    "2026-05-10", "C4", "B-GBP", "GBP", "25000", "1000", "500", "300", "300", "100"
                ),
                act("2026-05-10", "C5a", "B-EUR", "EUR", "1000", "0"),
                act("2026-05-20", "C5a", "B-EUR", "EUR", "2000", "0"),
                # C6*: stakes 200 with payouts 200 -> NGR 0 (P6 has no revshare anyway)
                act("2026-06-01", "C6a", "B-EUR", "EUR", "200", "200"),
                act("2026-06-09", "C6b", "B-EUR", "EUR", "200", "200"),
                act("2026-05-31", "C6c", "B-EUR", "EUR", "200", "200"),
                act("2026-06-01", "C6d", "B-EUR", "EUR", "200", "200"),
            ],
        )
    finally:
        con.close()
