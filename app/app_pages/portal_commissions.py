"""Partner portal commissions: every line explained, the carryover, the deal terms in force.

Lines come from marts.fct_commission_lines through the partner's scope: basis, rate, deal
version and the build's own explanation, with human column and component labels. A customer
appears only as the partner's opaque reference of its own referral (app/scope.py). The
carryover is fct_partner_monthly_statement's carryover_in/out month by month; the deal terms
are marts.dim_deal_versions, said in words.
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
st.caption(t("commissions.cpa_progress_none"))

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
