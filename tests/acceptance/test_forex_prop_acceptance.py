"""Forex IB, prop and sub-partner statements against hand-worked numbers (RULES.md).

B-FX (forex, USD) and B-PROP (prop, USD); deals there are in USD unless said. FX: EUR 1.25 USD.
Data: tests/acceptance/acceptance_landing.py. Everything forex happens in June 2026, prop in May/June.
"""

from __future__ import annotations

from decimal import Decimal as D

from acceptance_warehouse import Built, assert_statement


def _by_group(built: Built, partner: str, component: str) -> dict[str, D]:
    out: dict[str, D] = {}
    for ln in built.lines(partner, "2026-06-01", component):
        out[ln["symbol_group"]] = out.get(ln["symbol_group"], D(0)) + ln["amount"]
    return {g: a for g, a in out.items() if a != 0}  # a 0.00 line is as good as no line


# ---- 8. IB tree (RULES.md example) -------------------------------------------------------------
# T-SS (client of IB-SS, whose parent is IB-S, whose parent is IB-M) closes:
#   MT4 ticket 5001 EURUSD VOLUME 200 = 2 fx_major lots (exported open first, then re-exported
#   closed with a later MODIFY_TIME: counted once); a deleted pending order (CMD 2, VOLUME 500) and
#   a balance row (CMD 6) carry no lots;
#   MT5 BTCUSD entry deal (Entry 0) + exit deal (Entry 1, VolumeClosed 10000) = 1 crypto lot, once.
def test_ib_tree_sub_sub_ib_rebate(built: Built) -> None:
    # IB-SS {fx_major 5}: 2 x 5 + 1 x 0 (no crypto, no default) = 10.
    assert _by_group(built, "IB-SS", "lot_rebate") == {"fx_major": D("10.00")}
    assert_statement(built, "IB-SS", "2026-06-01", lot_rebate="10", total="10", currency="USD")


def test_ib_tree_sub_ib_override(built: Built) -> None:
    # IB-S {fx_major 6, default 4}, difference: 2 x (6 - 5) + 1 x (4 - 0) = 2 + 4 = 6.
    assert _by_group(built, "IB-S", "ib_override") == {"fx_major": D("2.00"), "crypto": D("4.00")}
    assert_statement(built, "IB-S", "2026-06-01", ib_override="6", total="6")


def test_ib_tree_master_override(built: Built) -> None:
    # IB-M {fx_major 9, default 4}: 2 x (9 - 6) + 1 x (4 - 4) = 6.
    assert _by_group(built, "IB-M", "ib_override") == {"fx_major": D("6.00")}
    assert_statement(built, "IB-M", "2026-06-01", ib_override="6", total="6")


def test_volume_lines_round_once_after_aggregating(built: Built) -> None:
    # IB-R {fx_major 3.50}: T-R's 30 MT5 round turns of 0.01 lot (an entry and an exit deal each; only
    # the exits count) = 0.30 lots; alone 0.30 x 3.50 = 1.05 (not 30 x round(0.035) = 30 x 0.04 = 1.20).
    # T-R also owns login 1001 on server MT4-B, whose ticket 5001 (same login and ticket as T-SS's on
    # MT4-LIVE: logins are unique per server only) closes 1 lot -> 1.30 lots x 3.50 = 4.55.
    # Spread share: 1.30 lots x markup 7 USD x 20% = 1.82. Total 6.37.
    assert_statement(
        built, "IB-R", "2026-06-01", lot_rebate="4.55", spread_share="1.82", total="6.37"
    )
    (rebate,) = built.lines("IB-R", "2026-06-01", "lot_rebate")
    assert rebate["basis_amount"] == D("1.30")


def test_symbol_suffix_min_hold_and_mt5_partial_closes(built: Built) -> None:
    # IB-E {fx_major 10, metals 20, default 2}, min_hold_seconds 60:
    #   MT4 6001 EURUSD.pro (longest listed prefix EURUSD: fx_major) VOLUME 50 = 0.5 lot, held 300 s -> 5.00
    #   MT4 6002 EURUSD 1 lot held 30 s < 60 -> nothing
    #   MT4 6003 WEIRD1 (no listed symbol: default) 1 lot held 1 h -> 2.00
    #   MT5 XAUUSD position 950 (Time as datetime text): in 2 lots at 10:00; out 1 lot (10:02); in/out
    #   reversal closing 1 lot (10:04); out 2 lots (10:06) = 4 metals lots, each >= 120 s after the entry
    #   -> 4 x 20 = 80.00.
    #   MT5 EURUSD position 970 closed by an out-by deal (Entry 3) with VolumeClosedExt 12,345,678
    #   = 0.12345678 lot (the Ext column wins over VolumeClosed 1,235 = 0.1235).
    #   fx_major: (0.5 + 0.12345678) x 10 = 6.2345678 -> 6.23 (with VolumeClosed: 6.235 -> 6.24).
    #   MT5 export without VolumeClosed columns: XAUUSD exit (Entry 1) of 1 lot 10 minutes after its entry
    #   -> its Volume counts: +1 metals lot (20.00); the EURUSD round turn held 30 s < 60 -> nothing; the
    #   reversal (Entry 2) without closed-volume columns is quarantined (test_pipeline_acceptance).
    #   metals (4 + 1) x 20 = 100.00. Total 6.23 + 2.00 + 100.00 = 108.23.
    assert _by_group(built, "IB-E", "lot_rebate") == {
        "fx_major": D("6.23"),
        "default": D("2.00"),
        "metals": D("100.00"),
    }
    assert_statement(built, "IB-E", "2026-06-01", lot_rebate="108.23", total="108.23")


def test_difference_override_never_negative(built: Built) -> None:
    # Tree: IB-H {fx_major 10, override difference} > IB-H2 {6, no override} > IB-H3 {5};
    #       IB-H > IB-H4 {12}. Each has one client closing 1 EURUSD lot on 15 Jun.
    # IB-H3: 1 x 5 = 5. IB-H4: 1 x 12 = 12. IB-H2: own client 6; no override flag -> no override on
    # IB-H3's lot. IB-H: own client 10; overrides: IB-H2's client 10 - 6 = 4; IB-H3's client 10 - 5
    # (the highest rate PAID below it on that path: IB-H3 5, IB-H2 0) = 5; IB-H4's client
    # max(0, 10 - 12) = 0 -> override 9; total 19.
    assert_statement(built, "IB-H3", "2026-06-01", lot_rebate="5", total="5")
    assert_statement(built, "IB-H4", "2026-06-01", lot_rebate="12", total="12")
    assert_statement(built, "IB-H2", "2026-06-01", lot_rebate="6", total="6")
    assert built.total("IB-H", "2026-06-01", "lot_rebate") == D("10.00")
    assert [ln for ln in built.lines("IB-H", "2026-06-01", "ib_override") if ln["amount"] < 0] == []


def test_override_subtracts_the_rate_paid_below_not_an_unpaid_deal_rate(built: Built) -> None:
    # IB-H overrides (worked above): 4 (IB-H2's client) + 5 (IB-H3's client) + 0 (IB-H4's) = 9;
    # lot_rebate 10; total 19.
    assert_statement(built, "IB-H", "2026-06-01", lot_rebate="10", ib_override="9", total="19")


def test_spread_share_converts_the_usd_markup_into_the_deal_currency(built: Built) -> None:
    # IB-X (EUR deal, spread share 50%): T-X closes 1 EURUSD lot on 11 Jun; markup 7 USD a lot
    # = 7 x 1 / 1.25 = 5.60 EUR x 0.50 = 2.80 EUR.
    assert_statement(built, "IB-X", "2026-06-01", spread_share="2.80", total="2.80", currency="EUR")


def test_fixed_override_pays_every_ancestor_its_own_rates(built: Built) -> None:
    # IB-F2 (sub of IB-F) {fx_major 7}: T-F closes 3 EURUSD lots and 1 BTCUSD lot (MT4)
    # -> IB-F2 3 x 7 = 21 (crypto: no rate, no default: 0).
    # IB-F override fixed {fx_major 1.5, default 1.0}: 3 x 1.5 + 1 x 1.0 = 5.50 (whatever IB-F2 earns).
    assert_statement(built, "IB-F2", "2026-06-01", lot_rebate="21", total="21")
    assert_statement(built, "IB-F", "2026-06-01", ib_override="5.50", total="5.50")


def test_lot_amendment_mid_month_and_mt4_re_export(built: Built) -> None:
    # IB-A v1 {fx_major 5} until 15 Jun (exclusive), v2 {fx_major 7}: 1 lot closed 10 Jun (v1) -> 5;
    # 1 lot closed 20 Jun (v2) and ticket 8003 closed 21 Jun, exported with VOLUME 300 then re-exported
    # (later MODIFY_TIME, the latest wins) with VOLUME 100 = 1 lot (v2): 2 x 7 = 14. Total 19.
    assert sorted(
        (ln["deal_version"], ln["amount"]) for ln in built.lines("IB-A", "2026-06-01", "lot_rebate")
    ) == [(1, D("5.00")), (2, D("14.00"))]
    assert_statement(built, "IB-A", "2026-06-01", lot_rebate="19", total="19")


def test_forex_cpa_counts_closed_lots_and_ignores_casino_wagering(built: Built) -> None:
    # IB-C (USD): CPA 200, min FTD 50, min_wagered 200 (casino stakes: ignored on a forex brand),
    # min_lots 1, window 30. T-C: reg 1 Jun, deposit 100 on 1 Jun, 0.5 lot closed 5 Jun + 0.5 on 10 Jun
    # = 1 lot on 10 Jun -> qualifies 10 Jun -> 200 in June. T-C2: its lot closes 2 Jul = day 31 -> none.
    assert [(ln["customer_id"], ln["amount"]) for ln in built.lines("IB-C", None, "cpa")] == [
        ("T-C", D("200.00"))
    ]
    assert_statement(built, "IB-C", "2026-06-01", cpa="200", total="200", currency="USD")


# ---- 9. Prop (RULES.md example: 20%, repeat 10%, clawback 30 days) -------------------------------
def test_prop_first_purchase_reset_and_refund_in_window(built: Built) -> None:
    # X-P1: purchase O-1 300 on 2 May -> 0.20 x 300 = 60; reset O-2 80 on 20 May -> 0.10 x 80 = 8;
    # refund of O-1 on 25 May (23 days) -> -60. O-1 also arrives re-exported in a .jsonl: counted once.
    # X-P5: first purchase O-12 200 on 3 May -> 40; a PARTIAL refund of 50 on 10 May claws back exactly the
    # commission O-12 earned -> -40 (not 50 x 20% = -10).
    # X-P6: first purchase O-15 100 GBP on 15 May = 100 x 1.50 / 1 = 150 USD x 20% = 30; refunded 25 May
    # (GBP now 1.375): claws back exactly the 30 it earned (not 137.50 x 20% = 27.50).
    # May: challenge 60 + 8 + 40 + 30 = 138, clawback -60 - 40 - 30 = -130, total 8.
    assert_statement(
        built,
        "P-PROP",
        "2026-05-01",
        challenge="138",
        challenge_clawback="-130",
        total="8",
        currency="USD",
    )


def test_prop_refund_after_window_claws_back_nothing(built: Built) -> None:
    # refund of the reset O-2 on 28 Jun = 39 days after 20 May > 30 -> nothing in June.
    assert built.total("P-PROP", "2026-06-01", "challenge_clawback") == 0
    row = built.statement("P-PROP", "2026-06-01")
    assert not row or row["total"] == 0


def test_prop_14_day_window_boundary_and_currency(built: Built) -> None:
    # P-PROP14: rate 15%, no repeat_rate (= rate), clawback 14 days.
    # X-P2: purchase O-5 200 (1 May) -> 30; purchase O-6 100 (3 May, a repeat at 15%) -> 15;
    #   refund of O-5 on 15 May = day 14 (included) -> -30; chargeback of O-6 on 18 May = day 15 -> nothing.
    # X-P3: purchase O-9 100 EUR on 12 May = 100 x 1.25 / 1 = 125 USD x 0.15 = 18.75.
    # X-P4: purchase O-10 100 USD on 20 May 08:00 -> 15.
    # May: challenge 30 + 15 + 18.75 + 15 = 78.75; clawback -30; total 48.75.
    assert_statement(
        built, "P-PROP14", "2026-05-01", challenge="78.75", challenge_clawback="-30", total="48.75"
    )


def test_prop_window_counts_calendar_days(built: Built) -> None:
    # X-P4: refund of O-10 on 3 Jun 20:00 = day 14 by date (14.5 x 24 h) -> included: -15 in June.
    assert_statement(built, "P-PROP14", "2026-06-01", challenge_clawback="-15", total="-15")


# ---- 7. Sub-affiliates -------------------------------------------------------------------------
def test_master_gets_its_share_of_the_sub_total(built: Built) -> None:
    # P-SUB (sub of P-MST) May: NGR 2,000 - 400 = 1,600 x 25% = 400 -> P-MST 10% x 400 = 40.
    # P-SUB2 (sub of P-MST, carryover on) May: NGR 200 - 1,000 = -800 -> gross -200, revshare 0: its total
    # is 0 -> 0 to the master. P-SUBSUB (sub of P-SUB) earns 400 x 25% = 100, but only direct subs
    # count (one level) and P-SUB has no sub_partner terms: nothing to P-MST or P-SUB from it.
    # P-MST's deal names no brand: it applies to B-CAS, the brand it works.
    assert_statement(
        built, "P-MST", "2026-05-01", brand="B-CAS", sub_partner="40", total="40", currency="EUR"
    )
    assert_statement(
        built, "P-SUB", "2026-05-01", revshare_gross="400", revshare="400", total="400"
    )
    assert_statement(
        built, "P-SUBSUB", "2026-05-01", revshare_gross="100", revshare="100", total="100"
    )


def test_master_share_after_the_subs_carryover(built: Built) -> None:
    # P-SUB2 June: NGR 2,500 - 500 = 2,000 -> gross 500; adjusted 500 - 200 = 300 -> revshare 300
    # -> P-MST 10% x 300 = 30 (after the sub's carryover).
    assert_statement(
        built,
        "P-SUB2",
        "2026-06-01",
        revshare_gross="500",
        carryover_in="-200",
        revshare="300",
        total="300",
    )
    assert_statement(built, "P-MST", "2026-06-01", sub_partner="30", total="30")


def test_master_share_in_its_own_deal_currency_and_a_negative_sub_month(built: Built) -> None:
    # P-SUBU (USD deal, sub of P-MSTU whose deal is in EUR) May: X-U1 purchase 500 USD x 20% = 100 USD
    # -> P-MSTU: 100 USD x 1 / 1.25 = 80 EUR x 10% = 8.00 EUR.
    # June: refund of that order on 5 Jun (26 days <= 30) -> P-SUBU clawback -100 USD, its total -100;
    # RULES.md: the master gets a share of the sub's monthly commission total -> 10% x (-80 EUR) = -8.00.
    assert_statement(built, "P-SUBU", "2026-05-01", challenge="100", total="100")
    assert_statement(built, "P-SUBU", "2026-06-01", challenge_clawback="-100", total="-100")
    assert_statement(built, "P-MSTU", "2026-05-01", sub_partner="8", total="8", currency="EUR")
    assert_statement(built, "P-MSTU", "2026-06-01", sub_partner="-8", total="-8")
