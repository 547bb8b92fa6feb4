"""Change password: every signed-in user's own, and the only page while a one-time password
(an approved application, an administrator's `reset-password --one-time`) is still in use.

The policy (length, spaces) is partnerledger.ops_store.users' one check; the change is an
entry of the audit chain (`password_changed`, actor `user:<login>`).
"""

from __future__ import annotations

import streamlit as st

from app import auth, i18n
from app.guards import require
from partnerledger.ops_store import users

viewer = require(
    {"admin", "manager", "finance", "partner"}, published=False, one_time_password=True
)
t = i18n.words_for(viewer)
st.title(t("password.title"))
if viewer.must_change_password:
    st.warning(t("password.must_change"))
if st.session_state.pop("_password_changed", False):
    st.success(t("password.done"))
# clear_on_submit: no password stays in the session state after the attempt
with st.form("change_password", clear_on_submit=True):
    current = st.text_input(t("password.current"), type="password", autocomplete="current-password")
    new = st.text_input(t("password.new"), type="password", autocomplete="new-password")
    repeated = st.text_input(t("password.repeat"), type="password", autocomplete="new-password")
    st.caption(t("password.rule", length=users.MIN_PASSWORD_LENGTH))
    submitted = st.form_submit_button(t("password.submit"))
if submitted:
    problem = auth.change_password(current, new, repeated)
    if problem:
        st.error(problem)
    else:
        st.session_state["_password_changed"] = True
        st.rerun()  # the full navigation of the user's role, once the password is their own
