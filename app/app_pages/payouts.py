"""Payouts: validated partner-month payouts, decisions through the ops store, CSV export.

Every status on this page (table, status filter, totals, export) is the current one from
data.payouts (ops_store.current_payouts): a decision shows at once, before the next build.
A batch approval shows its count and totals per currency and is recorded only once
confirmed. Finance (and admin) also pay here: the payment file of approved payouts and the
settlement that marks them paid (app.payments over ops_store.payments, the CLI's rules).
"""

import streamlit as st

from app import data, decisions, payments
from app.auth import current_viewer
from app.guards import require, table_config

STATUSES = ("pending", "approved", "held", "rejected", "below_threshold")
ROUTES = ("auto", "manager", "finance")

viewer = require({"manager", "finance", "admin"})
st.title("Payouts")

months = data.payout_months()
c1, c2, c3 = st.columns(3)
month = c1.selectbox(
    "Month",
    months,
    index=0 if months else None,
    key="pay_month",
    format_func=lambda m: f"{m:%Y-%m}",
    placeholder="all months",
)
statuses = c2.multiselect("Status", STATUSES, key="pay_status", placeholder="all statuses")
routes = c3.multiselect("Route", ROUTES, key="pay_route", placeholder="all routes")


def _record(action: str, picked: list[str]) -> None:
    state = st.session_state
    try:
        entries = decisions.record(current_viewer(), action, picked, state["pay_reason"])
    except decisions.DecisionRefused as exc:
        state["pay_result"] = ("error", f"Decision refused: {exc}")
    else:
        state["pay_result"] = ("success", f"Recorded {action} on {len(entries)} payout(s).")
        state["pay_reason"] = ""


def _decide() -> None:
    # A callback runs before the rerun draws the table, so the new status shows at once.
    state = st.session_state
    picked = state["pay_ids"]
    if state["pay_action"] == "batch_approve":
        # the picked payouts are the exceptions; nothing is recorded before the confirmation,
        # which names exactly these payouts (a rerun in between does not widen the batch)
        state["pay_confirm_ids"] = [
            p for p in state.get("pay_batch_ids", []) if p not in set(picked)
        ]
        return
    _record(state["pay_action"], picked)


def _confirm_batch() -> None:
    _record("batch_approve", st.session_state.pop("pay_confirm_ids", []))


def _cancel_batch() -> None:
    st.session_state.pop("pay_confirm_ids", None)


payouts = data.payouts(month, statuses, routes)
if payouts.empty:
    st.info("No published payouts under these filters.")
    st.stop()

by_currency = payouts.groupby("payout_currency", as_index=False).agg(
    payouts=("payout_id", "count"), amount=("amount", "sum")
)
m1, m2 = st.columns([1, 3])
m1.metric("Payouts", len(payouts))
m2.dataframe(by_currency, hide_index=True, column_config=table_config(by_currency.columns))

st.dataframe(payouts, hide_index=True, column_config=table_config(payouts.columns))
by_route = payouts.groupby(["payout_currency", "route"], as_index=False).agg(
    payouts=("payout_id", "count"), amount=("amount", "sum")
)
st.caption("Totals by currency and route")
st.dataframe(by_route, hide_index=True, column_config=table_config(by_route.columns))
st.download_button(
    "Export validated payouts (CSV)",
    data=data.to_csv_bytes(payouts),
    file_name=f"payouts_{month:%Y-%m}.csv" if month else "payouts.csv",
    mime="text/csv",
    key="pay_export",
)

st.subheader("Decide")
action = st.selectbox(
    "Action",
    decisions.ACTIONS,
    key="pay_action",
    format_func=lambda a: decisions.ACTION_LABELS.get(a, a),
)
# Only the payouts this role may decide with this action are offered (ops_store.policy).
decidable = payouts[[decisions.may_decide(viewer.role, action, r) for r in payouts["route"]]]
if len(decidable) < len(payouts):
    st.caption(f"Finance-routed payouts need the finance role; you are {viewer.role}.")
# What a batch approval covers, kept for the callback (it runs before the next draw).
st.session_state["pay_batch_ids"] = list(
    decidable.loc[decidable["status"] == "pending", "payout_id"]
)
st.multiselect("Payouts", list(decidable["payout_id"]), key="pay_ids")
if action == "batch_approve":
    batch = st.session_state["pay_batch_ids"]
    st.caption(
        f"Approves the {len(batch)} pending payout(s) shown that you may decide, except the "
        "ones picked above (each is recorded as one batch_approve entry)."
    )
st.text_input("Reason (kept in the audit log)", key="pay_reason")
st.button("Record decision", key="pay_record", on_click=_decide, type="primary")

confirming = st.session_state.get("pay_confirm_ids")
if confirming is not None:
    batch_rows = payouts[payouts["payout_id"].isin(confirming)]
    totals = batch_rows.groupby("payout_currency", as_index=False).agg(
        payouts=("payout_id", "count"), amount=("amount", "sum")
    )
    st.warning(
        f"Approve {len(confirming)} payout(s)? "
        + ", ".join(f"{c} {a:,.2f}" for c, a in zip(totals["payout_currency"], totals["amount"]))
        + ". Nothing is recorded until you confirm."
    )
    st.dataframe(totals, hide_index=True, column_config=table_config(totals.columns))
    b1, b2 = st.columns(2)
    b1.button("Confirm batch approval", key="pay_confirm", on_click=_confirm_batch, type="primary")
    b2.button("Cancel", key="pay_cancel", on_click=_cancel_batch)

result = st.session_state.pop("pay_result", None)
if result:
    (st.success if result[0] == "success" else st.error)(result[1])

chosen = payouts[payouts["payout_id"].isin(st.session_state.get("pay_ids", []))]
for partner_id, period_month in zip(chosen["partner_id"], chosen["period_month"]):
    log = decisions.history(partner_id, period_month)
    if not log.empty:
        with st.expander(f"Decision log: {partner_id} {period_month:%Y-%m}"):
            st.dataframe(log, hide_index=True)

if viewer.role in payments.FINANCE_ROLES:
    payments.render(month)
    payments.render_period_close(months)
