"""`partnerledger generate`: a realistic, deterministic landing zone for demos, tests and benchmarks.

The generator plays the source systems (brands, tracking, trading servers, the ops team): it
writes landing files as they would, and nothing of the pipeline imports it.

generate(out, scale, seed) writes every entity of docs/reference/landing-contract.md into
<out>/ops|tracking|brand|trading/, month by month (so memory stays bounded by one month),
with ~0.5% deliberately bad rows in the event files, and a `_manifest.json` of the rows and
bad rows written per entity (files starting with `_` are not landing files).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from landing_generator import formats as F
from landing_generator import igaming, tracking
from landing_generator.customers import CH_CLICK, Population, customers_table, register
from landing_generator.forex import Trading
from landing_generator.master_files import write_master_data
from landing_generator.prop import PropOrders
from landing_generator.world import BRANDS, build_world
from landing_generator.writers import LandingWriter

__all__ = ["SCALES", "generate"]

# unit multiplies every monthly volume; partners is the partner count.
SCALES: dict[str, dict] = {
    "tiny": {"unit": 1, "partners": 40, "months": 4},
    "small": {"unit": 60, "partners": 300, "months": 6},
    "medium": {"unit": 270, "partners": 1000, "months": 12},
    "large": {"unit": 2700, "partners": 3000, "months": 12},
}
# New customers per brand and background clicks per month, per unit.
NEW_CUSTOMERS = {"B-CASINO": 40, "B-SPORT": 30, "B-FX": 20, "B-PROP": 20}
CLICKS_PER_UNIT = 400
FTD_PROBABILITY = {"igaming": 0.65, "forex": 0.55, "prop": 0.85}
FTD_MEDIAN = {"igaming": 60, "forex": 300, "prop": 100}
TAX_RATE = {"B-CASINO": 0.0, "B-SPORT": 0.15}
TRADES_PER_MONTH = 12  # positions per active trader and month, before churn and value


def _concat(parts: list[dict[str, pa.Array]]) -> dict[str, pa.Array]:
    parts = [p for p in parts if p and len(next(iter(p.values())))]
    if not parts:
        return {}
    return {k: pa.concat_arrays([p[k] for p in parts]) for k in parts[0]}


def generate(
    out: Path,
    scale: str = "tiny",
    seed: int = 42,
    months: int | None = None,
    progress: Callable[[str], None] | None = print,
) -> dict[str, int]:
    """Write a landing zone into `out`; returns rows written per entity (bad rows included)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    cfg = SCALES[scale]
    months = months or cfg["months"]
    say = progress or (lambda _msg: None)
    out = Path(out)
    # Independent streams: the world, the facts and the bad rows do not shift each other.
    root = np.random.SeedSequence(seed)
    rng_world, rng, rng_bad = (np.random.default_rng(s) for s in root.spawn(3))
    world = build_world(rng_world, months, cfg["partners"])
    w = LandingWriter(out, rng_bad)
    write_master_data(w, world)
    say(
        f"generate: {len(world.partners)} partners, {len(world.deals)} deal versions, months "
        f"{world.cal.months[0]:%Y-%m}..{world.cal.months[-1]:%Y-%m} into {out}"
    )

    unit = cfg["unit"]
    pops = {b.brand_id: Population(b.brand_id) for b in BRANDS}
    brand = {b.brand_id: b for b in BRANDS}
    clicks_counter, events_counter = tracking.ClickCounter(), tracking.ClickCounter()
    tx_counter = {b.brand_id: 1 for b in BRANDS}
    trading, prop = Trading(), PropOrders()

    for mi, first in enumerate(world.cal.months):
        month = world.cal.month_bounds(mi)
        tag = f"{first:%Y-%m}"
        # 1. registrations and the clicks they came through
        requests, fresh = [], {}
        for b in BRANDS:
            pop = pops[b.brand_id]
            n = int(rng.poisson(NEW_CUSTOMERS[b.brand_id] * unit))
            new, req = register(
                rng,
                world,
                pop,
                n,
                month,
                len(pop) + 1,
                FTD_PROBABILITY[b.vertical],
                FTD_MEDIAN[b.vertical],
            )
            new["click_no"] = np.full(n, -1, dtype=np.int64)
            new["mt4_login"] = np.full(n, -1, dtype=np.int64)
            new["mt5_login"] = np.full(n, -1, dtype=np.int64)
            fresh[b.brand_id] = np.arange(len(pop), len(pop) + n)
            pop.append(new)
            requests.append((b.brand_id, req))
        clicks = tracking.clicks_table(
            rng, world, [r for _, r in requests], month, CLICKS_PER_UNIT * unit, clicks_counter
        )
        conv = tracking.Conversions()
        cust_parts, acct_parts, pay_parts, casino_parts = [], [], [], []
        for brand_id, req in requests:
            pop, rows = pops[brand_id], fresh[brand_id]
            has = pop["click_req"][rows] >= 0
            pop["click_no"][rows[has]] = req.ids[pop["click_req"][rows[has]]]
            cust_parts.append(customers_table(pop, rows, pop["click_no"][rows], world))
            reg = rows[pop["channel"][rows] == CH_CLICK]
            conv.add(
                "registration",
                brand_id,
                pop["reg_t"][reg] + 5,
                pop.customer_ids(reg),
                click=F.ids("CK", pop["click_no"][reg], 9),
            )
            if brand[brand_id].vertical == "forex":
                acct_parts.append(trading.open_accounts(rng, pop, rows))
        w.table(
            "clicks", "tracking", f"clicks/clicks_{tag}", clicks, "csv.gz" if mi == 0 else "csv"
        )
        w.table("customers", "brand", f"customers/customers_{tag}", _concat(cust_parts))

        # 2. money, play and trading
        for b in BRANDS:
            pop = pops[b.brand_id]
            if b.vertical == "prop":
                cols, t, cust, kind, amount, eur = prop.month(rng, pop, world, month)
                att = (kind == 0) & (pop["partner"][cust] >= 0)
                conv.add(
                    "purchase",
                    b.brand_id,
                    t[att],
                    pop.customer_ids(cust[att]),
                    amount=F.decimal_str(amount[att]),
                    currency=F.pick(("USD", "EUR"), eur[att].astype(np.int64)),
                )
                w.table("prop_orders", "brand", f"prop_orders/prop_orders_{tag}", cols)
                continue
            pays = igaming.payments(rng, pop, month, b.currency, median=FTD_MEDIAN[b.vertical])
            cols, t, cust, kind, status, _ = pays
            cols["transaction_id"] = F.ids(
                "T", np.arange(tx_counter[b.brand_id], tx_counter[b.brand_id] + len(t)), 9
            )
            tx_counter[b.brand_id] += len(t)
            pay_parts.append(cols)
            attributed = pop["partner"][cust] >= 0
            is_ftd = (kind == 0) & (status == 0) & (t == pop["ftd_t"][cust])
            for event, mask in (
                ("ftd", is_ftd & attributed),
                ("deposit", ~is_ftd & (kind == 0) & (status == 0) & attributed & (cust % 3 == 0)),
            ):
                c = cust[mask]
                click_no = pop["click_no"][c]
                conv.add(
                    event,
                    b.brand_id,
                    t[mask] + 2,
                    pop.customer_ids(c),
                    click=F.masked(F.ids("CK", click_no, 9), click_no >= 0),
                    amount=cols["amount"].filter(pa.array(mask)),
                    currency=cols["currency"].filter(pa.array(mask)),
                )
            if b.vertical == "igaming":
                casino_parts.append(
                    igaming.casino_activity(rng, pop, month, b.currency, TAX_RATE[b.brand_id])
                )
            else:
                pos = trading.positions(rng, pop, world, month, TRADES_PER_MONTH)
                w.table(
                    "mt4_trades",
                    "trading",
                    f"mt4/mt4_trades_{tag}",
                    trading.mt4_trades(rng, pop, pos, pays, month),
                )
                w.table(
                    "mt5_deals",
                    "trading",
                    f"mt5/mt5_deals_{tag}",
                    trading.mt5_deals(rng, pop, pos, pays, month, mi % 2 == 1),
                )
        w.table(
            "trading_accounts", "trading", f"accounts/trading_accounts_{tag}", _concat(acct_parts)
        )
        w.table("payments", "brand", f"payments/payments_{tag}", _concat(pay_parts))
        # Casino activity as parquet where it is big, and in the last month of small runs.
        fmt = (
            "parquet" if scale in ("medium", "large") or mi == len(world.cal.months) - 1 else "csv"
        )
        w.table(
            "casino_activity",
            "brand",
            f"casino_activity/casino_activity_{tag}",
            _concat(casino_parts),
            fmt,
        )
        cols, _ = conv.table(rng, events_counter)
        w.table("conversions", "tracking", f"conversions/conversions_{tag}", cols, "jsonl")
        say(f"generate: {tag} done ({sum(w.rows.values()):,} rows so far)")

    w.manifest({"scale": scale, "seed": seed, "months": [f"{m:%Y-%m}" for m in world.cal.months]})
    say(f"generate: wrote {sum(w.rows.values()):,} rows, {sum(w.bad.values()):,} deliberately bad")
    return dict(sorted(w.rows.items()))
