"""Finance's part of the Payouts page: the payment file and the settlement reconciliation.

The rules are ops_store.payments' (the CLI's too): who may (FINANCE_ROLES), which approved
payouts a file carries, one line per partner and currency, the export recorded in the hash
chain before its bytes are offered, and what a settlement file marks paid or shows as a
difference. This module only draws them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app.auth import current_viewer
from app.guards import money_columns
from partnerledger import ops_store, paths
from partnerledger.ops_store import payments

FINANCE_ROLES = ops_store.FINANCE_ROLES


def _month_arg(month: date | None) -> str | None:
    return None if month is None else f"{month:%Y-%m}"


def _export() -> None:
    state, viewer = st.session_state, current_viewer()
    try:
        pf = payments.export_payment_file(
            paths.home().root, viewer.actor, viewer.role, state.get("pay_file_month")
        )
    except ops_store.OpsStoreError as exc:
        state["pay_file_result"] = ("error", f"Payment file refused: {exc}")
    else:
        state["pay_file_bytes"] = (pf.file_id, pf.csv_bytes)
        state["pay_file_result"] = (
            "success",
            f"Recorded payment file {pf.file_id}: {len(pf.lines)} line(s).",
        )


def _settle() -> None:
    state, viewer = st.session_state, current_viewer()
    upload = state.get("pay_settlement_upload")
    text = upload.getvalue() if upload is not None else state.get("pay_settlement_text", "")
    try:
        result = payments.settle(paths.home().root, viewer.actor, viewer.role, text)
    except ops_store.OpsStoreError as exc:
        state["pay_settle_result"] = ("error", f"Settlement refused: {exc}", None)
        return
    differences = pd.DataFrame(
        result.differences,
        columns=[
            "reference",
            "partner",
            "amount",
            "expected_amount",
            "currency",
            "status",
            "problem",
        ],
    )
    state["pay_settle_result"] = (
        "warning" if result.differences else "success",
        f"Marked {len(result.paid)} line(s) paid; {len(result.differences)} difference(s).",
        differences,
    )
    state["pay_settlement_text"] = ""


def render(month: date | None) -> None:
    """The payment file and settlement sections (the page shows them to FINANCE_ROLES)."""
    home = paths.home().root
    st.subheader("Payment file")
    st.session_state["pay_file_month"] = _month_arg(month)
    lines, skipped = payments.payable_lines(home, _month_arg(month))
    if lines:
        preview = pd.DataFrame(lines)[["partner", "method", "currency", "amount"]]
        totals = preview.groupby("currency", as_index=False).agg(
            lines=("partner", "count"), amount=("amount", "sum")
        )
        st.caption("Approved payouts not in a payment file yet, one line per partner and currency")
        st.dataframe(totals, hide_index=True, column_config=money_columns(totals.columns))
    else:
        st.caption("No approved payouts waiting for a payment file.")
    for partner, why in skipped.items():
        st.caption(f"Left out {partner}: {why}")
    st.button("Record payment file", key="pay_file", on_click=_export, disabled=not lines)
    result = st.session_state.pop("pay_file_result", None)
    if result:
        (st.success if result[0] == "success" else st.error)(result[1])
    recorded = st.session_state.get("pay_file_bytes")
    if recorded:
        st.download_button(
            f"Download payment file {recorded[0]} (CSV)",
            data=recorded[1],
            file_name=f"payment_file_{recorded[0]}.csv",
            mime="text/csv",
            key="pay_file_download",
        )

    st.subheader("Settlement")
    st.caption(
        "A payment provider's settlement CSV (reference, amount, currency, status): matching "
        f"lines are marked paid; the rest is shown as differences. Paid so far: "
        f"{len(payments.paid_payout_ids(home))} payout(s)."
    )
    st.file_uploader("Settlement file", type=["csv"], key="pay_settlement_upload")
    st.text_area("…or paste it", key="pay_settlement_text")
    st.button("Record settlement", key="pay_settle", on_click=_settle)
    settled = st.session_state.pop("pay_settle_result", None)
    if settled:
        kind, message, differences = settled
        {"success": st.success, "warning": st.warning, "error": st.error}[kind](message)
        if differences is not None and not differences.empty:
            st.dataframe(
                differences, hide_index=True, column_config=money_columns(differences.columns)
            )


def _close() -> None:
    state, viewer = st.session_state, current_viewer()
    month = state.get("pay_close_month")
    try:
        if viewer.role not in FINANCE_ROLES:  # the page offers it to them only; belt and braces
            raise ops_store.OpsStoreError(f"role {viewer.role} cannot close a period")
        if month is None:
            raise ops_store.OpsStoreError("pick the month to close")
        entry = ops_store.close_period(
            paths.home().root, month, viewer.actor, state.get("pay_close_reason", "")
        )
    except ops_store.OpsStoreError as exc:
        state["pay_close_result"] = ("error", f"Period close refused: {exc}")
    else:
        state["pay_close_result"] = ("success", f"Closed {entry['period_month'][:7]}.")
        state["pay_close_reason"] = ""


def render_period_close(months: list[date]) -> None:
    """Close a month from the page, by ops_store.close_period: the CLI's rules (in order,
    once, with a reason; late data for a closed month lands as adjustments in the first open
    month at the next build)."""
    st.subheader("Period close")
    closes = ops_store.period_closes(paths.home().root)
    closed = {c["period_month"] for c in closes}
    open_months = sorted(m for m in months if m.isoformat() not in closed)
    st.selectbox(
        "Month to close",
        open_months,
        index=0 if open_months else None,
        key="pay_close_month",
        format_func=lambda m: f"{m:%Y-%m}",
    )
    st.text_input("Reason (kept in the audit log)", key="pay_close_reason")
    st.button("Close period", key="pay_close", on_click=_close)
    result = st.session_state.pop("pay_close_result", None)
    if result:
        (st.success if result[0] == "success" else st.error)(result[1])
    if closes:
        st.dataframe(
            pd.DataFrame(closes)[["period_month", "at", "actor", "reason"]], hide_index=True
        )
