"""A real dbt build of the forex and prop commission lines on a tiny hand-made warehouse.

Every expected amount is worked by hand from docs/reference/commission-rules.md in the
comment next to it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from forex_warehouse import build_forex_prop, query

D = Decimal


def _partner(pid: str, parent: str | None, ptype: str = "ib") -> dict:
    return {
        "partner_id": pid,
        "display_name": pid,
        "partner_type": ptype,
        "parent_partner_id": parent,
        "status": "active",
        "kyc_status": "verified",
        "payout_currency": "EUR",
        "payout_threshold": 0,
    }


def _deal(deal_id: str, partner: str, brand: str, currency: str, **terms) -> dict:
    return {
        "deal_id": deal_id,
        "version": 1,
        "partner_id": partner,
        "brand_id": brand,
        "effective_from": "2026-01-01",
        "effective_to": None,
        "currency": currency,
        "terms": "{}",
        **terms,
    }


def _rate(deal_id: str, group: str, rate: str, kind: str = "rebate") -> dict:
    return {
        "deal_id": deal_id,
        "version": 1,
        "rate_kind": kind,
        "symbol_group": group,
        "rate": D(rate),
    }


def _mt4(
    ticket: int,
    login: int,
    cmd: int,
    volume: int,
    symbol: str | None,
    opened: str,
    closed: str,
    modified: str,
) -> dict:
    return {
        "ticket": ticket,
        "login": login,
        "symbol": symbol,
        "cmd": cmd,
        "volume": volume,
        "open_time": opened,
        "close_time": closed,
        "modify_time": modified,
        "server": "MT4-1",
    }


def _mt5(
    deal: int,
    action: int,
    entry: int,
    symbol: str | None,
    position: int,
    at: str,
    volume: int,
    closed: int,
) -> dict:
    # a 1-lot round turn as MT5 writes it: Volume in 1/10^4 lot, VolumeExt in 1/10^8 lot;
    # the closed columns only on the exit deal
    return {
        "deal": deal,
        "login": 5001,
        "time": at,
        "symbol": symbol,
        "action": action,
        "entry": entry,
        "volume": volume,
        "volumeext": volume * 10_000,
        "volumeclosed": closed,
        "volumeclosedext": closed * 10_000,
        "positionid": position,
        "server": "MT5-1",
    }


TABLES = {
    "brands": [
        {
            "brand_id": "B-FX",
            "brand_name": "FX",
            "vertical": "forex",
            "currency": "EUR",
            "restricted_countries": "",
        },
        {
            "brand_id": "B-PROP",
            "brand_name": "Prop",
            "vertical": "prop",
            "currency": "USD",
            "restricted_countries": "",
        },
    ],
    "partners": [
        _partner("P-M", None),
        _partner("P-S", "P-M"),
        _partner("P-SS", "P-S"),
        _partner("P-PR", None, "affiliate"),
    ],
    "partner_brands": [
        {"partner_id": p, "brand_id": "B-FX", "status": "active"} for p in ("P-M", "P-S", "P-SS")
    ]
    + [{"partner_id": "P-PR", "brand_id": "B-PROP", "status": "active"}],
    "deals": [
        _deal("D-M", "P-M", "B-FX", "EUR", has_lot_rebate=True, lot_rebate_override="difference"),
        _deal("D-S", "P-S", "B-FX", "EUR", has_lot_rebate=True, lot_rebate_override="difference"),
        _deal(
            "D-SS",
            "P-SS",
            "B-FX",
            "EUR",
            has_lot_rebate=True,
            lot_rebate_override="none",
            has_spread_share=True,
            spread_share_rate=D("0.10"),
        ),
        _deal(
            "D-PR",
            "P-PR",
            "B-PROP",
            "USD",
            has_challenge=True,
            challenge_rate=D("0.20"),
            challenge_repeat_rate=D("0.10"),
            challenge_clawback_days=30,
        ),
    ],
    "deal_rates": [
        _rate("D-M", "fx_major", "9"),
        _rate("D-M", "default", "4"),
        _rate("D-S", "fx_major", "6"),
        _rate("D-S", "default", "4"),
        _rate("D-SS", "fx_major", "5"),
    ],
    "symbols": [
        {
            "symbol": "EURUSD",
            "symbol_group": "fx_major",
            "contract_size": D("100000"),
            "markup_per_lot_usd": D("5"),
        },
        {
            "symbol": "BTCUSD",
            "symbol_group": "crypto",
            "contract_size": D("1"),
            "markup_per_lot_usd": D("20"),
        },
    ],
    "fx_rates": [
        {"rate_date": "2026-04-01", "currency": "EUR", "usd_per_unit": D("1.25")},
        {"rate_date": "2026-04-01", "currency": "USD", "usd_per_unit": D("1")},
    ],
    "customers": [
        {
            "customer_id": "C-1",
            "brand_id": "B-FX",
            "registered_at": "2026-04-01 09:00:00",
            "country": "DE",
            "kyc_status": "verified",
            "btag": "P-SS",
            "is_test": False,
        },
        {
            "customer_id": "C-T",
            "brand_id": "B-FX",
            "registered_at": "2026-04-01 09:00:00",
            "country": "DE",
            "kyc_status": "verified",
            "btag": "P-SS",
            "is_test": True,
        },
        {
            "customer_id": "C-P",
            "brand_id": "B-PROP",
            "registered_at": "2026-04-01 09:00:00",
            "country": "DE",
            "kyc_status": "verified",
            "btag": "P-PR",
            "is_test": False,
        },
    ],
    "trading_accounts": [
        {
            "platform": "mt4",
            "server": "MT4-1",
            "login": 1001,
            "customer_id": "C-1",
            "brand_id": "B-FX",
            "currency": "USD",
        },
        {
            "platform": "mt4",
            "server": "MT4-1",
            "login": 1002,
            "customer_id": "C-T",
            "brand_id": "B-FX",
            "currency": "USD",
        },
        {
            "platform": "mt5",
            "server": "MT5-1",
            "login": 5001,
            "customer_id": "C-1",
            "brand_id": "B-FX",
            "currency": "USD",
        },
    ],
    "mt4_trades": [
        # ticket 1 exported open, then re-exported closed: one lot (VOLUME 100 / 100), once
        _mt4(
            1,
            1001,
            0,
            100,
            "EURUSD.",
            "2026-05-10 10:00:00",
            "1970-01-01 00:00:00",
            "2026-05-10 10:00:00",
        ),
        _mt4(
            1,
            1001,
            0,
            100,
            "EURUSD.",
            "2026-05-10 10:00:00",
            "2026-05-10 11:00:00",
            "2026-05-10 11:00:00",
        ),
        _mt4(
            2,
            1001,
            2,
            500,
            "EURUSD",
            "2026-05-10 10:00:00",
            "2026-05-10 12:00:00",
            "2026-05-10 12:00:00",
        ),  # cancelled pending
        _mt4(
            3, 1001, 6, 0, None, "2026-05-09 10:00:00", "2026-05-09 10:00:00", "2026-05-09 10:00:00"
        ),  # balance
        _mt4(
            4,
            1001,
            1,
            300,
            "EURUSD",
            "2026-05-12 10:00:00",
            "1970-01-01 00:00:00",
            "2026-05-12 10:00:00",
        ),  # open
        _mt4(
            5,
            1002,
            0,
            300,
            "EURUSD",
            "2026-05-10 10:00:00",
            "2026-05-10 11:00:00",
            "2026-05-10 11:00:00",
        ),  # test customer
    ],
    "mt5_deals": [
        _mt5(10, 0, 0, "EURUSD", 77, "2026-05-11 09:00:00", 10000, 0),
        _mt5(11, 1, 1, "EURUSD", 77, "2026-05-11 09:30:00", 10000, 10000),
        _mt5(12, 0, 0, "BTCUSD", 78, "2026-05-11 10:00:00", 10000, 0),
        _mt5(13, 1, 1, "BTCUSD", 78, "2026-05-11 10:30:00", 10000, 10000),
        _mt5(14, 2, 0, None, 0, "2026-05-11 08:00:00", 0, 0),  # balance
    ],
    "prop_orders": [
        {
            "order_id": "O-1",
            "customer_id": "C-P",
            "brand_id": "B-PROP",
            "kind": "purchase",
            "amount": D("300"),
            "currency": "USD",
            "occurred_at": "2026-05-02 10:00:00",
        },
        {
            "order_id": "O-2",
            "customer_id": "C-P",
            "brand_id": "B-PROP",
            "kind": "reset",
            "amount": D("80"),
            "currency": "USD",
            "occurred_at": "2026-05-20 10:00:00",
        },
        {
            "order_id": "R-1",
            "customer_id": "C-P",
            "brand_id": "B-PROP",
            "kind": "refund",
            "amount": D("300"),
            "currency": "USD",
            "refers_to_order_id": "O-1",
            "occurred_at": "2026-05-25 10:00:00",
        },
        {
            "order_id": "R-2",
            "customer_id": "C-P",
            "brand_id": "B-PROP",
            "kind": "refund",
            "amount": D("80"),
            "currency": "USD",
            "refers_to_order_id": "O-2",
            "occurred_at": "2026-06-28 10:00:00",
        },
    ],
}


def test_forex_and_prop_lines_follow_the_rules_examples(raw_warehouse, tmp_path: Path) -> None:
    warehouse = raw_warehouse(TABLES)
    build_forex_prop(warehouse, tmp_path)

    # Closed lots of C-1: MT4 ticket 1 (once, 1 lot EURUSD. -> EURUSD), MT5 exits 11 and 13
    # (1 lot each, from VolumeClosedExt 100000000 / 10^8); pending, balance and open rows none.
    lots = query(
        warehouse,
        "select platform, trade_ref, symbol_group, lots from intermediate.int_lots_closed "
        "where customer_id = 'C-1' order by platform, trade_ref",
    )
    assert lots == [
        ("mt4", 1, "fx_major", D("1")),
        ("mt5", 11, "fx_major", D("1")),
        ("mt5", 13, "crypto", D("1")),
    ]

    lines = query(
        warehouse,
        "select partner_id, component, symbol_group, basis_amount, rate, amount, currency "
        "from intermediate.int_commission_lines_forex order by partner_id, component, symbol_group",
    )
    assert lines == [
        # master: fx_major 2 x (9 - max(5, 6)) = 6.00; crypto 1 x (4 - max(0, 4)) = 0: no line
        ("P-M", "ib_override", "fx_major", D("2"), D("3"), D("6.00"), "EUR"),
        # sub-IB: crypto 1 x (4 - 0) = 4.00; fx_major 2 x (6 - 5) = 2.00
        ("P-S", "ib_override", "crypto", D("1"), D("4"), D("4.00"), "EUR"),
        ("P-S", "ib_override", "fx_major", D("2"), D("1"), D("2.00"), "EUR"),
        # sub-sub-IB rebate: fx_major 2 x 5 = 10.00; crypto has no rate and no default: no line
        ("P-SS", "lot_rebate", "fx_major", D("2"), D("5"), D("10.00"), "EUR"),
        # spread share 0.10: crypto 1 lot x 20 USD / 1.25 = 16 EUR x 0.10 = 1.60
        ("P-SS", "spread_share", "crypto", D("16"), D("0.1"), D("1.60"), "EUR"),
        # fx_major 2 lots x 5 USD = 10 USD / 1.25 = 8 EUR x 0.10 = 0.80
        ("P-SS", "spread_share", "fx_major", D("8"), D("0.1"), D("0.80"), "EUR"),
    ]

    prop = query(
        warehouse,
        "select period_month, component, customer_id, basis_amount, rate, amount, source_ref "
        "from intermediate.int_commission_lines_prop order by period_month, component, source_ref",
    )
    may = prop[0][0]
    assert prop == [
        # first purchase 300 x 0.20 = 60.00; reset 80 x 0.10 = 8.00
        (may, "challenge", "C-P", D("300"), D("0.2"), D("60.00"), "prop_orders O-1"),
        (may, "challenge", "C-P", D("80"), D("0.1"), D("8.00"), "prop_orders O-2"),
        # refund of O-1 after 23 days (window 30): -60.00 in May; refund of O-2 after 39 days: nothing
        (
            may,
            "challenge_clawback",
            "C-P",
            D("-300"),
            D("0.2"),
            D("-60.00"),
            "prop_orders R-1 refers to O-1",
        ),
    ]
    assert str(may) == "2026-05-01"
