"""A hand-written landing directory small enough to reason about (LANDING.md formats).

One casino brand in EUR, one affiliate with a CPA deal, three customers: C-1 and C-2 come
through the partner's clicks, C-3 is organic. Every date is in March-April 2026.
"""

from __future__ import annotations

from pathlib import Path

FILES: dict[str, str] = {
    "ops/brands.csv": (
        "brand_id,brand_name,vertical,currency,restricted_countries\n"
        "B-CASINO,Casino One,igaming,EUR,US\n"
    ),
    "ops/partners.csv": (
        "partner_id,display_name,partner_type,parent_partner_id,person_key,country,email,status,"
        "kyc_status,joined_at,payout_currency,payout_threshold\n"
        "P-1,Alpha Media,affiliate,,pk-1,GB,a@example.com,active,verified,2026-01-01T00:00:00Z,EUR,50\n"
    ),
    "ops/partner_brands.csv": (
        "partner_id,brand_id,joined_at,status,coupon_codes\n"
        "P-1,B-CASINO,2026-01-01T00:00:00Z,active,ALPHA10\n"
    ),
    "ops/deals.yaml": (
        "- deal_id: D-1\n"
        "  version: 1\n"
        "  partner_id: P-1\n"
        "  brand_id: B-CASINO\n"
        "  effective_from: 2026-01-01\n"
        "  currency: EUR\n"
        "  created_at: 2026-01-01T00:00:00Z\n"
        "  created_by: test\n"
        "  reason: launch\n"
        "  terms:\n"
        "    cpa: {amount: 100, min_first_deposit: 20, window_days: 30, require_kyc: false}\n"
        "    revshare:\n"
        "      basis: ngr\n"
        "      tier_metric: ngr\n"
        "      tiers: [{from: 0, rate: 0.25}]\n"
        "      tier_mode: whole\n"
        "      negative_carryover: true\n"
    ),
    "ops/fx_rates.csv": (
        "rate_date,currency,usd_per_unit\n2026-01-01,EUR,1.10\n2026-01-01,USD,1\n"
    ),
    "ops/ngr_rules.csv": (
        "brand_id,admin_fee_rate,deduct_bonuses,deduct_jackpot,deduct_tax,deduct_chargebacks\n"
        "B-CASINO,0,true,true,true,true\n"
    ),
    "tracking/clicks.csv": (
        "click_id,partner_id,brand_id,link_id,sub1,sub2,sub3,sub4,sub5,clicked_at,country,ip_hash,"
        "user_agent,landing_url\n"
        "K-1,P-1,B-CASINO,L-1,,,,,,2026-03-01T10:00:00Z,GB,h1,ua,https://x\n"
        "K-2,P-1,B-CASINO,L-1,,,,,,2026-03-02T10:00:00Z,DE,h2,ua,https://x\n"
    ),
    "brand/customers.csv": (
        "customer_id,brand_id,registered_at,country,kyc_status,kyc_verified_at,btag,coupon_code,is_test\n"
        "C-1,B-CASINO,2026-03-01T11:00:00Z,GB,verified,,K-1,,false\n"
        "C-2,B-CASINO,2026-03-02T11:00:00Z,DE,verified,,K-2,,false\n"
        "C-3,B-CASINO,2026-03-03T11:00:00Z,GB,none,,,,false\n"
    ),
    "brand/payments.csv": (
        "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"
        "T-1,C-1,B-CASINO,deposit,approved,50,EUR,2026-03-01T12:00:00Z\n"
        "T-2,C-2,B-CASINO,deposit,approved,30,EUR,2026-03-03T12:00:00Z\n"
        "T-3,C-3,B-CASINO,deposit,approved,40,EUR,2026-03-04T12:00:00Z\n"
    ),
    "brand/casino_activity.csv": (
        "activity_date,customer_id,brand_id,product,currency,stakes,payouts,bonus_cost,"
        "jackpot_contribution,gaming_tax,chargebacks\n"
        "2026-03-05,C-1,B-CASINO,casino,EUR,500,300,0,0,0,0\n"
        "2026-04-05,C-2,B-CASINO,casino,EUR,200,100,0,0,0,0\n"
    ),
}

# Arrives after the first build: one more deposit and an April activity row.
LATE_FILES: dict[str, str] = {
    "brand/payments_2026-04.csv": (
        "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"
        "T-4,C-1,B-CASINO,deposit,approved,25,EUR,2026-04-02T12:00:00Z\n"
    ),
    "brand/casino_activity_2026-04.csv": (
        "activity_date,customer_id,brand_id,product,currency,stakes,payouts,bonus_cost,"
        "jackpot_contribution,gaming_tax,chargebacks\n"
        "2026-04-06,C-1,B-CASINO,casino,EUR,100,20,0,0,0,0\n"
    ),
}


def write_landing(root: Path, files: dict[str, str] = FILES) -> Path:
    """Write `files` (relative path -> text) under `root`; returns `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
