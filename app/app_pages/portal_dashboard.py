"""Partner portal dashboard: this month and last, commission by component, the next payout.

Every figure is read through the signed-in partner's scope (app/scope.py). "This month" is
the partner's newest statement month (the data runs behind the calendar); commissions are in
each statement's deal currency, exactly as fct_partner_monthly_statement holds them, and the
payout in the partner's payout currency as mart_payouts publishes it, status included.
"""

import pandas as pd
import streamlit as st

from app import charts, data, i18n, scope
from app.guards import require

viewer = require({"partner"})
me = scope.partner_scope()
t = i18n.words_for(viewer)
i18n.language_switch(viewer, t)

profile = me.profile()
st.title(t("dashboard.title"))
st.caption(t("portal.partner", partner_id=me.partner_id, name=profile.get("display_name", "")))
published = data.published_at()
st.caption(t("portal.refreshed", at=t.moment(published) if published else t("portal.never")))

months = me.statement_months()
if not months:
    st.info(t("portal.no_statement"))
    st.stop()
this_month = months[0]
last_month = (pd.Timestamp(this_month) - pd.DateOffset(months=1)).date()

# ---- activity -----------------------------------------------------------------------------
st.subheader(t("dashboard.activity"))
activity = me.activity(["month"]).set_index("period_month")
measures = {m: t(f"measure.{m}") for m in scope.ACTIVITY_MEASURES}


def _count(month, measure):
    return activity.at[month, measure] if month in activity.index else 0


for label, month in (
    (t("dashboard.this_month", month=t.month(this_month)), this_month),
    (t("dashboard.last_month", month=t.month(last_month)), last_month),
):
    st.markdown(f"**{label}**")
    for col, (m, name) in zip(st.columns(len(measures)), measures.items()):
        col.metric(name, t.number(_count(month, m), 2 if m == "lots" else 0))

# ---- commission by component --------------------------------------------------------------
st.subheader(t("dashboard.commission"))
statements = me.statements()
components = list(data.statement_components())
for currency, rows in statements.groupby("currency"):
    now = rows[rows["period_month"] == this_month]
    before = rows[rows["period_month"] == last_month]
    st.metric(
        t("dashboard.total", currency=currency),
        t.money(sum(now["total"], start=0), currency),
        delta=t.money(sum(now["total"], start=0) - sum(before["total"], start=0), currency),
    )
    table = pd.DataFrame(
        {
            t("column.component"): [t.component(c) for c in components],
            t("dashboard.this_month", month=t.month(this_month)): [
                t.money(sum(now[c], start=0), currency) for c in components
            ],
            t("dashboard.last_month", month=t.month(last_month)): [
                t.money(sum(before[c], start=0), currency) for c in components
            ],
        }
    )
    moved = [sum(now[c], start=0) != 0 or sum(before[c], start=0) != 0 for c in components]
    st.dataframe(table[moved], hide_index=True)

# ---- payouts --------------------------------------------------------------------------------
st.subheader(t("dashboard.payout"))
payouts = me.payouts()
due = payouts[payouts["amount"] > 0]
left, right = st.columns(2)
if due.empty:
    left.info(t("dashboard.next_payout_none"))
else:
    nxt = due.iloc[0]
    left.metric(t("dashboard.next_payout"), t.money(nxt["amount"], nxt["payout_currency"]))
    left.caption(
        t(
            "dashboard.payout_status",
            month=t.month(nxt["period_month"]),
            status=t(f"status.{nxt['status']}"),
        )
    )
if not payouts.empty:
    newest = payouts.iloc[0]
    right.metric(
        t("dashboard.pending_balance"),
        t.money(newest["carried_out"], newest["payout_currency"]),
        help=t("dashboard.pending_balance_help"),
    )

# ---- trends -----------------------------------------------------------------------------
st.subheader(t("dashboard.trend"))
if not activity.empty:
    st.plotly_chart(
        charts.activity_trend(
            activity.reset_index(),
            "period_month",
            {m: measures[m] for m in ("clicks", "registrations", "ftds", "qualified_cpas")},
        )
    )
long = statements.melt(
    id_vars=["period_month", "currency"],
    value_vars=components,
    var_name="component",
    value_name="amount",
)
long = long.groupby(["period_month", "currency", "component"], as_index=False)["amount"].sum()
st.plotly_chart(charts.commission_trend(long, {c: t.component(c) for c in components}))
