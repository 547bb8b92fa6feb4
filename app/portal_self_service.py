"""The partner portal's self-service reads: payments, invoices, links, coupons, notices.

Every function takes the signed-in viewer (`app.auth.current_viewer()`) as its only partner
argument and refuses any role but partner: a partner id never comes from a widget, so no
input reaches another partner's rows. Published data is read from serving.duckdb through
short-lived read-only connections (values bound with `?`); at merge these reads move behind
the portal's one data-access object (app/scope.py, PartnerScope).

What stays internal: route, risk score and the raw hold reasons (the operator's fraud
signals). `partner_status` turns a payout's status and reasons into partner-safe text and a
next step (docs/decisions/017-portal-self-service.md).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from app.auth import Viewer
from partnerledger import paths, tracking_links, vocabulary
from partnerledger.ops_store import amendments, notices, partner_requests

COUPONS_NOTE = (
    "No coupon codes are published yet: the back office keeps them in its partner-brand "
    "master data (ops/partner_brands.coupon_codes), which no published table carries. "
    "Ask your manager for your codes."
)


class NotAPartner(PermissionError):
    """The viewer is not a signed-in partner: the portal's reads are for partners only."""


def _me(viewer: Viewer) -> str:
    if viewer.role != "partner" or not viewer.partner_id:
        raise NotAPartner(f"the partner portal is for partners; this viewer is {viewer.role}")
    return viewer.partner_id


def _home():
    return paths.home().root


@st.cache_data(show_spinner=False, max_entries=128)
def _query(path: str, version: tuple[int, int], sql: str, params: tuple) -> pd.DataFrame:
    # `version` is only part of the cache key: a new publish changes it and misses the cache.
    with duckdb.connect(path, read_only=True) as con:
        return con.sql(sql, params=list(params)).to_arrow_table().to_pandas()


def _read(sql: str, params: tuple) -> pd.DataFrame:
    f = paths.home().serving
    stat = f.stat()
    return _query(str(f), (stat.st_mtime_ns, stat.st_size), sql, params)


# ---- payments --------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerStatus:
    text: str
    next_step: str


STATUS_TEXT = {
    "pending": PartnerStatus("Being processed", "No action needed."),
    "approved": PartnerStatus("Approved — payment on its way", "No action needed."),
    "rejected": PartnerStatus("Not paid", "Contact your manager to know why."),
    "below_threshold": PartnerStatus(
        "Below your payout threshold — carried to next month",
        "No action needed; you may request the carried balance where offered.",
    ),
    "held": PartnerStatus("Under review — no action needed", "No action needed."),
}
HELD_DETAILS_CHANGED = PartnerStatus(
    "Payout details changed — confirm with your manager",
    "Your manager will confirm the new payout details with you before paying.",
)
HELD_REAPPROVAL = PartnerStatus(
    "Amount updated after approval — being approved again", "No action needed."
)
HELD_MANUAL = PartnerStatus(
    "On hold by your account team", "Contact your manager if you have questions."
)


def partner_status(status: str, hold_reasons: str | None, details_flag: bool) -> PartnerStatus:
    """What a partner may read about a payout's status: never the internal signals.

    A held payout with a stale approval or a manual hold says so without the operator's
    words; a hold for risk signals reads "under review". An open payout-details flag
    (partner_requests) holds the next payout, so a pending or held payout says so.
    """
    if details_flag and status in ("pending", "held"):
        return HELD_DETAILS_CHANGED
    if status == "held":
        reasons = hold_reasons or ""
        if "amount changed since" in reasons:
            return HELD_REAPPROVAL
        if reasons.startswith("manual hold"):
            return HELD_MANUAL
    return STATUS_TEXT.get(status, PartnerStatus(status, "Contact your manager."))


def payout_history(viewer: Viewer) -> pd.DataFrame:
    """The partner's payouts, newest first: period, amount, currency, partner-safe status,
    next step and the balance carried forward to the next month."""
    me = _me(viewer)
    df = _read(
        "select period_month, amount, payout_currency as currency, status, hold_reasons, "
        "carried_out as carried_forward from marts.mart_payouts where partner_id = ? "
        "order by period_month desc",
        (me,),
    )
    flagged = bool(partner_requests.open_payout_flags(_home(), me))
    # an open flag holds every payout not paid yet (pending or held: partner_status)
    shown = [partner_status(s, r, flagged) for s, r in zip(df["status"], df["hold_reasons"])]
    return df.drop(columns=["hold_reasons"]).assign(
        status=[s.text for s in shown], next_step=[s.next_step for s in shown]
    )


def available_balance(viewer: Viewer) -> partner_requests.Balance:
    return partner_requests.available_balance(_home(), _me(viewer))


def statement_months(viewer: Viewer) -> list[date]:
    me = _me(viewer)
    df = _read(
        "select distinct period_month from marts.fct_partner_monthly_statement "
        "where partner_id = ? order by period_month desc",
        (me,),
    )
    return list(df["period_month"])


def partner_profile(viewer: Viewer) -> dict[str, Any]:
    """The signed-in partner's name, country and payout currency (marts.dim_partners)."""
    return _profile(_me(viewer))


def _profile(me: str) -> dict[str, Any]:
    df = _read(
        "select partner_id, display_name, country, payout_currency from marts.dim_partners "
        "where partner_id = ?",
        (me,),
    )
    return {} if df.empty else df.iloc[0].to_dict()


def invoice_lines(viewer: Viewer, month: date) -> pd.DataFrame:
    """The month's statement as invoice lines: one per brand and component with an amount."""
    me = _me(viewer)
    names = vocabulary.component_names()
    figures = ", ".join(f"s.{c}" for c in names)  # identifiers from the vocabulary only
    st_rows = _read(
        f"select s.brand_id, b.brand_name, s.currency, {figures}, s.total "
        "from marts.fct_partner_monthly_statement s "
        "left join marts.dim_brands b on b.brand_id = s.brand_id "
        "where s.partner_id = ? and s.period_month = ? order by s.brand_id",
        (me, month),
    )
    labels = vocabulary.component_labels()
    lines = [
        {
            "brand": f"{r['brand_name'] or r['brand_id']}",
            "component": labels[c],
            "amount": r[c],
            "currency": r["currency"],
        }
        for _, r in st_rows.iterrows()
        for c in names
        if r[c] is not None and r[c] != 0
    ]
    return pd.DataFrame(lines, columns=["brand", "component", "amount", "currency"])


def invoice_html(viewer: Viewer, month: date) -> str:
    """The month's statement as a self-contained HTML invoice; every value is escaped."""
    me = _me(viewer)
    profile = _profile(me)
    lines = invoice_lines(viewer, month)
    payout = _read(
        "select amount, payout_currency, status from marts.mart_payouts "
        "where partner_id = ? and period_month = ?",
        (me, month),
    )
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(str(r.brand))}</td><td>{e(str(r.component))}</td>"
        f"<td class='n'>{r.amount:,.2f}</td><td>{e(str(r.currency))}</td></tr>"
        for r in lines.itertuples()
    )
    totals = "".join(
        f"<tr class='t'><td colspan='2'>Total {e(str(cur))}</td>"
        f"<td class='n'>{sum(g['amount'], start=Decimal(0)):,.2f}</td><td>{e(str(cur))}</td></tr>"
        for cur, g in lines.groupby("currency")
    )
    if payout.empty:
        paid = "<p>No payout is published for this month.</p>"
    else:
        p = payout.iloc[0]
        paid = (
            f"<p>Payout: <b>{p['amount']:,.2f} {e(str(p['payout_currency']))}</b> "
            f"({e(partner_status(p['status'], None, False).text)})</p>"
        )
    name = e(str(profile.get("display_name") or me))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Statement {e(me)} {month:%Y-%m}</title><style>"
        "body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px}.n{text-align:right}.t{font-weight:bold}"
        "</style></head><body>"
        f"<h1>Commission statement {month:%Y-%m}</h1>"
        f"<p>Partner: {name} ({e(me)})<br>Payout currency: "
        f"{e(str(profile.get('payout_currency') or ''))}</p>"
        "<table><tr><th>Brand</th><th>Component</th><th>Amount</th><th>Currency</th></tr>"
        f"{rows}{totals}</table>{paid}</body></html>"
    )


def partner_brands(viewer: Viewer) -> dict[str, str]:
    """The partner's brands (id -> name): those of its deals and of its statements."""
    me = _me(viewer)
    df = _read(
        "with mine as ("
        "select brand_id from marts.dim_deal_versions where partner_id = ? and brand_id is not null "
        "union select brand_id from marts.fct_partner_monthly_statement where partner_id = ?) "
        "select b.brand_id, b.brand_name from mine join marts.dim_brands b "
        "on b.brand_id = mine.brand_id order by b.brand_id",
        (me, me),
    )
    return dict(zip(df["brand_id"], df["brand_name"]))


def tracking_link(viewer: Viewer, brand_id: str, target: str, subs: dict[str, str]) -> str:
    me = _me(viewer)
    return tracking_links.build_link(me, brand_id, set(partner_brands(viewer)), target, subs)


def coupon_codes(viewer: Viewer) -> pd.DataFrame:
    """The partner's coupon codes: none is published (COUPONS_NOTE says where they live)."""
    _me(viewer)
    return pd.DataFrame(columns=["brand_id", "coupon_code"])


# ---- notices ---------------------------------------------------------------------------

_BOOKKEEPING = ("deal_id", "version", "partner_id", "created_at", "created_by", "reason")


def _terms(version: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in version.items() if k not in _BOOKKEEPING and v not in (None, "")}


def amendment_notices(viewer: Viewer) -> list[dict[str, Any]]:
    """One notice per recorded amendment of the partner's deals, with the terms before and
    after, derived at read time: the new version from the ops store's deal_amendments, the
    previous one from marts.dim_deal_versions (else an earlier amendment not yet built)."""
    me = _me(viewer)
    recorded = [(a, json.loads(a["payload_json"])) for a in amendments.deal_amendments(_home())]
    mine = [(a, v) for a, v in recorded if v.get("partner_id") == me]
    if not mine:
        return []
    published = _read(
        "select deal_id, deal_version, brand_id, effective_from, effective_to, currency, "
        "terms_json from marts.dim_deal_versions where partner_id = ?",
        (me,),
    )
    before_of: dict[tuple[str, int], dict[str, Any]] = {}
    for r in published.itertuples():
        before_of[(r.deal_id, int(r.deal_version))] = {
            "brand_id": r.brand_id,
            "effective_from": str(r.effective_from),
            "effective_to": None if pd.isna(r.effective_to) else str(r.effective_to),
            "currency": r.currency,
            "terms": json.loads(r.terms_json) if r.terms_json else None,
        }
    for _, v in mine:
        before_of.setdefault((v["deal_id"], int(v["version"])), _terms(v))
    out = []
    for a, v in reversed(mine):
        before = before_of.get((v["deal_id"], int(v["version"]) - 1))
        out.append(
            {
                "key": f"amendment:{v['deal_id']}:v{v['version']}",
                "at": a["at"],
                "kind": "deal_amendment",
                "title": f"Deal {v['deal_id']} amended: version {v['version']} "
                f"from {v.get('effective_from')}",
                "body": a["reason"],
                "before": None if before is None else _terms(before),
                "after": _terms(v),
            }
        )
    return out


def partner_notices(viewer: Viewer) -> list[dict[str, Any]]:
    """Announcements, the partner's own notices and its deal amendments, newest first, each
    with `read` for the signed-in user."""
    me = _me(viewer)
    stored = [{**n, "before": None, "after": None} for n in notices.notices_for(_home(), me)]
    read = notices.read_keys(_home(), viewer.login or "")
    every = sorted(stored + amendment_notices(viewer), key=lambda n: n["at"], reverse=True)
    return [{**n, "read": n["key"] in read} for n in every]


def mark_read(viewer: Viewer, key: str) -> None:
    """Record that the viewer read one of ITS notices (a key it was not shown is refused)."""
    if key not in {n["key"] for n in partner_notices(viewer)}:
        raise NotAPartner(f"notice {key!r} is not one of yours")
    notices.mark_read(_home(), viewer.login or "", key)
