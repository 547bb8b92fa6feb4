"""Partner portal commissions: every line explained, the carryover, the deal terms in force.

Lines come from marts.fct_commission_lines through the partner's scope: basis, rate, deal
version and the build's own explanation, with human column and component labels. A customer
appears only as the partner's opaque reference of its own referral (app/scope.py). The
carryover is fct_partner_monthly_statement's carryover_in/out month by month; the deal terms
are marts.dim_deal_versions, said in words. CPA progress is marts.mart_cpa_progress (the
partner's own recent registrations only): per registration, each condition done or missing with
its value against the required one, and the days left in the window or the qualification date.
"""

import json

import pandas as pd
import streamlit as st

from app import i18n, scope
from app.guards import require
from partnerledger import csv_safety

viewer = require({"partner"})
me = scope.partner_scope()
t = i18n.words_for(viewer)
i18n.language_switch(viewer, t)

st.title(t("commissions.title"))
months = me.statement_months()
if not months:
    st.info(t("portal.no_statement"))
    st.stop()
month = st.selectbox(t("portal.month"), months, format_func=t.month, key="portal_comm_month")

# ---- lines ----------------------------------------------------------------------------------
st.subheader(t("commissions.lines"))
st.caption(t("commissions.lines_caption"))
lines = me.commission_lines(month)
lines["component"] = lines["component"].map(t.component)
shown = pd.DataFrame(
    {
        "brand_id": lines["brand_id"],
        "component": lines["component"],
        "deal_version": [f"{d} v{v}" for d, v in zip(lines["deal_id"], lines["deal_version"])],
        "customer_ref": [r if isinstance(r, str) else "—" for r in lines["customer_ref"]],
        "basis_amount": [t.number(b, 2) for b in lines["basis_amount"]],
        "basis_unit": lines["basis_unit"],
        "rate": [t.number(r, 4) for r in lines["rate"]],
        "amount": [t.money(a, c) for a, c in zip(lines["amount"], lines["currency"])],
        "explanation": lines["explanation"],
    }
)
shown = shown.rename(columns=t.columns(list(shown.columns)))
st.dataframe(shown, hide_index=True)
export = lines.drop(columns=["period_month"])
st.download_button(
    t("portal.download"),
    csv_safety.safe_csv(export.rename(columns=t.columns(list(export.columns)))),
    file_name=f"commissions-{me.partner_id}-{month:%Y-%m}.csv",
    mime="text/csv",
    key="portal_comm_csv",
)

# ---- carryover ------------------------------------------------------------------------------
st.subheader(t("commissions.carryover"))
st.caption(t("commissions.carryover_caption"))
carry = me.carryover()
figures = ["revshare_gross", "carryover_in", "carryover_out", "revshare"]
carry_shown = pd.DataFrame(
    {
        "period_month": [t.month(m) for m in carry["period_month"]],
        "brand_id": carry["brand_id"],
        **{f: [t.money(v, c) for v, c in zip(carry[f], carry["currency"])] for f in figures},
    }
)
st.dataframe(carry_shown.rename(columns=t.columns(list(carry_shown.columns))), hide_index=True)

# ---- CPA progress -------------------------------------------------------------------------
st.subheader(t("commissions.cpa_progress"))
progress = me.cpa_progress()


def _amount(value, unit) -> str:
    """A condition's value in its unit: money in the deal currency, or lots."""
    if unit == "lots":
        return t("commissions.cpa.lots", lots=t.number(value, 2))
    return t.money(value, unit)


def _condition(row) -> str:
    """One condition in words: done or missing, with how far it is where it has a value."""
    name = t(f"commissions.cpa.condition.{row.condition}")
    state = "met" if row.status == "met" else "missing"
    if pd.isna(row.required_value):
        return t(f"commissions.cpa.{state}", condition=name)
    current = 0 if pd.isna(row.current_value) else row.current_value
    return t(
        f"commissions.cpa.{state}_value",
        condition=name,
        current=_amount(current, row.value_unit),
        required=_amount(row.required_value, row.value_unit),
    )


def _state(first) -> str:
    """Where the registration stands: qualified, days left in its window, or the window closed."""
    if pd.notna(first.qualified_on):
        return t("commissions.cpa.qualified", day=t.day(first.qualified_on))
    if pd.isna(first.window_end):
        return t("commissions.cpa.no_window")
    if first.window_end < first.as_of_date:
        return t("commissions.cpa.closed", day=t.day(first.window_end))
    return t("commissions.cpa.days_left", days=int(first.days_left), day=t.day(first.window_end))


if progress.empty:
    st.caption(t("commissions.cpa_progress_empty"))
else:
    st.caption(t("commissions.cpa_progress_caption", day=t.day(progress["as_of_date"].max())))
    registrations = []
    for (brand, ref), rows in progress.groupby(["brand_id", "customer_ref"], sort=False):
        first = next(rows.itertuples())
        registrations.append(
            {
                "brand_id": brand,
                "customer_ref": ref,
                "registration_date": t.day(first.registration_date),
                "cpa_state": _state(first),
                "cpa_conditions": "; ".join(_condition(r) for r in rows.itertuples()),
            }
        )
    cpa_shown = pd.DataFrame(registrations)
    st.dataframe(cpa_shown.rename(columns=t.columns(list(cpa_shown.columns))), hide_index=True)

# ---- deal terms -----------------------------------------------------------------------------
st.subheader(t("commissions.deals"))


def _terms(terms_json: str | None, currency: str) -> list[str]:
    """The deal's terms in words; a component without a sentence is named by its label."""
    terms = json.loads(terms_json) if terms_json else {}
    said = []
    for name, term in terms.items():
        if name == "cpa" and "amount" in term:
            said.append(
                t(
                    "commissions.term.cpa",
                    amount=t.money(term["amount"], currency),
                    days=term.get("window_days", "—"),
                )
            )
        elif name == "revshare" and term.get("tiers"):
            rates = ", ".join(
                t(
                    "commissions.term.tier",
                    rate=t.number(100 * float(tier["rate"]), 1) + " %",
                    start=t.money(tier["from"], currency),
                )
                for tier in term["tiers"]
            )
            said.append(
                t(
                    "commissions.term.revshare",
                    rates=rates,
                    basis=str(term.get("basis", "")).upper(),
                )
            )
        elif name in scope.component_names():
            said.append(t.component(name))
    return said


deals = me.deal_versions()  # newest version of each deal first
for deal in deals.itertuples():
    # A version ends where its own end date says, else where the next version starts; the
    # newest open one is in force.
    later = deals[(deals["deal_id"] == deal.deal_id) & (deals["deal_version"] > deal.deal_version)]
    ends = deal.effective_to if pd.notna(deal.effective_to) else None
    if ends is None and not later.empty:
        ends = min(later["effective_from"])
    end = t("commissions.deal_until", end=t.day(ends)) if ends else t("commissions.deal_open")
    st.markdown(
        "- "
        + t(
            "commissions.deal_line",
            deal_id=deal.deal_id,
            version=deal.deal_version,
            brand=deal.brand_id,
            start=t.day(deal.effective_from),
            end=end,
            currency=deal.currency,
            components="; ".join(_terms(deal.terms_json, deal.currency)),
        )
        + (f" {t('commissions.deal_reason', reason=deal.reason)}" if deal.reason else "")
    )
