"""Payments (partner portal): payout history, payout details, payout requests, invoices.

Everything is read and written for the signed-in partner only (app.portal_self_service,
partnerledger.ops_store.partner_requests). Hold reasons show as partner-safe text.
"""

import pandas as pd
import streamlit as st

from app import portal_self_service as portal
from app.guards import money_columns, require
from partnerledger import csv_safety, paths
from partnerledger.ops_store import OpsStoreError, partner_requests

TEXT = {
    "title": "Payments",
    "history": "Payout history",
    "no_payouts": "No payouts yet: they appear after your first month is published.",
    "export": "Download payout history (CSV)",
    "details": "Payout method and details",
    "no_details": "You have not given payout details yet.",
    "current_details": "Current: {method} — {masked} (since {at} UTC)",
    "flag_open": (
        "Your payout details changed: your next payout is held until finance confirms the "
        "change with you."
    ),
    "method": "Payout method",
    "save_details": "Save payout details",
    "details_saved": "Payout details saved. Your next payout is held until finance confirms.",
    "details_refused": "Payout details not saved: {problem}",
    "changes": "Changes to your payout details",
    "request": "Request a payout",
    "available": "Available balance",
    "nothing_available": (
        "Nothing to request now: balances are paid in the monthly run once they reach your "
        "payout threshold; a balance carried below it can be requested here."
    ),
    "amount": "Amount",
    "note": "Note (optional)",
    "send_request": "Request payout",
    "request_sent": "Payout request {request_id} sent to finance.",
    "request_refused": "Payout request refused: {problem}",
    "my_requests": "Your payout requests",
    "cancel": "Cancel open request",
    "cancelled": "Request {request_id} cancelled.",
    "invoice": "Monthly statement (invoice)",
    "no_statement": "No statement yet.",
    "month": "Month",
    "download_invoice": "Download statement {month} (HTML)",
    "field": {
        "account_holder": "Account holder",
        "iban": "IBAN",
        "bic": "BIC",
        "provider": "Provider",
        "wallet_email": "Wallet e-mail",
        "network": "Network",
        "address": "Wallet address",
    },
}

viewer = require({"partner"})
me = viewer.partner_id
home = paths.home().root
st.title(TEXT["title"])

flash = st.session_state.pop("pay_portal_flash", None)
if flash:
    getattr(st, flash[0])(flash[1])

st.subheader(TEXT["history"])
history = portal.payout_history(viewer)
if history.empty:
    st.info(TEXT["no_payouts"])
else:
    st.dataframe(history, hide_index=True, column_config=money_columns(["amount"]))
    st.download_button(
        TEXT["export"],
        csv_safety.safe_csv(history),
        file_name=f"payouts-{me}.csv",
        mime="text/csv",
        key="pay_portal_export",
    )

st.subheader(TEXT["details"])
current = partner_requests.payout_details(home, me)
if current is None:
    st.info(TEXT["no_details"])
else:
    st.caption(
        TEXT["current_details"].format(
            method=partner_requests.METHOD_LABELS[current["method"]],
            masked=partner_requests.mask(current["method"], current["details"]),
            at=current["at"][:16],
        )
    )
if partner_requests.open_payout_flags(home, me):
    st.warning(TEXT["flag_open"])

method = st.selectbox(
    TEXT["method"],
    list(partner_requests.METHODS),
    format_func=partner_requests.METHOD_LABELS.get,
    key="pay_portal_method",
)
with st.form("pay_portal_details", clear_on_submit=True):
    values = {
        field: st.text_input(TEXT["field"][field], max_chars=limit, key=f"pay_portal_{field}")
        for field, (_, limit, _) in partner_requests.METHODS[method].items()
    }
    save = st.form_submit_button(TEXT["save_details"])
if save:
    try:
        partner_requests.set_payout_details(home, me, method, values, actor=viewer.actor)
    except OpsStoreError as exc:
        st.error(TEXT["details_refused"].format(problem=exc))
    else:
        st.session_state["pay_portal_flash"] = ("success", TEXT["details_saved"])
        st.rerun()
changes = partner_requests.payout_details_history(home, me)
if changes:
    st.caption(TEXT["changes"])
    st.dataframe(
        pd.DataFrame(changes)[["at", "actor", "method"]].iloc[::-1],
        hide_index=True,
        key="pay_portal_changes",
    )

st.subheader(TEXT["request"])
balance = portal.available_balance(viewer)
if balance.amount > 0:
    st.metric(TEXT["available"], f"{balance.amount:,.2f} {balance.currency}")
    with st.form("pay_portal_request", clear_on_submit=True):
        amount = st.text_input(TEXT["amount"], value=format(balance.amount, "f"), max_chars=20)
        note = st.text_input(TEXT["note"], max_chars=500)
        send = st.form_submit_button(TEXT["send_request"])
    if send:
        try:
            made = partner_requests.request_payout(home, me, amount, actor=viewer.actor, note=note)
        except OpsStoreError as exc:
            st.error(TEXT["request_refused"].format(problem=exc))
        else:
            message = TEXT["request_sent"].format(request_id=made["request_id"])
            st.session_state["pay_portal_flash"] = ("success", message)
            st.rerun()
else:
    st.info(TEXT["nothing_available"])
mine = partner_requests.payout_requests(home, me)
if mine:
    st.caption(TEXT["my_requests"])
    st.dataframe(
        pd.DataFrame(mine)[["request_id", "at", "amount", "currency", "state"]],
        hide_index=True,
        key="pay_portal_requests",
    )
    open_ids = [r["request_id"] for r in mine if r["state"] == "open"]
    if open_ids and st.button(TEXT["cancel"], key="pay_portal_cancel"):
        partner_requests.cancel_payout_request(home, me, open_ids[0], actor=viewer.actor)
        message = TEXT["cancelled"].format(request_id=open_ids[0])
        st.session_state["pay_portal_flash"] = ("success", message)
        st.rerun()

st.subheader(TEXT["invoice"])
months = portal.statement_months(viewer)
if not months:
    st.info(TEXT["no_statement"])
else:
    month = st.selectbox(
        TEXT["month"], months, key="pay_portal_month", format_func=lambda m: f"{m:%Y-%m}"
    )
    lines = portal.invoice_lines(viewer, month)
    st.dataframe(lines, hide_index=True, column_config=money_columns(["amount"]))
    st.download_button(
        TEXT["download_invoice"].format(month=f"{month:%Y-%m}"),
        portal.invoice_html(viewer, month),
        file_name=f"statement-{me}-{month:%Y-%m}.html",
        mime="text/html",
        key="pay_portal_invoice",
    )
