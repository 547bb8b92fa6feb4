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


def money_columns(df_columns: Collection[str]) -> dict[str, st.column_config.NumberColumn]:
    """Column config showing Decimal amounts with two decimals and thousands separators."""
    amounts = {"amount", "amount_usd", *data.statement_figures()}
    return {c: st.column_config.NumberColumn(format="%.2f") for c in df_columns if c in amounts}
