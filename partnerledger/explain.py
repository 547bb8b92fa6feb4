"""`partnerledger explain`: the full chain behind one partner's month, as plain text.

Reads `<home>/warehouse.duckdb` read-only (the build's own file; run it when no build runs),
and only its marts: partner header (dim_partners), the deal versions in force in the month
with their terms (dim_deal_versions), every commission line grouped by brand and component
(fct_commission_lines: basis, rate, amount, explanation, source), the source events behind
them (fct_commission_line_sources), the statement row with its carryover
(fct_partner_monthly_statement), and the approvals and adjustments recorded for the month.

Nothing here re-derives a rule: the identities a statement obeys (components = line sums,
total = sum of the payable components, the carryover chain) are dbt's tests, which gate
every build; the explanation shows the published figures side by side.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import ops_store, vocabulary
from partnerledger.paths import Home

# Columns of marts.fct_commission_line_sources shown for source events, with their headings
# (a column empty for every event of a component is left out).
SOURCE_COLUMNS = {
    "source_id": "event_id",
    "customer_id": "customer_id",
    "event_kind": "kind",
    "amount": "amount",
    "currency": "currency",
    "lots": "lots",
    "source_rows": "rows",
    "event_date": "date",
}


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
    """Read-only access to the build's marts."""

    def __init__(self, path: Path) -> None:
        self.con = duckdb.connect(str(path), read_only=True)

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


def _term_value(value: Any) -> str:
    if isinstance(value, list):  # revshare tiers, lot rates: one entry a step
        return "[" + ", ".join(_term_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return " ".join(f"{k} {_term_value(v)}" for k, v in value.items())
    return _fmt(Decimal(str(value)) if isinstance(value, float) else value)


def _terms(terms_json: str | None) -> str:
    """'group(key=value, ...); ...' from a deal version's terms as the deals file wrote them."""
    groups = json.loads(terms_json) if terms_json else {}
    parts = []
    for group, fields in groups.items():
        if isinstance(fields, dict) and fields:
            inner = ", ".join(f"{k}={_term_value(v)}" for k, v in fields.items())
            parts.append(f"{group}({inner})")
        else:
            parts.append(group)
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
    sources = wh.rows(
        "select l.brand_id, l.component, s.* from marts.fct_commission_line_sources s "
        "join marts.fct_commission_lines l on l.line_id = s.line_id "
        "where l.partner_id = ? and l.period_month = ? "
        "order by s.source_kind, s.event_date, s.source_id, s.customer_id nulls first, s.line_id",
        [partner_id, first],
    )

    out = [f"Partner {p['partner_id']} - {p['display_name']} ({p['partner_type']}, {p['status']})"]
    tree = (
        "top-level partner"
        if not p["parent_partner_id"]
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
            [s for s in statements if s["brand_id"] == brand],
            [ln for ln in lines if ln["brand_id"] == brand],
            [s for s in sources if s["brand_id"] == brand],
            brand,
        )
    out += _approvals_section(home, partner_id, label, lines)
    return out


def _deal_section(wh: _Warehouse, partner_id: str, first: date, last: date) -> list[str]:
    out = ["Deal versions in force in the month"]
    versions = wh.rows(
        "select * from marts.dim_deal_versions where partner_id = ? and effective_from <= ? "
        "and (effective_to is null or effective_to > ?) "
        "order by brand_id nulls first, effective_from, deal_id, deal_version",
        [partner_id, last, first],
    )
    if not versions:
        out.append("    (none)")
    for v in versions:
        until = f"until {v['effective_to']}" if v["effective_to"] else "open"
        scope = "brand-specific" if v["brand_id"] else "all-brand"
        out.append(
            f"  {v['brand_id'] or 'all brands'}: {v['deal_id']} v{v['deal_version']} "
            f"({scope}, {v['currency']}) in force {v['effective_from']} {until}; "
            f"by {v['created_by'] or '-'}, reason: {v['reason'] or '-'}"
        )
        out.append(f"      terms: {_terms(v['terms_json'])}")
        out.append(f"      priced: {v['priced_ranges'] or 'never (replaced by other versions)'}")
    return out + [""]


def _brand_section(
    statements: list[dict[str, Any]],
    lines: list[dict[str, Any]],
    sources: list[dict[str, Any]],
    brand: str,
) -> list[str]:
    out = [f"Brand {brand}", ""]
    for component in vocabulary.component_names():
        comp_lines = [ln for ln in lines if ln["component"] == component]
        if not comp_lines:
            continue
        total = sum((ln["amount"] or Decimal(0)) for ln in comp_lines)
        out.append(
            f"  {component}: {len(comp_lines)} line(s), sum {_money(total)} {comp_lines[0]['currency']}"
        )
        for ln in comp_lines:
            who = " ".join(x for x in (ln["customer_id"], ln["symbol_group"]) if x)
            out.append(
                f"    - {_money(ln['amount'])} {ln['currency']} = {_fmt(ln['basis_amount'])} "
                f"{ln['basis_unit']} x {_fmt(ln['rate'])} (deal {ln['deal_id']} v{ln['deal_version']})"
                + (f" [{who}]" if who else "")
            )
            out.append(f"      {ln['explanation']}")
            out.append(
                f"      source: {ln['source_ref'] or '-'} ({ln['source_count'] or 0} row(s))"
            )
        out += _source_events([s for s in sources if s["component"] == component])
        out.append("")

    out.append("  Statement")
    if not statements:
        out.append("    (no statement row)")
    for s in statements:
        out.append(f"    currency {s['currency']}")
        for c in vocabulary.components():
            out.append(f"    {c.statement_column:<20}{_money(s[c.statement_column]):>14}")
            if c.statement_column != c.name:
                # the component whose lines add up to a gross (revshare): the carryover
                # turns it into the paid figure
                out.append(f"    {'carryover_in':<20}{_money(s['carryover_in']):>14}")
                out.append(
                    f"    {c.name + ' (paid)':<20}{_money(s[c.name]):>14}"
                    f"   = max(0, {c.statement_column} + carryover_in)"
                )
                out.append(
                    f"    {'carryover_out':<20}{_money(s['carryover_out']):>14}"
                    "   -> next month's carryover_in"
                )
        out.append(f"    {'total':<20}{_money(s['total']):>14}   = sum of the payable components")
    return out + [""]


def _source_events(sources: list[dict[str, Any]]) -> list[str]:
    """The events behind a component's lines (marts.fct_commission_line_sources), per kind."""
    out: list[str] = []
    for kind in sorted({s["source_kind"] for s in sources}):
        rows = [s for s in sources if s["source_kind"] == kind]
        shown = [c for c in SOURCE_COLUMNS if any(r[c] is not None for r in rows)]
        table = [{SOURCE_COLUMNS[c]: r[c] for c in shown} for r in rows]
        out += [
            f"    source events ({kind}):",
            *_table(table, [SOURCE_COLUMNS[c] for c in shown], "      "),
        ]
    return out


def _approvals_section(
    home: Home, partner_id: str, label: str, lines: list[dict[str, Any]]
) -> list[str]:
    out = ["Approvals and adjustments"]
    decisions = ops_store.decisions_for(home.root, partner_id, label)
    if not decisions:
        out.append("    no approval decision recorded")
    for d in decisions:
        keys = [
            k for k in ("decided_at", "actor", "role", "action", "payout_id", "reason") if k in d
        ]
        out.append("    - " + ", ".join(f"{k}: {_fmt(d[k])}" for k in keys))
    adjustments = [ln for ln in lines if ln["component"] == "adjustment"]
    for ln in adjustments:
        out.append(f"    adjustment {_money(ln['amount'])} {ln['currency']}: {ln['explanation']}")
    if not adjustments:
        out.append("    no adjustment line in this month")
    return out
