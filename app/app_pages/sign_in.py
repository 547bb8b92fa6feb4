"""Sign in: the only page anyone sees until they are signed in (app/auth.py)."""

from __future__ import annotations

import streamlit as st

from app import auth

st.title("PartnerLedger")
notice = auth.pop_notice()
if notice:
    st.info(notice)
# clear_on_submit: the password does not stay in the session state after the attempt.
with st.form("sign_in", clear_on_submit=True):
    login = st.text_input("Login", autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in")
if submitted:
    problem = auth.sign_in(login, password)
    if problem:
        st.error(problem)
    else:
        st.rerun()  # draw the navigation of the signed-in user's role

st.divider()
# The application form needs no account: it lands in the managers' onboarding queue.
st.page_link("app_pages/apply.py", label="Apply to become a partner", icon=":material/how_to_reg:")
