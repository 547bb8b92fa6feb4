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

if auth.sso_configured():
    # OIDC through Streamlit (`[auth]` in .streamlit/secrets.toml); the role still comes from
    # the user row whose login is the verified e-mail (docs/decisions/012-sign-in.md)
    if st.user.get("is_logged_in"):
        problem = auth.sign_in_identity()
        if problem:
            st.error(problem)
        else:
            st.rerun()
    st.button("Sign in with single sign-on", on_click=st.login, icon=":material/key:")

st.divider()
# The application form needs no account: it lands in the managers' onboarding queue.
st.page_link("app_pages/apply.py", label="Apply to become a partner", icon=":material/how_to_reg:")
