"""A tiny landing directory with one crafted case per risk signal and clean partners beside them.

April 2026, brand B-CAS (iGaming, EUR, restricts US); EUR = 1.25 USD from 1 April.
Partners, all paid in EUR with threshold 0:
- PC clean: C1 (click from ip-c1) deposits 1000, stakes 500, payouts 100, chargebacks 10 on
  4 April -> NGR 500 - 100 - 10 = 390 -> revshare 25% = 97.50 EUR; C2 (click from ip-c2)
  deposits only. 10 stakes on 10 June (NGR 10 -> 2.50 in June) keep the data running into June.
- PI ip_cluster: I1, I2, I3 registered through three clicks from one ip_hash (3 >= limit 3).
- PB bonus_abuse: B1 deposits 200 on 5 April, stakes 20, withdraws on 8 April (3 days; 20 <
  50% of 200 = 100) -> flagged; B2 deposits 100, stakes 300, withdraws after 2 days -> not.
- PQ cpa_inactive: CPA 100 EUR, min first deposit 10, no KYC, 30-day window. Q1 and Q2 deposit
  50 on 2 April (qualify that day); Q1 plays on 20 April (18 days later) -> not flagged; Q2 never
  plays again and the data runs to 10 June (69 days >= 30) -> flagged.
- PK chargeback_share: K1 deposits 100, charges back 20 -> 20 / 100 = 0.20 > 0.05. (PC: 10 / 1000
  = 0.01 -> not.)
- PR restricted_traffic: R1 registers from US.
- PS1 / PS2 self_referral: same person_key, PS2 is PS1's sub-affiliate. S1 (PS2) stakes 200 on 10
  April -> NGR 200 -> PS2 revshare 25% = 50.00; PS1 sub_partner 10% x 50.00 = 5.00. Both flagged.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.landing import (
    BRAND_HEADER,
    CASINO_ACTIVITY_HEADER,
    CUSTOMER_HEADER,
    FX_RATE_HEADER,
    PARTNER_BRAND_HEADER,
    PARTNER_HEADER,
    PAYMENT_HEADER,
    write_csv,
    write_deals,
)

PARTNERS = ["PC", "PI", "PB", "PQ", "PK", "PR", "PS1", "PS2"]


def write_landing(landing: Path) -> None:
    ops, tracking, brand = landing / "ops", landing / "tracking", landing / "brand"
    write_csv(
        ops / "brands.csv",
        BRAND_HEADER,
        [
            ["B-CAS", "Casino One", "igaming", "EUR", "US"],
        ],
    )
    write_csv(
        ops / "partners.csv",
        PARTNER_HEADER,
        [
            [
                p,
                p,
                "affiliate",
                "PS1" if p == "PS2" else "",
                "k-same" if p in ("PS1", "PS2") else f"k-{p}",
                "DE",
                f"{p}@example.com",
                "active",
                "verified",
                "2026-01-01T00:00:00Z",
                "EUR",
                "0",
            ]
            for p in PARTNERS
        ],
    )
    write_csv(
        ops / "partner_brands.csv",
        PARTNER_BRAND_HEADER,
        [[p, "B-CAS", "2026-01-01T00:00:00Z", "active", ""] for p in PARTNERS],
    )
    base = {
        "brand_id": "B-CAS",
        "effective_from": "2026-01-01",
        "currency": "EUR",
        "created_at": "2025-12-20T10:00:00Z",
        "created_by": "test",
        "reason": "launch",
    }
    revshare = {
        "revshare": {
            "basis": "ngr",
            "tier_metric": "ngr",
            "tier_mode": "whole",
            "negative_carryover": True,
            "tiers": [{"from": 0, "rate": 0.25}],
        }
    }
    deals = [
        {"deal_id": "D-PC", "version": 1, "partner_id": "PC", **base, "terms": revshare},
        {"deal_id": "D-PS2", "version": 1, "partner_id": "PS2", **base, "terms": revshare},
        {
            "deal_id": "D-PS1",
            "version": 1,
            "partner_id": "PS1",
            **base,
            "terms": {"sub_partner": {"rate": 0.10}},
        },
        {
            "deal_id": "D-PQ",
            "version": 1,
            "partner_id": "PQ",
            **base,
            "terms": {
                "cpa": {
                    "amount": 100,
                    "min_first_deposit": 10,
                    "min_deposits_total": 0,
                    "min_wagered": 0,
                    "min_lots": 0,
                    "require_kyc": False,
                    "window_days": 30,
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
    customers = [  # customer, partner, ip_hash, country, registered day
        ("C1", "PC", "ip-c1", "DE", "01"),
        ("C2", "PC", "ip-c2", "DE", "01"),
        ("I1", "PI", "ip-farm", "DE", "02"),
        ("I2", "PI", "ip-farm", "DE", "02"),
        ("I3", "PI", "ip-farm", "DE", "03"),
        ("B1", "PB", "ip-b1", "DE", "04"),
        ("B2", "PB", "ip-b2", "DE", "04"),
        ("Q1", "PQ", "ip-q1", "DE", "01"),
        ("Q2", "PQ", "ip-q2", "DE", "01"),
        ("K1", "PK", "ip-k1", "DE", "02"),
        ("R1", "PR", "ip-r1", "US", "02"),
        ("S1", "PS2", "ip-s1", "DE", "02"),
    ]
    write_csv(
        tracking / "clicks.csv",
        ["click_id", "partner_id", "brand_id", "clicked_at", "country", "ip_hash"],
        [
            [f"K-{c}", p, "B-CAS", f"2026-04-{day}T08:00:00Z", country, ip]
            for c, p, ip, country, day in customers
        ],
    )
    write_csv(
        brand / "customers.csv",
        CUSTOMER_HEADER,
        [
            [c, "B-CAS", f"2026-04-{day}T09:00:00Z", country, "verified", "", f"K-{c}", "", "false"]
            for c, p, ip, country, day in customers
        ],
    )
    write_csv(
        brand / "payments.csv",
        PAYMENT_HEADER,
        [
            ["T-C1", "C1", "B-CAS", "deposit", "approved", "1000", "EUR", "2026-04-02T10:00:00Z"],
            ["T-C2", "C2", "B-CAS", "deposit", "approved", "100", "EUR", "2026-04-02T10:00:00Z"],
            ["T-B1", "B1", "B-CAS", "deposit", "approved", "200", "EUR", "2026-04-05T10:00:00Z"],
            [
                "T-B1W",
                "B1",
                "B-CAS",
                "withdrawal",
                "approved",
                "180",
                "EUR",
                "2026-04-08T10:00:00Z",
            ],
            ["T-B2", "B2", "B-CAS", "deposit", "approved", "100", "EUR", "2026-04-05T10:00:00Z"],
            [
                "T-B2W",
                "B2",
                "B-CAS",
                "withdrawal",
                "approved",
                "150",
                "EUR",
                "2026-04-07T10:00:00Z",
            ],
            ["T-Q1", "Q1", "B-CAS", "deposit", "approved", "50", "EUR", "2026-04-02T10:00:00Z"],
            ["T-Q2", "Q2", "B-CAS", "deposit", "approved", "50", "EUR", "2026-04-02T10:00:00Z"],
            ["T-K1", "K1", "B-CAS", "deposit", "approved", "100", "EUR", "2026-04-03T10:00:00Z"],
        ],
    )
    write_csv(
        brand / "casino_activity.csv",
        CASINO_ACTIVITY_HEADER,
        [
            ["2026-04-04", "C1", "B-CAS", "casino", "EUR", "500", "100", "", "", "", "10"],
            ["2026-06-10", "C1", "B-CAS", "casino", "EUR", "10", "0", "", "", "", ""],
            ["2026-04-05", "B1", "B-CAS", "casino", "EUR", "20", "0", "", "", "", ""],
            ["2026-04-06", "B2", "B-CAS", "casino", "EUR", "300", "350", "", "", "", ""],
            ["2026-04-20", "Q1", "B-CAS", "casino", "EUR", "30", "10", "", "", "", ""],
            ["2026-04-10", "K1", "B-CAS", "casino", "EUR", "100", "50", "", "", "", "20"],
            ["2026-04-10", "S1", "B-CAS", "casino", "EUR", "200", "0", "", "", "", ""],
        ],
    )


def write_late_file(landing: Path) -> None:
    """Late April activity for PC's C1: stakes 400, payouts 0 -> NGR 400 -> 25% = 100.00 EUR."""
    write_csv(
        landing / "brand" / "casino_activity_late.csv",
        CASINO_ACTIVITY_HEADER,
        [["2026-04-20", "C1", "B-CAS", "casino", "EUR", "400", "0", "", "", "", ""]],
    )
