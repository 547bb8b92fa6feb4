"""iGaming statements against hand-worked numbers (RULES.md "iGaming" and "CPA").

All on B-CAS (EUR, restricted US, default NGR rules: every deduction, admin fee 0) unless said.
Data: tests/acceptance/acceptance_landing.py. NGR of a row = stakes - payouts - bonus - jackpot - tax - chargebacks.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from acceptance_warehouse import Built, assert_statement


# ---- 1. RevShare negative carryover (RULES.md example, 25% whole, carryover on) ---------------
def test_carryover_april_negative_month_pays_nothing_and_carries(built: Built) -> None:
    # April: stakes 1,000 - payouts 3,000 = NGR -2,000 -> gross 0.25 x -2,000 = -500;
    # adjusted = -500 + 0 = -500 -> revshare max(0, -500) = 0, carry min(0, -500) = -500.
    assert_statement(
        built, "P-RS1", "2026-04-01", revshare_gross="-500", carryover_out="-500", currency="EUR"
    )


def test_carryover_may_positive_month_still_below_zero(built: Built) -> None:
    # May: 2,000 - 800 = NGR 1,200 -> gross 300; adjusted 300 + (-500) = -200 -> revshare 0, carry -200.
    assert_statement(
        built,
        "P-RS1",
        "2026-05-01",
        revshare_gross="300",
        carryover_in="-500",
        carryover_out="-200",
    )


def test_carryover_june_pays_after_absorbing_the_carry(built: Built) -> None:
    # June: stakes 5,000 - payouts 500 = GGR 4,500; - bonus 300 - jackpot 100 - tax 100 = NGR 4,000
    # -> gross 1,000; adjusted 1,000 - 200 = 800 -> revshare 800, carry 0; total 800.
    assert_statement(
        built,
        "P-RS1",
        "2026-06-01",
        revshare_gross="1000",
        carryover_in="-200",
        revshare="800",
        total="800",
    )


def test_revshare_lines_carry_the_gross_not_the_carryover(built: Built) -> None:
    # OUTPUTS.md: revshare lines add up to revshare_gross: -500 (Apr), 300 (May), 1,000 (Jun).
    assert [
        built.total("P-RS1", m, "revshare") for m in ("2026-04-01", "2026-05-01", "2026-06-01")
    ] == [D("-500.00"), D("300.00"), D("1000.00")]


def test_carryover_passes_over_a_month_without_activity(built: Built) -> None:
    # P-GAP (25% whole, carryover on): April NGR 100 - 500 = -400 -> gross -100, carry -100; no May
    # activity; June NGR 1,500 - 500 = 1,000 -> gross 250; adjusted 250 - 100 = 150 -> revshare 150.
    assert_statement(built, "P-GAP", "2026-04-01", revshare_gross="-100", carryover_out="-100")
    assert_statement(
        built,
        "P-GAP",
        "2026-06-01",
        revshare_gross="250",
        carryover_in="-100",
        revshare="150",
        total="150",
    )


def test_activity_before_the_first_deal_version_prices_nothing(built: Built) -> None:
    # P-LATE's deal starts 15 May: NGR 1,000 on 10 May earns nothing; 20 May NGR 1,000 - 500 = 500;
    # DUAL (its B-CAS customer) 25 May NGR 300 - 200 = 100: (500 + 100) x 20% = 120.
    assert_statement(
        built, "P-LATE", "2026-05-01", revshare_gross="120", revshare="120", total="120"
    )


def test_band_starts_at_its_from_value(built: Built) -> None:
    # P-EDGE whole, 0 -> 20%, 5,000 -> 30%: NGR 6,000 - 1,000 = exactly 5,000 -> band 30% -> 1,500.
    assert_statement(
        built, "P-EDGE", "2026-05-01", revshare_gross="1500", revshare="1500", total="1500"
    )


# ---- 2. Progressive vs whole tiers (0 -> 20%, 5,000 -> 30%, 20,000 -> 40%) -------------------
def test_progressive_tiers_price_each_slice_at_its_band(built: Built) -> None:
    # NGR 30,000 - 4,000 = 26,000: 0.20 x 5,000 + 0.30 x 15,000 + 0.40 x 6,000 = 1,000 + 4,500 + 2,400 = 7,900.
    assert_statement(
        built, "P-PROG", "2026-06-01", revshare_gross="7900", revshare="7900", total="7900"
    )
    amounts = sorted(ln["amount"] for ln in built.lines("P-PROG", "2026-06-01", "revshare"))
    assert amounts == [D("1000.00"), D("2400.00"), D("4500.00")]


def test_whole_tiers_price_all_ngr_at_the_reached_band(built: Built) -> None:
    # the same 26,000 in whole mode: 0.40 x 26,000 = 10,400.
    assert_statement(
        built, "P-WHOLE", "2026-06-01", revshare_gross="10400", revshare="10400", total="10400"
    )


@pytest.mark.parametrize("partner", ["P-PROG", "P-WHOLE"])
def test_negative_month_is_priced_at_the_lowest_band(built: Built, partner: str) -> None:
    # July: 1,000 - 2,000 = NGR -1,000 -> gross 0.20 x -1,000 = -200 (lowest band, both modes);
    # no carryover on these deals: revshare 0, carry 0, total 0.
    assert_statement(built, partner, "2026-07-01", revshare_gross="-200")


# ---- 3. FTD-count tiers (0 FTD -> 20%, 2 FTDs -> 30%, whole) ----------------------------------
def test_ftd_count_tiers_use_the_months_first_approved_deposits(built: Built) -> None:
    # May FTDs: C-FTD1 (2 May) and C-FTD2 (its 28 Apr deposit was declined; first approved 3 May) = 2
    # -> band 30%. May NGR: C-FTD1 1,500 - 500 = 1,000 -> 0.30 x 1,000 = 300.
    assert_statement(
        built, "P-FTD", "2026-05-01", revshare_gross="300", revshare="300", total="300"
    )


def test_ftd_count_tiers_do_not_count_repeat_deposits(built: Built) -> None:
    # June FTDs: C-FTD3 (5 Jun) only; C-FTD1's 6 Jun deposit is not a first deposit; the FTDs of C-FTD4
    # (a test customer) and C-FTD5 (US: restricted) count for no one -> 1 -> band 20%.
    # June NGR: C-FTD1 800 - 300 = 500 -> 0.20 x 500 = 100.
    assert_statement(
        built, "P-FTD", "2026-06-01", revshare_gross="100", revshare="100", total="100"
    )


# ---- 4. CPA (150, min FTD 25, min wagered 200, window 30, KYC, allowlist DE/GB) ---------------
def _cpa_lines(built: Built, partner: str) -> dict[str, tuple[str, D]]:
    return {
        ln["customer_id"]: (str(ln["period_month"]), ln["amount"])
        for ln in built.lines(partner, None, "cpa")
    }


def test_cpa_qualifies_on_the_first_day_every_condition_holds(built: Built) -> None:
    # C-CPA1: reg 3 May, deposit 30 (>= 25) 4 May, stakes 100 + 100 reach 200 on 1 Jun (day 29 <= 30),
    #         KYC verified without timestamp = from registration -> CPA 150 in June (RULES.md example).
    # C-CPA3: reg 1 May, stakes 200 on 31 May = day 30 of 30 (included) -> 150 in May.
    # C-CPA5: everything by 5 May but KYC verified 10 May -> qualifies 10 May -> 150 in May.
    # C-CPA8: declined 10 on 4 May is no deposit; approved 30 on 6 May is the FTD -> 150 in May (6 May).
    # Not qualifying: C-CPA2 (200 reached 9 Jun, day 37), C-CPA4 (1 Jun = day 31), C-CPA6 (FR, not in
    # the allowlist), C-CPA7 (first approved deposit 20 < 25; the declined 100 never counts),
    # C-CPA9 (KYC pending).
    assert _cpa_lines(built, "P-CPA") == {
        "C-CPA1": ("2026-06-01", D("150.00")),
        "C-CPA3": ("2026-05-01", D("150.00")),
        "C-CPA5": ("2026-05-01", D("150.00")),
        "C-CPA8": ("2026-05-01", D("150.00")),
    }


def test_cpa_statements(built: Built) -> None:
    # May: C-CPA3 + C-CPA5 + C-CPA8 = 3 x 150 = 450; June: C-CPA1 = 150.
    assert_statement(built, "P-CPA", "2026-05-01", cpa="450", total="450")
    assert_statement(built, "P-CPA", "2026-06-01", cpa="150", total="150")


def test_cpa_qualification_dates(built: Built) -> None:
    # the dates worked above; C-CPT1 (P-CPA2: min FTD 25, min deposits total 100): approved 30 (4 May)
    # + 40 (8 May) = 70; the reversed 50 (9 May) and the withdrawal never count; + 30 (15 May) = 100
    # -> qualifies 15 May.
    got = dict(
        built.rows(
            "select customer_id, cast(qualification_date as varchar) from marts.dim_customers "
            "where customer_id in ('C-CPA1','C-CPA3','C-CPA5','C-CPA8','C-CPT1')"
        )
    )
    assert got == {
        "C-CPA1": "2026-06-01",
        "C-CPA3": "2026-05-31",
        "C-CPA5": "2026-05-10",
        "C-CPA8": "2026-05-06",
        "C-CPT1": "2026-05-15",
    }


def test_cpa_min_deposits_total(built: Built) -> None:
    # C-CPT1 qualifies 15 May (above) -> CPA 60 in May.
    assert_statement(built, "P-CPA2", "2026-05-01", cpa="60", total="60")


def test_cpa_window_counts_from_the_utc_registration_date(built: Built) -> None:
    # C-OFF registered 2026-05-02T01:00:00+03:00 = 1 May 22:00 UTC -> registration date 1 May; its only
    # deposit (100) comes 1 Jun = day 31 -> no CPA (read as 2 May it would be day 30 and qualify).
    assert built.rows(
        "select cast(registration_date as varchar) from marts.dim_customers where customer_id = 'C-OFF'"
    ) == [("2026-05-01",)]
    assert _cpa_lines(built, "P-CPA2") == {"C-CPT1": ("2026-05-01", D("60.00"))}


def test_cpa_thresholds_convert_each_deposit_at_its_own_date(built: Built) -> None:
    # P-GBPCPA on B-GBP (GBP), deal in EUR: CPA 80, min FTD 25 EUR. EUR 1.25 USD throughout;
    # GBP 1.50 until 19 May, 1.375 from 20 May.
    # G2: 21 GBP on 10 May = 21 x 1.50 / 1.25 = 25.20 EUR >= 25 -> qualifies 10 May -> 80.
    # G3: 22 GBP on 22 May = 22 x 1.375 / 1.25 = 24.20 EUR < 25 -> no (at the old rate it would be 26.40).
    # G4: 30 GBP reversed (never counts); FTD 10 GBP on 11 May = 12 EUR < 25 -> no.
    assert _cpa_lines(built, "P-GBPCPA") == {"G2": ("2026-05-01", D("80.00"))}
    assert_statement(built, "P-GBPCPA", "2026-05-01", cpa="80", total="80", currency="EUR")


# ---- 5. Hybrid: CPA and revshare both paid; CPA never netted against the carryover -----------
def test_hybrid_pays_cpa_in_a_negative_revshare_month(built: Built) -> None:
    # C-HYB: reg 2 May, deposit 50 on 2 May (min FTD 10, nothing else) -> CPA 100 in May.
    # May NGR 1,000 - 1,500 = -500 -> gross 0.30 x -500 = -150 -> revshare 0, carry -150.
    # total = cpa 100 + revshare 0 = 100 (the CPA is not netted with the -150).
    assert_statement(
        built,
        "P-HYB",
        "2026-05-01",
        cpa="100",
        revshare_gross="-150",
        carryover_out="-150",
        total="100",
    )


def test_hybrid_next_month_absorbs_the_carry(built: Built) -> None:
    # June NGR 1,500 - 500 = 1,000 -> gross 300; adjusted 300 - 150 = 150 -> revshare 150, total 150.
    assert_statement(
        built,
        "P-HYB",
        "2026-06-01",
        revshare_gross="300",
        carryover_in="-150",
        revshare="150",
        total="150",
    )


# ---- 6. Mid-month amendment: v1 [1 Mar, 16 May) 20% + CPA 100; v2 from 16 May 30% + CPA 200 ---
def test_amendment_prices_each_side_by_its_version(built: Built) -> None:
    # revshare: 10 May NGR 1,500 - 500 = 1,000 at v1 20% = 200; 20 May NGR 3,000 - 1,000 = 2,000 at v2
    # 30% = 600. CPA: C-AMD qualifies 1 May (deposit 20 >= 10) under v1 -> 100; C-AMD2 qualifies
    # 20 May (its deposit day) under v2 -> 200.
    got = sorted(
        (ln["component"], ln["deal_version"], ln["customer_id"] or "", ln["amount"])
        for ln in built.lines("P-AMD", "2026-05-01")
    )
    assert got == [
        ("cpa", 1, "C-AMD", D("100.00")),
        ("cpa", 2, "C-AMD2", D("200.00")),
        ("revshare", 1, "", D("200.00")),
        ("revshare", 2, "", D("600.00")),
    ]
    # statement: cpa 300, gross 800, revshare 800 (no carryover), total 1,100.
    assert_statement(
        built, "P-AMD", "2026-05-01", cpa="300", revshare_gross="800", revshare="800", total="1100"
    )


def test_brand_specific_version_beats_all_brand_version_on_its_days(built: Built) -> None:
    # P-ALL: D-ALL (every brand) 10% from 1 Mar; D-ALLC (B-CAS) 40% from 15 May to 1 Jun.
    # NGR 1,000 each on 10 May (D-ALL: 100), 20 May (D-ALLC: 400), 10 Jun (D-ALL: 100).
    got = sorted(
        (str(ln["period_month"]), ln["deal_id"], ln["basis_amount"], ln["amount"])
        for ln in built.lines("P-ALL", None, "revshare")
    )
    assert got == [
        ("2026-05-01", "D-ALL", D(1000), D("100.00")),
        ("2026-05-01", "D-ALLC", D(1000), D("400.00")),
        ("2026-06-01", "D-ALL", D(1000), D("100.00")),
    ]
    # May gross 100 + 400 = 500; June 100.
    assert_statement(
        built, "P-ALL", "2026-05-01", revshare_gross="500", revshare="500", total="500"
    )
    assert_statement(
        built, "P-ALL", "2026-06-01", revshare_gross="100", revshare="100", total="100"
    )


# ---- NGR rules, rounding ---------------------------------------------------------------------
def test_ngr_rules_switches_and_admin_fee_per_positive_row(built: Built) -> None:
    # B-NGR ngr_rules: admin fee 10%, deduct bonuses yes, jackpot FALSE, tax 1, chargebacks no.
    # N1 casino 5 May: GGR 1,000 - 400 = 600; - bonus 50 - tax 20 - admin 0.10 x 600 = 60 -> NGR 470
    #   (jackpot 30 and chargebacks 10 kept);
    # N1 sportsbook 5 May: GGR 100 - 300 = -200, admin fee 0 (GGR not positive) -> NGR -200.
    # NGR 470 - 200 = 270 x 50% = 135.00 (a fee on the day's net GGR 400 would give 145.00).
    assert_statement(
        built, "P-NGR", "2026-05-01", revshare_gross="135", revshare="135", total="135"
    )


def test_line_rounded_half_up_once(built: Built) -> None:
    # C-RND: 300.01 - 200 = NGR 100.01 x 50% = 50.005 -> half-up 50.01 (half-even would give 50.00).
    assert_statement(
        built, "P-RND", "2026-05-01", revshare_gross="50.01", revshare="50.01", total="50.01"
    )


# ---- 10. Multi-currency: GBP brand, EUR deal, FX via USD at the activity date ----------------
def test_gbp_activity_converted_at_each_days_rate(built: Built) -> None:
    # G1 10 May: NGR 1,500 - 500 = 1,000 GBP x 1.50 / 1.25 = 1,200 EUR;
    # G1 25 May: NGR 800 - 300 = 500 GBP at the latest rate on or before (20 May: 1.375)
    #   = 500 x 1.375 / 1.25 = 550 EUR.
    # DUAL (the B-GBP customer of that id; its B-CAS namesake belongs to P-LATE) 25 May: NGR 300 - 200
    #   = 100 GBP x 1.375 / 1.25 = 110 EUR.
    # NGR 1,200 + 550 + 110 = 1,860 EUR x 10% = 186.00 EUR.
    assert_statement(
        built,
        "P-GBP",
        "2026-05-01",
        brand="B-GBP",
        currency="EUR",
        revshare_gross="186",
        revshare="186",
        total="186",
    )
    (line,) = built.lines("P-GBP", "2026-05-01", "revshare")
    # amount_usd at the period's last day (31 May): EUR 1.25 -> 186 x 1.25 = 232.50.
    assert (line["basis_amount"], line["currency"], line["amount_usd"]) == (
        D(1860),
        "EUR",
        D("232.50"),
    )


def test_tier_thresholds_are_in_the_deal_currency(built: Built) -> None:
    # P-GBPT (EUR deal on B-GBP), progressive 0 -> 10%, 1,000 EUR -> 20%. G5 10 May NGR 1,500 - 500
    # = 1,000 GBP = 1,000 x 1.50 / 1.25 = 1,200 EUR -> 0.10 x 1,000 + 0.20 x 200 = 100 + 40 = 140.
    assert_statement(
        built, "P-GBPT", "2026-05-01", revshare_gross="140", revshare="140", total="140"
    )


def test_amount_usd_uses_the_rate_of_the_periods_last_day(built: Built) -> None:
    # P-GBPD (GBP deal on B-GBP) 10%: G6 10 May NGR 1,500 - 500 = 1,000 GBP -> 100.00 GBP.
    # amount_usd at 31 May: latest GBP rate on or before = 1.375 (20 May) -> 137.50 (not 150.00 at 10 May).
    (line,) = built.lines("P-GBPD", "2026-05-01", "revshare")
    assert (line["amount"], line["currency"], line["amount_usd"]) == (
        D("100.00"),
        "GBP",
        D("137.50"),
    )


# ---- 11. Attribution --------------------------------------------------------------------------
def test_attribution_methods(built: Built) -> None:
    # A1: registration postback with P-ATT's click K-A1 10 days before -> P-ATT (beats btag P-OTH and coupon)
    # A1B: postback click K-OLD is 40 days old -> not used; btag P-OTH -> P-OTH by partner id
    # A2: btag K-A2 (a P-OTH click) -> P-OTH; A3: btag P-ATT -> P-ATT; A4: coupon ATT2 -> P-ATT;
    # A5: nothing -> organic.
    # A8: postback click K-X is P-ATT's click on ANOTHER brand (B-GBP) -> not used; btag P-OTH.
    # A9: postback click K-LATE was clicked the day AFTER registration (not "before") -> btag P-OTH.
    got = dict(
        built.rows(
            "select customer_id, coalesce(partner_id, '-') || ' ' || attribution_method from marts.dim_customers "
            "where customer_id in ('A1','A1B','A2','A3','A4','A5','A8','A9')"
        )
    )
    assert got == {
        "A1": "P-ATT postback_click",
        "A1B": "P-OTH btag_partner",
        "A2": "P-OTH btag_click",
        "A3": "P-ATT btag_partner",
        "A4": "P-ATT coupon",
        "A5": "- organic",
        "A8": "P-OTH btag_partner",
        "A9": "P-OTH btag_partner",
    }


def test_only_attributed_real_allowed_customers_earn(built: Built) -> None:
    # CPA 50 each for whoever owns the customer (every one deposits 20 >= 10 on registration day):
    # P-ATT: A1, A3, A4; P-OTH: A1B, A2, A8, A9. A5 organic, A6 a test customer, A7 from the US (restricted
    # on B-CAS): no line for anyone.
    assert _cpa_lines(built, "P-ATT") == {c: ("2026-05-01", D("50.00")) for c in ("A1", "A3", "A4")}
    assert _cpa_lines(built, "P-OTH") == {
        c: ("2026-05-01", D("50.00")) for c in ("A1B", "A2", "A8", "A9")
    }
    # revshare 10%: A1 NGR 300 - 200 = 100 -> 10; A5 (organic), A6 (test), A7 (restricted) NGR 5,000
    # each count for no one. P-ATT May: cpa 150 + revshare 10 = 160; P-OTH: cpa 4 x 50 = 200.
    assert_statement(
        built, "P-ATT", "2026-05-01", cpa="150", revshare_gross="10", revshare="10", total="160"
    )
    assert_statement(built, "P-OTH", "2026-05-01", cpa="200", total="200")
    assert built.rows(
        "select count(*) from marts.fct_commission_lines where customer_id in ('A5','A6','A7')"
    ) == [(0,)]
