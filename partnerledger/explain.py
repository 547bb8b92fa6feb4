"""`partnerledger explain`: the full chain behind one partner's month, as plain text.

Reads `<home>/warehouse.duckdb` read-only (the build's own file; run it when no build runs):
partner header, the deal versions in force in the month with their terms, every commission
line grouped by brand and component (basis, rate, amount, explanation, source), the source
events behind them, per-component sums that add up to the statement row, the revshare
carryover, and the approvals and adjustments recorded for the month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from partnerledger.paths import Home

COMPONENTS = (
    "cpa",
    "revshare",
    "lot_rebate",
    "spread_share",
    "challenge",
    "challenge_clawback",
    "sub_partner",
    "ib_override",
    "adjustment",
)
STATEMENT_FIGURE = {c: ("revshare_gross" if c == "revshare" else c) for c in COMPONENTS}
TERM_GROUPS = ("cpa", "revshare", "lot_rebate", "spread_share", "challenge", "sub_partner")


class ExplainError(Exception):
    """The partner, the month or the warehouse cannot be explained (the message says why)."""


def parse_month(month: str) -> date:
    """'YYYY-MM' (or 'YYYY-MM-DD', any day) -> the first day of that month."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ExplainError(f"month {month!r} is not YYYY-MM (e.g. 2026-05)")
    return date(int(m.group(1)), int(m.group(2)), 1)


def _month_end(first: date) -> date:
    return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


class _Warehouse:
    """Thin read-only access that tolerates models another domain has not built."""

    def __init__(self, path: Path) -> None:
        self.con = duckdb.connect(str(path), read_only=True)
        self.tables = {
            (s, t)
            for s, t in self.con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }

    def has(self, schema: str, table: str) -> bool:
        return (schema, table) in self.tables

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return (
            f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
        )
    return str(value)


def _money(value: Any) -> str:
    return "-" if value is None else f"{Decimal(value):,.2f}"


def _table(rows: list[dict[str, Any]], columns: Sequence[str], indent: str = "    ") -> list[str]:
    if not rows:
        return [indent + "(none)"]
    cells = [[_fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    out = [indent + "  ".join(c.ljust(w) for c, w in zip(columns, widths))]
    out += [indent + "  ".join(v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    return out


def _terms(version: dict[str, Any]) -> str:
    parts = []
    for group in TERM_GROUPS:
        if not version.get(f"has_{group}"):
            continue
        fields = [
            f"{k[len(group) + 1 :]}={_fmt(v)}"
            for k, v in version.items()
            if k.startswith(group + "_") and v is not None
        ]
        parts.append(f"{group}({', '.join(fields)})" if fields else group)
    return "; ".join(parts) or "no terms"


def explain(partner_id: str, month: str, home: Home) -> str:
    """The full chain behind `partner_id`'s commissions in `month` ('YYYY-MM'), as text.

    Raises ExplainError when the warehouse is missing, the partner is unknown, or the partner
    has no statement and no commission line in the month.
    """
    first = parse_month(month)
    last = _month_end(first)
    label = f"{first:%Y-%m}"
    if not Path(home.warehouse).exists():
        raise ExplainError(f"no warehouse at {home.warehouse}: run `partnerledger build` first")
    wh = _Warehouse(home.warehouse)
    try:
        return "\n".join(_explain(wh, partner_id, first, last, label, home))
    finally:
        wh.close()


def _explain(
    wh: _Warehouse, partner_id: str, first: date, last: date, label: str, home: Home
) -> list[str]:
    for needed in ("dim_partners", "fct_commission_lines", "fct_partner_monthly_statement"):
        if not wh.has("marts", needed):
            raise ExplainError(
                f"marts.{needed} is missing from {home.warehouse}: the build did not finish"
            )
    partner = wh.rows("select * from marts.dim_partners where partner_id = ?", [partner_id])
    if not partner:
        raise ExplainError(
            f"partner {partner_id!r} is not in marts.dim_partners ({home.warehouse})"
        )
    p = partner[0]
    statements = wh.rows(
        "select * from marts.fct_partner_monthly_statement where partner_id = ? and period_month = ? "
        "order by brand_id, currency",
        [partner_id, first],
    )
    lines = wh.rows(
        "select * from marts.fct_commission_lines where partner_id = ? and period_month = ? "
        "order by brand_id, component, deal_id, deal_version, customer_id nulls first, "
        "symbol_group nulls first, line_id",
        [partner_id, first],
    )
    if not statements and not lines:
        months = wh.rows(
            "select distinct cast(period_month as varchar) as m from marts.fct_partner_monthly_statement "
            "where partner_id = ? order by m",
            [partner_id],
        )
        known = ", ".join(r["m"][:7] for r in months) or "none"
        raise ExplainError(
            f"partner {partner_id} has no statement and no commission line in {label} "
            f"(months with a statement: {known})"
        )

    out = [f"Partner {p['partner_id']} - {p['display_name']} ({p['partner_type']}, {p['status']})"]
    tree = (
        "top-level partner"
        if not p.get("parent_partner_id")
        else (
            f"sub-partner of {p['parent_partner_id']} (root {p['root_partner_id']}, depth {p['tree_depth']})"
        )
    )
    out += [
        f"  {tree}; payout currency {p['payout_currency']}, threshold {_money(p['payout_threshold'])}",
        f"Month {label} ({first} to {last})",
        "",
    ]

    out += _deal_section(wh, partner_id, first, last)
    brands = sorted({s["brand_id"] for s in statements} | {ln["brand_id"] for ln in lines})
    for brand in brands:
        out += _brand_section(
            wh,
            partner_id,
            brand,
            first,
            last,
            [s for s in statements if s["brand_id"] == brand],
            [ln for ln in lines if ln["brand_id"] == brand],
        )
    out += _approvals_section(home, partner_id, label, lines)
    return out


def _deal_section(wh: _Warehouse, partner_id: str, first: date, last: date) -> list[str]:
    out = ["Deal versions in force in the month"]
    if not wh.has("intermediate", "int_deal_versions"):
        return out + ["    (int_deal_versions not built)", ""]
    versions = wh.rows(
        "select * from intermediate.int_deal_versions where partner_id = ? and valid_from <= ? "
        "and (valid_to is null or valid_to > ?) order by brand_id, valid_from",
        [partner_id, last, first],
    )
    if not versions:
        out.append("    (none)")
    for v in versions:
        until = f"until {v['valid_to']}" if v["valid_to"] else "open"
        scope = "all-brand" if v["is_all_brand"] else "brand-specific"
        out.append(
            f"  {v['brand_id']}: {v['deal_id']} v{v['deal_version']} ({scope}, {v['currency']}) "
            f"in force {v['valid_from']} {until}; by {v.get('created_by') or '-'}, "
            f"reason: {v.get('reason') or '-'}"
        )
        out.append(f"      terms: {_terms(v)}")
        if wh.has("staging", "stg_ops__deal_tiers") and v.get("has_revshare"):
            tiers = wh.rows(
                "select tier_no, tier_from, rate from staging.stg_ops__deal_tiers "
                "where deal_id = ? and deal_version = ? order by tier_no",
                [v["deal_id"], v["deal_version"]],
            )
            if tiers:
                out.append(
                    "      revshare tiers: "
                    + ", ".join(f"from {_fmt(t['tier_from'])} -> {_fmt(t['rate'])}" for t in tiers)
                )
        if wh.has("staging", "stg_ops__deal_rates") and v.get("has_lot_rebate"):
            rates = wh.rows(
                "select rate_kind, symbol_group, rate from staging.stg_ops__deal_rates "
                "where deal_id = ? and deal_version = ? order by rate_kind, symbol_group",
                [v["deal_id"], v["deal_version"]],
            )
            if rates:
                out.append(
                    "      lot rates: "
                    + ", ".join(
                        f"{r['rate_kind']} {r['symbol_group']} {_fmt(r['rate'])}" for r in rates
                    )
                )
    return out + [""]


def _brand_section(
    wh: _Warehouse,
    partner_id: str,
    brand: str,
    first: date,
    last: date,
    statements: list[dict[str, Any]],
    lines: list[dict[str, Any]],
) -> list[str]:
    out = [f"Brand {brand}", ""]
    for component in COMPONENTS:
        comp_lines = [ln for ln in lines if ln["component"] == component]
        if not comp_lines:
            continue
        total = sum((ln["amount"] or Decimal(0)) for ln in comp_lines)
        out.append(
            f"  {component}: {len(comp_lines)} line(s), sum {_money(total)} {comp_lines[0]['currency']}"
        )
        for ln in comp_lines:
            who = " ".join(x for x in (ln.get("customer_id"), ln.get("symbol_group")) if x)
            out.append(
                f"    - {_money(ln['amount'])} {ln['currency']} = {_fmt(ln['basis_amount'])} "
                f"{ln['basis_unit']} x {_fmt(ln['rate'])} (deal {ln['deal_id']} v{ln['deal_version']})"
                + (f" [{who}]" if who else "")
            )
            out.append(f"      {ln['explanation']}")
            out.append(
                f"      source: {ln.get('source_ref') or '-'} ({ln.get('source_count') or 0} row(s))"
            )
        out += _source_events(wh, component, partner_id, brand, first, last, comp_lines)
        out.append("")

    out.append("  Statement")
    if not statements:
        out.append("    (no statement row)")
    for s in statements:
        out.append(f"    currency {s['currency']}")
        for component in COMPONENTS:
            figure = STATEMENT_FIGURE[component]
            line_sum = sum(
                (ln["amount"] or Decimal(0))
                for ln in lines
                if ln["component"] == component and ln["currency"] == s["currency"]
            )
            check = "" if line_sum == s[figure] else f"  (lines sum {_money(line_sum)}: MISMATCH)"
            out.append(f"    {figure:<20}{_money(s[figure]):>14}{check}")
            if component == "revshare":
                out.append(f"    {'carryover_in':<20}{_money(s['carryover_in']):>14}")
                out.append(
                    f"    {'revshare (paid)':<20}{_money(s['revshare']):>14}"
                    "   = max(0, revshare_gross + carryover_in)"
                )
                out.append(
                    f"    {'carryover_out':<20}{_money(s['carryover_out']):>14}"
                    "   -> next month's carryover_in"
                )
        out.append(f"    {'total':<20}{_money(s['total']):>14}   = sum of the payable components")
    return out + [""]


def _customers(lines: list[dict[str, Any]]) -> list[str]:
    return sorted({ln["customer_id"] for ln in lines if ln.get("customer_id")})


def _source_events(
    wh: _Warehouse,
    component: str,
    partner_id: str,
    brand: str,
    first: date,
    last: date,
    lines: list[dict[str, Any]],
) -> list[str]:
    """The rows behind a component's lines, from the models that priced them (when built)."""
    out: list[str] = []
    customers = _customers(lines)
    if component == "cpa" and customers and wh.has("intermediate", "int_cpa_qualifications"):
        rows = wh.rows(
            "select customer_id, registration_date, ftd_date, ftd_amount_deal, qualified_on, "
            "days_after_registration, deal_id, deal_version, cpa_amount from intermediate.int_cpa_qualifications "
            f"where brand_id = ? and customer_id in ({', '.join('?' * len(customers))}) order by customer_id",
            [brand, *customers],
        )
        out += [
            "    source events (qualification per customer):",
            *_table(rows, list(rows[0]) if rows else ["customer_id"], "      "),
        ]
    elif (
        component == "revshare"
        and wh.has("staging", "stg_brand__casino_activity")
        and wh.has("intermediate", "int_customers_attributed")
    ):
        rows = wh.rows(
            "select a.customer_id, a.currency, sum(a.stakes) as stakes, sum(a.payouts) as payouts, "
            "sum(a.stakes - a.payouts) as ggr, sum(a.bonus_cost) as bonus_cost, "
            "sum(a.jackpot_contribution) as jackpot, sum(a.gaming_tax) as tax, sum(a.chargebacks) as chargebacks, "
            "count(*) as activity_rows "
            "from staging.stg_brand__casino_activity a join intermediate.int_customers_attributed c "
            "on a.customer_id = c.customer_id and a.brand_id = c.brand_id "
            "where c.partner_id = ? and a.brand_id = ? and c.earns_commission "
            "and a.activity_date between ? and ? group by a.customer_id, a.currency order by a.customer_id",
            [partner_id, brand, first, last],
        )
        out += [
            "    source events (activity per customer, brand currency; NGR deductions per ngr_rules):",
            *_table(rows, list(rows[0]) if rows else ["customer_id"], "      "),
        ]
        if wh.has("intermediate", "int_casino_ngr_daily"):
            ngr = wh.rows(
                "select deal_id, deal_version, deal_currency, sum(ngr) as ngr, sum(ggr) as ggr, "
                "sum(admin_fee) as admin_fee, max(customer_count) as max_customers_a_day "
                "from intermediate.int_casino_ngr_daily where partner_id = ? and brand_id = ? "
                "and activity_date between ? and ? group by 1, 2, 3 order by 1, 2",
                [partner_id, brand, first, last],
            )
            out += [
                "    NGR of the month in the deal currency:",
                *_table(ngr, list(ngr[0]) if ngr else ["deal_id"], "      "),
            ]
    elif component in ("lot_rebate", "spread_share", "ib_override") and wh.has(
        "intermediate", "int_lots_attributed_daily"
    ):
        rows = wh.rows(
            "select symbol_group, deal_id, deal_version, sum(lots) as closed_lots, "
            "sum(rebate_lots) as rebate_lots, sum(trades) as trades, sum(unmatched_trades) as unmatched "
            "from intermediate.int_lots_attributed_daily where partner_id = ? and brand_id = ? "
            "and close_date between ? and ? group by 1, 2, 3 order by 1",
            [partner_id, brand, first, last],
        )
        if rows:
            out += [
                "    source events (closed lots of own customers per symbol group):",
                *_table(rows, list(rows[0]), "      "),
            ]
    elif component in ("challenge", "challenge_clawback") and wh.has(
        "staging", "stg_brand__prop_orders"
    ):
        order_ids = sorted(
            {m for ln in lines for m in re.findall(r"[\w.-]+", ln.get("source_ref") or "")}
            - {"prop_orders", "refers", "to"}
        )
        if order_ids:
            rows = wh.rows(
                "select order_id, customer_id, kind, amount, currency, refers_to_order_id, occurred_at "
                "from staging.stg_brand__prop_orders where brand_id = ? "
                f"and order_id in ({', '.join('?' * len(order_ids))}) order by occurred_at, order_id",
                [brand, *order_ids],
            )
            out += [
                "    source events (prop orders):",
                *_table(rows, list(rows[0]) if rows else ["order_id"], "      "),
            ]
    elif component == "sub_partner" and wh.has("intermediate", "int_partner_monthly_components"):
        rows = wh.rows(
            "select c.partner_id as sub_partner_id, c.currency, c.cpa, c.revshare, c.lot_rebate, "
            "c.spread_share, c.challenge, c.challenge_clawback, c.ib_override, c.total "
            "from intermediate.int_partner_monthly_components c join staging.stg_ops__partners p "
            "on c.partner_id = p.partner_id where p.parent_partner_id = ? and c.brand_id = ? "
            "and c.period_month = ? order by 1",
            [partner_id, brand, first],
        )
        out += [
            "    source events (direct sub-partners' own totals, before their sub-partner shares):",
            *_table(rows, list(rows[0]) if rows else ["sub_partner_id"], "      "),
        ]
    return out


def _approvals_section(
    home: Home, partner_id: str, label: str, lines: list[dict[str, Any]]
) -> list[str]:
    out = ["Approvals and adjustments"]
    try:
        from partnerledger import ops_store

        decisions_for = getattr(ops_store, "decisions_for", None)
    except ImportError:
        decisions_for = None
    decisions = decisions_for(home.root, partner_id, label) if decisions_for else []
    if not decisions:
        out.append("    no approval decision recorded")
    for d in decisions:
        keys = [k for k in ("at", "actor", "role", "action", "payout_id", "reason") if k in d]
        out.append(
            "    - " + ", ".join(f"{k}: {_fmt(d[k])}" for k in keys) if keys else f"    - {d}"
        )
    adjustments = [ln for ln in lines if ln["component"] == "adjustment"]
    for ln in adjustments:
        out.append(f"    adjustment {_money(ln['amount'])} {ln['currency']}: {ln['explanation']}")
    if not adjustments:
        out.append("    no adjustment line in this month")
    return out
