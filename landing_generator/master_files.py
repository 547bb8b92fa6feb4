"""The ops/ files: brands, partners, partner brands, deals (YAML plus a JSON extra), symbols,
FX rates and NGR rules. Small tables, built row by row from the World."""

from __future__ import annotations

import pyarrow as pa

from landing_generator.world import BRANDS, SYMBOLS, World
from landing_generator.writers import LandingWriter

# NGR rules: the casino charges a 5% admin fee; the sportsbook does not deduct bonuses.
NGR_RULES = (
    {
        "brand_id": "B-CASINO",
        "admin_fee_rate": "0.05",
        "deduct_bonuses": "true",
        "deduct_jackpot": "true",
        "deduct_tax": "true",
        "deduct_chargebacks": "true",
    },
    {
        "brand_id": "B-SPORT",
        "admin_fee_rate": "0",
        "deduct_bonuses": "false",
        "deduct_jackpot": "true",
        "deduct_tax": "true",
        "deduct_chargebacks": "true",
    },
)


def _cols(rows: list[dict]) -> dict[str, pa.Array]:
    return {k: pa.array([r[k] for r in rows], pa.string()) for k in rows[0]}


def write_master_data(w: LandingWriter, world: World) -> None:
    w.table(
        "brands",
        "ops",
        "brands",
        _cols(
            [
                {
                    "brand_id": b.brand_id,
                    "brand_name": b.name,
                    "vertical": b.vertical,
                    "currency": b.currency,
                    "restricted_countries": ";".join(b.restricted) or None,
                }
                for b in BRANDS
            ]
        ),
    )
    w.table(
        "partners",
        "ops",
        "partners",
        _cols(
            [
                {
                    "partner_id": p.partner_id,
                    "display_name": p.display_name,
                    "partner_type": p.partner_type,
                    "parent_partner_id": p.parent,
                    "person_key": p.person_key,
                    "country": p.country,
                    "email": f"{p.partner_id.lower()}@partners.example",
                    "status": p.status,
                    "kyc_status": p.kyc_status,
                    "joined_at": p.joined_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "payout_currency": p.payout_currency,
                    "payout_threshold": p.payout_threshold,
                }
                for p in world.partners
            ]
        ),
    )
    pb_status = {"terminated": "closed", "suspended": "paused"}
    w.table(
        "partner_brands",
        "ops",
        "partner_brands",
        _cols(
            [
                {
                    "partner_id": p.partner_id,
                    "brand_id": b,
                    "joined_at": p.joined_at.strftime("%Y-%m-%d %H:%M:%S"),
                    "status": pb_status.get(p.status, "active"),
                    "coupon_codes": ";".join(codes) or None,
                }
                for p in world.partners
                for b, codes in p.brands.items()
            ]
        ),
    )
    # Most deal versions in YAML; the last few deals' versions also arrive as a JSON array, the way a
    # second export (another team, another tool) would drop them.
    extra_ids = {d["deal_id"] for d in world.deals[-3:]}
    w.documents(
        "deals", "ops", "deals.yaml", [d for d in world.deals if d["deal_id"] not in extra_ids]
    )
    w.documents(
        "deals", "ops", "deals_extra.json", [d for d in world.deals if d["deal_id"] in extra_ids]
    )
    w.table(
        "symbols",
        "ops",
        "symbols",
        _cols(
            [
                {"symbol": s, "symbol_group": g, "contract_size": c, "markup_per_lot_usd": m}
                for s, g, c, m in SYMBOLS
            ]
        ),
    )
    w.table(
        "fx_rates",
        "ops",
        "fx_rates",
        _cols(
            [
                {"rate_date": day.isoformat(), "currency": cur, "usd_per_unit": rates[i]}
                for i, day in enumerate(world.fx_days)
                for cur, rates in world.fx.items()
            ]
        ),
    )
    w.table("ngr_rules", "ops", "ngr_rules", _cols(list(NGR_RULES)))
