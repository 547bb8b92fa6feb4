"""Apply (no sign-in needed): the self-service application to the partner program.

The form is checked and stored as an application entry of the ops store
(partnerledger.ops_store.applications); it lands in the managers' onboarding queue. Nothing
published is read here: a visitor sees only the form and its own outcome.
"""

import streamlit as st

from app import auth
from partnerledger import paths
from partnerledger.ops_store import OpsStoreError, applications, partner_requests

TEXT = {
    "title": "Apply to become a partner",
    "intro": "Tell us about your business; a partner manager reviews every application.",
    "company": "Company",
    "contact_name": "Contact name",
    "email": "E-mail",
    "traffic_sources": "Traffic sources",
    "verticals": "Verticals",
    "countries": "Countries you send traffic from (ISO codes, comma-separated, e.g. DE, MT)",
    "method": "Payout method",
    "submit": "Send application",
    "sent": "Thank you: application {application_id} is with our partner team.",
    "refused": "Application not sent: {problem}",
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

st.title(TEXT["title"])
st.caption(TEXT["intro"])
done = st.session_state.pop("apply_sent", None)
if done:
    st.success(TEXT["sent"].format(application_id=done))

method = st.selectbox(
    TEXT["method"],
    list(partner_requests.METHODS),
    format_func=partner_requests.METHOD_LABELS.get,
    key="apply_method",
)
with st.form("apply_form"):
    limit = applications.MAX_TEXT
    form = {
        "company": st.text_input(TEXT["company"], max_chars=limit, key="apply_company"),
        "contact_name": st.text_input(TEXT["contact_name"], max_chars=limit, key="apply_contact"),
        "email": st.text_input(TEXT["email"], max_chars=254, key="apply_email"),
        "traffic_sources": st.multiselect(
            TEXT["traffic_sources"], applications.TRAFFIC_SOURCES, key="apply_traffic"
        ),
        "verticals": st.multiselect(
            TEXT["verticals"], applications.VERTICALS, key="apply_verticals"
        ),
        "countries": st.text_input(TEXT["countries"], max_chars=400, key="apply_countries"),
        "payout_method": method,
        "payout_details": {
            field: st.text_input(TEXT["field"][field], max_chars=size, key=f"apply_{field}")
            for field, (_, size, _) in partner_requests.METHODS[method].items()
        },
    }
    submitted = st.form_submit_button(TEXT["submit"])
if submitted:
    form["countries"] = form["countries"].split(",")
    try:
        made = applications.submit_application(paths.home().root, form, client=auth.client_key())
    except OpsStoreError as exc:
        st.error(TEXT["refused"].format(problem=exc))
    else:
        st.session_state["apply_sent"] = made["application_id"]
        st.rerun()
