"""A tiny hand-worked landing directory for the dbt-core end-to-end test.

Numbers (RULES.md), worked by hand:
  Brand B-PROP (prop, USD, restricted US). Partners: M1 (master), S1 (sub of M1).
  S1 deal D-S1 v1 (USD): challenge rate 20%, repeat 10%, clawback 14 days.
  M1 deal D-M1 v1 (EUR, all brands): sub_partner rate 10%.
  FX: EUR 1.25 USD per unit from 2026-04-01 (forward filled), USD 1.
  X1 (GB, coupon S1CODE -> coupon attribution to S1):
    O1 purchase 300 USD on 5 Apr (first purchase) -> 300 x 0.20 = 60.00 USD
    O2 reset     80 USD on 20 Apr (repeat)        ->  80 x 0.10 =  8.00 USD
  X2 (US, restricted on B-PROP, coupon S1CODE): O3 purchase 100 -> nothing; a compliance breach.
  April S1 total 68.00 USD -> M1: 68 x 1 / 1.25 = 54.40 EUR basis x 0.10 = 5.44 EUR
  (amount_usd 5.44 x 1.25 = 6.80).
Phase 2 (April closed, then late and new data arrive):
  O4 reset 50 USD on 25 Apr (late, April) -> 5.00 USD, frozen April unchanged,
     adjustment +5.00 USD for S1 in May; M1 recomputed April: 73 / 1.25 = 58.40 x 0.10 = 5.84
     -> adjustment 5.84 - 5.44 = +0.40 EUR in May.
  O5 reset 100 USD on 3 May -> 10.00 USD for S1 in May; M1 May share 10 / 1.25 = 8 x 0.10 = 0.80 EUR.
  May statements: S1 challenge 10.00 + adjustment 5.00 = 15.00 USD;
                  M1 sub_partner 0.80 + adjustment 0.40 = 1.20 EUR.
Attribution on B-CAS (igaming, EUR):
  Y1: registration postback with click K1 (P9, 10 days before) -> postback_click P9, although
      its coupon NINE would also point to P9 and its btag names partner S1.
  Y2: btag K2 (a P9 click on B-CAS) -> btag_click P9.
  Y3: coupon NINE (P9 on B-CAS) -> coupon P9.   Y4: nothing -> organic.
Revshare on B-CAS (P9, deal D-P9 v1 EUR, 25% whole, negative carryover), NGR = stakes - payouts
  (no deductions, no ngr_rules row: admin fee 0):
  April: Y1 stakes 1000, payouts 3000 -> NGR -2000 -> gross -500, revshare 0, carry -500.
  May (phase 2): stakes 2000, payouts 800 -> NGR 1200 -> gross 300, adjusted -200, revshare 0,
  carry -200 (April is closed meanwhile: its frozen carry -500 feeds May).
Dedupe: conversion E1 arrives twice (first received 10:00:05 wins: its click_id K1 is kept);
  prop order O1 arrives in two files (one row after dedupe).
"""

from __future__ import annotations

from pathlib import Path

from tests.support.landing import (
    BRAND_HEADER,
    CASINO_ACTIVITY_HEADER,
    CONVERSION_HEADER,
    CUSTOMER_HEADER,
    FX_RATE_HEADER,
    PARTNER_BRAND_HEADER,
    PARTNER_HEADER,
    PROP_ORDER_HEADER,
    write_csv,
    write_deals,
)


def write_phase1(landing: Path) -> None:
    ops, tracking, brand = landing / "ops", landing / "tracking", landing / "brand"
    write_csv(
        ops / "brands.csv",
        BRAND_HEADER,
        [
            ["B-PROP", "Prop One", "prop", "USD", "US"],
            ["B-CAS", "Casino One", "igaming", "EUR", ""],
        ],
    )
    write_csv(
        ops / "partners.csv",
        PARTNER_HEADER,
        [
            [
                "M1",
                "Master One",
                "affiliate",
                "",
                "k-m1",
                "GB",
                "m1@example.com",
                "active",
                "verified",
                "2026-01-01T00:00:00Z",
                "EUR",
                "0",
            ],
            [
                "S1",
                "Sub One",
                "affiliate",
                "M1",
                "k-s1",
                "GB",
                "s1@example.com",
                "active",
                "verified",
                "2026-01-01T00:00:00Z",
                "USD",
                "0",
            ],
            [
                "P9",
                "Nine",
                "influencer",
                "",
                "k-p9",
                "DE",
                "p9@example.com",
                "active",
                "verified",
                "2026-01-01T00:00:00Z",
                "EUR",
                "0",
            ],
        ],
    )
    write_csv(
        ops / "partner_brands.csv",
        PARTNER_BRAND_HEADER,
        [
            ["M1", "B-PROP", "2026-01-01T00:00:00Z", "active", ""],
            ["S1", "B-PROP", "2026-01-01T00:00:00Z", "active", "S1CODE"],
            ["P9", "B-CAS", "2026-01-01T00:00:00Z", "active", "NINE;TEN"],
        ],
    )
    deals = [
        {
            "deal_id": "D-S1",
            "version": 1,
            "partner_id": "S1",
            "brand_id": "B-PROP",
            "effective_from": "2026-01-01",
            "currency": "USD",
            "created_at": "2025-12-20T10:00:00Z",
            "created_by": "test",
            "reason": "launch",
            "terms": {"challenge": {"rate": 0.20, "repeat_rate": 0.10, "clawback_days": 14}},
        },
        {
            "deal_id": "D-M1",
            "version": 1,
            "partner_id": "M1",
            "brand_id": None,
            "effective_from": "2026-01-01",
            "currency": "EUR",
            "created_at": "2025-12-20T10:00:00Z",
            "created_by": "test",
            "reason": "master",
            "terms": {"sub_partner": {"rate": 0.10}},
        },
        {
            "deal_id": "D-P9",
            "version": 1,
            "partner_id": "P9",
            "brand_id": "B-CAS",
            "effective_from": "2026-01-01",
            "currency": "EUR",
            "created_at": "2025-12-20T10:00:00Z",
            "created_by": "test",
            "reason": "revshare",
            "terms": {
                "revshare": {
                    "basis": "ngr",
                    "tier_metric": "ngr",
                    "tier_mode": "whole",
                    "negative_carryover": True,
                    "tiers": [{"from": 0, "rate": 0.25}],
                }
            },
        },
    ]
    write_deals(ops / "deals.yaml", deals)
    write_csv(
        ops / "fx_rates.csv",
        FX_RATE_HEADER,
        [
            ["2026-04-01", "EUR", "1.25"],
            ["2026-04-01", "USD", "1"],
        ],
    )
    write_csv(
        tracking / "clicks.csv",
        ["click_id", "partner_id", "brand_id", "clicked_at", "country"],
        [
            ["K1", "P9", "B-CAS", "2026-04-01T09:00:00Z", "DE"],
            ["K2", "P9", "B-CAS", "2026-04-02T09:00:00Z", "DE"],
        ],
    )
    write_csv(
        tracking / "conversions_1.csv",
        CONVERSION_HEADER,
        [
            [
                "E1",
                "K1",
                "",
                "Y1",
                "B-CAS",
                "registration",
                "",
                "",
                "2026-04-11T10:00:00Z",
                "2026-04-11T10:00:05Z",
            ],
        ],
    )
    # the same event re-delivered later with another click id: the first received copy wins
    write_csv(
        tracking / "conversions_2.csv",
        CONVERSION_HEADER,
        [
            [
                "E1",
                "K2",
                "",
                "Y1",
                "B-CAS",
                "registration",
                "",
                "",
                "2026-04-11T10:00:00Z",
                "2026-04-11T11:00:00Z",
            ],
        ],
    )
    write_csv(
        brand / "customers.csv",
        CUSTOMER_HEADER,
        [
            ["X1", "B-PROP", "2026-04-02T08:00:00Z", "GB", "verified", "", "", "S1CODE", "false"],
            ["X2", "B-PROP", "2026-04-03T08:00:00Z", "US", "verified", "", "", "S1CODE", "false"],
            ["Y1", "B-CAS", "2026-04-11T10:00:00Z", "DE", "none", "", "S1", "NINE", "false"],
            ["Y2", "B-CAS", "2026-04-12T10:00:00Z", "DE", "none", "", "K2", "", "false"],
            ["Y3", "B-CAS", "2026-04-13T10:00:00Z", "DE", "none", "", "", "NINE", "false"],
            ["Y4", "B-CAS", "2026-04-14T10:00:00Z", "DE", "none", "", "", "", "false"],
        ],
    )
    write_csv(
        brand / "casino_activity_04.csv",
        CASINO_ACTIVITY_HEADER,
        [
            ["2026-04-15", "Y1", "B-CAS", "casino", "EUR", "1000", "3000", "", "", "", ""],
        ],
    )
    write_csv(
        brand / "prop_orders_1.csv",
        PROP_ORDER_HEADER,
        [
            [
                "O1",
                "X1",
                "B-PROP",
                "purchase",
                "challenge-50k",
                "300",
                "USD",
                "S1CODE",
                "",
                "2026-04-05T12:00:00Z",
            ],
            [
                "O2",
                "X1",
                "B-PROP",
                "reset",
                "challenge-50k",
                "80",
                "USD",
                "",
                "",
                "2026-04-20T12:00:00Z",
            ],
            [
                "O3",
                "X2",
                "B-PROP",
                "purchase",
                "challenge-10k",
                "100",
                "USD",
                "S1CODE",
                "",
                "2026-04-06T12:00:00Z",
            ],
        ],
    )
    # O1 again in a second file (a re-export): one order after staging
    write_csv(
        brand / "prop_orders_2.csv",
        PROP_ORDER_HEADER,
        [
            [
                "O1",
                "X1",
                "B-PROP",
                "purchase",
                "challenge-50k",
                "300",
                "USD",
                "S1CODE",
                "",
                "2026-04-05T12:00:00Z",
            ],
        ],
    )


def write_phase2(landing: Path) -> None:
    write_csv(
        landing / "brand" / "casino_activity_05.csv",
        CASINO_ACTIVITY_HEADER,
        [
            ["2026-05-10", "Y1", "B-CAS", "casino", "EUR", "2000", "800", "", "", "", ""],
        ],
    )
    write_csv(
        landing / "brand" / "prop_orders_3.csv",
        PROP_ORDER_HEADER,
        [
            [
                "O4",
                "X1",
                "B-PROP",
                "reset",
                "challenge-50k",
                "50",
                "USD",
                "",
                "",
                "2026-04-25T12:00:00Z",
            ],
            [
                "O5",
                "X1",
                "B-PROP",
                "reset",
                "challenge-50k",
                "100",
                "USD",
                "",
                "",
                "2026-05-03T12:00:00Z",
            ],
        ],
    )
