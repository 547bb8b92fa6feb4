"""What every page checks before drawing: is anything published, may this viewer see it."""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from app import data
from app.auth import Viewer, current_viewer


def require(
    roles: Collection[str], *, published: bool = True, one_time_password: bool = False
) -> Viewer:
    """The session's signed-in viewer, or stop the page with a notice saying what is missing.

    Pages call this themselves (not only the navigation) so that a page opened directly
    still never shows data to a role it is not meant for, nor to nobody signed in.
    `published=False` for a page that does not read the published marts;
    `one_time_password=True` only for the page that replaces a one-time password.
    """
    viewer = current_viewer()
    if viewer.role is None:
        st.warning("Sign in to see this page.")
        st.stop()
    if viewer.role not in roles:
        st.warning(
            "This page is for the " + " or ".join(sorted(roles)) + " role; "
            f"you are signed in as {viewer.role}."
        )
        st.stop()
    if viewer.must_change_password and not one_time_password:
        st.warning("Choose your own password first (Change password).")
        st.stop()
    if viewer.role == "partner" and not viewer.partner_id:
        st.info("Your user has no partner id: ask an administrator to grant it one.")
        st.stop()
    if published and not data.is_published():
        st.info(data.NOT_PUBLISHED_MESSAGE)
        st.stop()
    return viewer


# Money: two decimals with thousands separators ("1,234.00"; negatives in parentheses), the
# format every manager and finance table shows amounts in; exports keep the exact Decimals.
MONEY_FORMAT = "accounting"
RATIO_COLUMNS = {"cost_ratio", "growth", "commission_to_ngr", "growth_rate"}
COUNT_COLUMNS = {"active_partners", "ftds", "ftd_count", "cpa_count", "lines", "brands", "lots"}
# Exact quantities stored with 8 decimals (DECIMAL(24,8)): shown without trailing zeros.
QUANTITY_COLUMNS = {
    "basis_amount",
    "rate",
    "current_metric_value",
    "average_metric_value",
    "risk_score",
}
# Human labels where the column name does not read as one (the rest: underscores to spaces).
LABELS = {
    "partner_id": "Partner",
    "display_name": "Name",
    "brand_id": "Brand",
    "brand_name": "Brand name",
    "deal_id": "Deal",
    "deal_version": "Version",
    "ngr_usd": "NGR (USD)",
    "trading_revenue_usd": "Trading revenue (USD)",
    "challenge_fees_usd": "Challenge fees (USD)",
    "revenue_usd": "Attributed revenue (USD)",
    "previous_revenue_usd": "Previous window revenue (USD)",
    "commissions_usd": "Commission cost (USD)",
    "amount_usd": "Amount (USD)",
    "cost_ratio": "Cost ratio",
    "growth": "Growth vs previous window",
    "ftds": "FTDs",
    "period_month": "Month",
    "line_id": "Line id",
    "kyc_status": "KYC status",
    "tree_depth": "Tree depth",
}


def _is_money(column: str) -> bool:
    return column in {"amount", *data.statement_figures()} or column.endswith("_usd")


def money_columns(df_columns: Collection[str]) -> dict[str, st.column_config.NumberColumn]:
    """Column config showing Decimal amounts with two decimals and thousands separators."""
    return {
        c: st.column_config.NumberColumn(format=MONEY_FORMAT) for c in df_columns if _is_money(c)
    }


def label(column: str) -> str:
    return LABELS.get(column) or column.replace("_", " ").capitalize()


def table_config(df_columns: Collection[str]) -> dict[str, st.column_config.Column]:
    """Human labels for every column; money, ratios (as percentages) and counts formatted."""
    out: dict[str, st.column_config.Column] = {}
    for c in df_columns:
        if _is_money(c):
            out[c] = st.column_config.NumberColumn(label(c), format=MONEY_FORMAT)
        elif c in RATIO_COLUMNS:
            out[c] = st.column_config.NumberColumn(label(c), format="percent")
        elif c in COUNT_COLUMNS or c in QUANTITY_COLUMNS:
            out[c] = st.column_config.NumberColumn(label(c), format="localized")
        else:
            out[c] = st.column_config.Column(label(c))
    return out
