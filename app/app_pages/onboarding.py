"""Onboarding (managers; finance sees the payout reviews): applications, review flags,
payout requests and announcements to partners.

Approving an application creates the partner's user for a partner id the manager picks from
the published partners (creating partners belongs to the back office's landing files) and
shows its one-time password once. Payout-details flags and payout requests are the partner
portal's entries in the ops store that finance acts on before paying.
"""

import pandas as pd
import streamlit as st

from app import data
from app.guards import require
from partnerledger import paths
from partnerledger.ops_store import OpsStoreError, applications, notices, partner_requests

TEXT = {
    "title": "Onboarding and partner requests",
    "queue": "Applications waiting for a decision",
    "no_applications": "No application is waiting.",
    "pick": "Application",
    "partner": "Partner id (published partners; new partners come from the back office files)",
    "login": "Login of the new partner user",
    "approve": "Approve and create user",
    "reason": "Reason (kept in the audit log)",
    "reject": "Reject",
    "approved": (
        "User {login} created for partner {partner_id}. One-time password (shown once, hand "
        "it to the partner over a separate channel): {password}"
    ),
    "rejected": "Application {application_id} rejected.",
    "refused": "Refused: {problem}",
    "not_published": "Publish the marts first: approval needs a published partner id.",
    "flags": "Payout review flags",
    "no_flags": "No open review flag.",
    "clear_pick": "Flag to clear (partner)",
    "clear": "Clear flag (details confirmed with the partner)",
    "cleared": "Flag cleared for {partner_id}.",
    "requests": "Payout requests (finance's queue)",
    "no_requests": "No open payout request.",
    "close_pick": "Request to close",
    "close": "Close request (paid or refused)",
    "closed": "Request {request_id} closed.",
    "announce": "Announcement to partners",
    "announce_title": "Title",
    "announce_body": "Text",
    "announce_to": "To one partner (empty: every partner)",
    "post": "Post announcement",
    "posted": "Announcement posted.",
}

viewer = require({"manager", "finance"}, published=False)
home = paths.home().root
st.title(TEXT["title"])
flash = st.session_state.pop("onb_flash", None)
if flash:
    getattr(st, flash[0])(flash[1])


def _done(kind: str, message: str) -> None:
    st.session_state["onb_flash"] = (kind, message)
    st.rerun()


st.subheader(TEXT["queue"])
waiting = applications.applications(home, "submitted")
if not waiting:
    st.info(TEXT["no_applications"])
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "application_id": a["application_id"],
                    "submitted_at": a["submitted_at"],
                    "company": a["form"]["company"],
                    "contact_name": a["form"]["contact_name"],
                    "email": a["form"]["email"],
                    "traffic_sources": ", ".join(a["form"]["traffic_sources"]),
                    "verticals": ", ".join(a["form"]["verticals"]),
                    "countries": ", ".join(a["form"]["countries"]),
                    "payout_method": partner_requests.METHOD_LABELS[a["form"]["payout_method"]],
                }
                for a in waiting
            ]
        ),
        hide_index=True,
        key="onb_queue",
    )
    picked = st.selectbox(
        TEXT["pick"], [a["application_id"] for a in waiting], key="onb_application"
    )
    if viewer.role == "manager":
        if data.is_published():
            partners = data.partners()
            partner_id = st.selectbox(
                TEXT["partner"],
                list(partners["partner_id"]),
                format_func=lambda p: (
                    f"{p} — {partners.set_index('partner_id').loc[p, 'display_name']}"
                ),
                key="onb_partner",
            )
            login = st.text_input(TEXT["login"], max_chars=100, key="onb_login")
            if st.button(TEXT["approve"], key="onb_approve"):
                try:
                    user = applications.approve_application(
                        home, picked, partner_id, login, actor=viewer.actor, role=viewer.role
                    )
                except OpsStoreError as exc:
                    st.error(TEXT["refused"].format(problem=exc))
                else:
                    # shown on this run only: the password is never stored in clear
                    st.success(TEXT["approved"].format(**user))
        else:
            st.info(TEXT["not_published"])
        reason = st.text_input(TEXT["reason"], max_chars=500, key="onb_reason")
        if st.button(TEXT["reject"], key="onb_reject"):
            try:
                applications.reject_application(
                    home, picked, reason, actor=viewer.actor, role=viewer.role
                )
            except OpsStoreError as exc:
                st.error(TEXT["refused"].format(problem=exc))
            else:
                _done("success", TEXT["rejected"].format(application_id=picked))

st.subheader(TEXT["flags"])
flags = partner_requests.open_payout_flags(home)
if not flags:
    st.info(TEXT["no_flags"])
else:
    st.dataframe(
        pd.DataFrame(flags)[["partner_id", "flag", "at", "reason"]],
        hide_index=True,
        key="onb_flags",
    )
    flagged = st.selectbox(
        TEXT["clear_pick"],
        [(f["partner_id"], f["flag"]) for f in flags],
        key="onb_flag_pick",
        format_func=lambda f: f"{f[0]}: {f[1]}",
    )
    why = st.text_input(TEXT["reason"], max_chars=500, key="onb_flag_reason")
    if st.button(TEXT["clear"], key="onb_clear"):
        try:
            partner_requests.clear_payout_flag(
                home, flagged[0], flagged[1], why, actor=viewer.actor, role=viewer.role
            )
        except OpsStoreError as exc:
            st.error(TEXT["refused"].format(problem=exc))
        else:
            _done("success", TEXT["cleared"].format(partner_id=flagged[0]))

st.subheader(TEXT["requests"])
requests = partner_requests.open_payout_requests(home)
if not requests:
    st.info(TEXT["no_requests"])
else:
    st.dataframe(
        pd.DataFrame(requests)[["request_id", "partner_id", "at", "amount", "currency", "reason"]],
        hide_index=True,
        key="onb_requests",
    )
    if viewer.role == "finance":
        request_id = st.selectbox(
            TEXT["close_pick"], [r["request_id"] for r in requests], key="onb_request_pick"
        )
        why = st.text_input(TEXT["reason"], max_chars=500, key="onb_request_reason")
        if st.button(TEXT["close"], key="onb_close"):
            try:
                partner_requests.close_payout_request(
                    home, request_id, why, actor=viewer.actor, role=viewer.role
                )
            except OpsStoreError as exc:
                st.error(TEXT["refused"].format(problem=exc))
            else:
                _done("success", TEXT["closed"].format(request_id=request_id))

if viewer.role == "manager":
    st.subheader(TEXT["announce"])
    with st.form("onb_announce", clear_on_submit=True):
        title = st.text_input(TEXT["announce_title"], max_chars=notices.MAX_TITLE)
        body = st.text_area(TEXT["announce_body"], max_chars=notices.MAX_BODY)
        to = st.text_input(TEXT["announce_to"], max_chars=100)
        post = st.form_submit_button(TEXT["post"])
    known = set(data.partners()["partner_id"]) if data.is_published() else set()
    if post and to.strip() and to.strip() not in known:
        st.error(TEXT["refused"].format(problem=f"{to.strip()} is not a published partner"))
    elif post:
        try:
            notices.post_announcement(
                home, title, body, actor=viewer.actor, role=viewer.role, partner_id=to.strip()
            )
        except OpsStoreError as exc:
            st.error(TEXT["refused"].format(problem=exc))
        else:
            _done("success", TEXT["posted"])
