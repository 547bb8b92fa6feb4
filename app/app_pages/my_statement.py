"""My statement (partner portal): the signed-in partner's own statement, lines and sub-partners.

Everything here is read for `viewer.partner_id` only. Sub-partners show ids, display names,
totals and an opaque customer count: never their customers' ids, emails or person keys.
"""

import streamlit as st

from app import charts, data
from app.guards import money_columns, require

viewer = require({"partner"})
me = viewer.partner_id
profile = data.partner(me) or {}
st.title("My statement")
st.caption(f"{me} — {profile.get('display_name', '')}")

months = data.statement_months(me)
if not months:
    st.info("No statement yet: commissions appear here after your first month of activity.")
    st.stop()
month = st.selectbox("Month", months, index=0, key="my_month", format_func=lambda m: f"{m:%Y-%m}")

statement = data.statements(me, month)
for currency, rows in statement.groupby("currency"):
    st.metric(f"Total {currency}", f"{sum(rows['total'], start=0):,.2f}")
st.dataframe(
    statement.drop(columns=["period_month"]),
    hide_index=True,
    column_config=money_columns(statement.columns),
)
st.plotly_chart(charts.statement_components(data.statements(me), data.statement_components()))

payout = data.payouts(month, partner_id=me)
if not payout.empty:
    st.subheader("Payout")
    # Route, risk score and hold reasons (fraud signals) stay internal to the operator: the
    # partner sees amount and status.
    st.dataframe(
        payout[["period_month", "amount", "payout_currency", "status"]],
        hide_index=True,
        column_config=money_columns(["amount"]),
    )

st.subheader("How each amount was computed")
st.caption(
    "One line per priced item: basis × rate, rounded half-up to cents once per line. "
    "Revshare lines add up to the gross before any negative carryover."
)
# Columns are dropped from the frame itself (column_order would still send them to the
# browser). customer_id stays: it is the operator's opaque id of the partner's own referral,
# needed to check a CPA or challenge line.
lines = data.commission_lines(me, month)[
    [
        "brand_id",
        "component",
        "deal_id",
        "deal_version",
        "customer_id",
        "symbol_group",
        "basis_amount",
        "basis_unit",
        "rate",
        "amount",
        "currency",
        "explanation",
    ]
]
st.dataframe(lines, hide_index=True, column_config=money_columns(lines.columns))

st.subheader("My sub-partners")
tree = data.sub_partner_totals(me, month)
if tree.empty:
    st.info("You have no sub-partners.")
else:
    tree.insert(
        0, "sub-partner", ["↳ " * (d - 1) + p for d, p in zip(tree["depth"], tree["partner_id"])]
    )
    keep = ["sub-partner", "display_name", "depth", "currency", "total", "customers"]
    st.dataframe(tree[keep], hide_index=True, column_config=money_columns(keep))
