"""Who is looking at the app: the signed-in user of this Streamlit session.

The sign-in page (app/app_pages/sign_in.py) checks a login and password against the users
of the operational store (partnerledger.ops_store.users, argon2 hashes, lock-outs) and keeps
only a `Session` (login and last activity) in the session state, under a key no widget uses.
Every run derives the viewer from the user's CURRENT record in the store: the role and the
partner id are never read from the session state, so a disabled user or a changed role
takes effect at the next click, and no session-state key can switch a partner's id.
A session ends at sign-out or after PARTNERLEDGER_SESSION_IDLE_MINUTES (default 30) without
a run; both are written to the audit chain (docs/decisions/012-sign-in.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from partnerledger import paths
from partnerledger.ops_store import OpsStoreError, users

SESSION_KEY = "_partnerledger_session"  # never a widget key: the browser cannot set it
NOTICE_KEY = "_partnerledger_sign_in_notice"
IDLE_ENV = "PARTNERLEDGER_SESSION_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30


@dataclass(frozen=True)
class Viewer:
    """The signed-in user's role and, for partners, the one partner they see."""

    role: str | None
    partner_id: str | None = None
    login: str | None = None
    display_name: str | None = None
    # a one-time password (an approved application, an administrator's reset) is replaced
    # before any other page opens: the navigation holds the change-password page only
    must_change_password: bool = False

    @property
    def actor(self) -> str:
        """Name written to the ops store's audit log for decisions made in this session."""
        return f"app:{self.login}" if self.login else f"app:{self.role}"


@dataclass(frozen=True)
class Session:
    """What the session state holds once signed in: who, and when they were last active."""

    login: str
    signed_in_at: datetime
    last_seen: datetime

    @classmethod
    def start(cls, login: str) -> Session:
        now = users.utcnow()
        return cls(login=login, signed_in_at=now, last_seen=now)


def idle_limit() -> timedelta:
    """How long a session may go without a run before it ends (env, default 30 minutes)."""
    raw = os.environ.get(IDLE_ENV, "").strip()
    if not raw:
        return timedelta(minutes=DEFAULT_IDLE_MINUTES)
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{IDLE_ENV}={raw!r}: give a whole number of minutes, 1 or more")
    return timedelta(minutes=int(raw))


def client_key() -> str:
    """Whom the per-client sign-in limit counts: the first X-Forwarded-For address behind a
    proxy, else the connection's address, else (localhost, tests) the Streamlit session."""
    # isinstance: only text counts (AppTest's stand-in runtime answers with other objects)
    forwarded = st.context.headers.get("X-Forwarded-For")
    first_hop = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else ""
    if first_hop:
        return f"ip:{first_hop}"
    ip = st.context.ip_address
    if isinstance(ip, str) and ip:
        return f"ip:{ip}"
    ctx = get_script_run_ctx()
    return f"session:{ctx.session_id if ctx else 'none'}"


def _home():
    return paths.home().root


def _end(event: str, session: Session, notice: str | None) -> None:
    st.session_state.pop(SESSION_KEY, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice
    users.record_session_event(_home(), event, session.login, client_key())


def sign_in(login: str, password: str) -> str | None:
    """Check the form's login and password; on success start the session, else the message."""
    result = users.sign_in(_home(), login, password, client_key())
    if result.user is None:
        return result.message
    st.session_state[SESSION_KEY] = Session.start(result.user["login"])
    return None


def sso_configured() -> bool:
    """Single sign-on is offered when `[auth]` is configured in Streamlit's secrets."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all: local passwords only
        return False


def _identity_email() -> str | None:
    user = st.user
    return user.get("email") if user.get("is_logged_in") else None


def sign_in_identity() -> str | None:
    """After the identity provider's redirect: start the session of the user whose login is
    the verified e-mail; None on success, else the message (and the provider's session ends,
    so the page offers the choice again)."""
    result = users.sign_in_identity(_home(), _identity_email(), client_key())
    if result.user is None:
        st.logout()
        return result.message
    st.session_state[SESSION_KEY] = Session.start(result.user["login"])
    return None


def sign_out() -> None:
    session = st.session_state.get(SESSION_KEY)
    if isinstance(session, Session):
        _end("signed_out", session, "You are signed out.")
        if sso_configured() and _identity_email():
            st.logout()


def pop_notice() -> str | None:
    """A message for the sign-in page about how the last session ended, shown once."""
    return st.session_state.pop(NOTICE_KEY, None)


def current_viewer() -> Viewer:
    """The viewer of this session, from the signed-in user's current record in the store.

    Role None when nobody is signed in, the session has been idle too long (it ends here,
    written to the audit chain) or the user no longer exists or is disabled.
    """
    session = st.session_state.get(SESSION_KEY)
    if not isinstance(session, Session):
        return Viewer(role=None)
    now = users.utcnow()
    limit = idle_limit()
    if now - session.last_seen > limit:
        minutes = int(limit.total_seconds() // 60)
        _end("expired", session, f"Your session ended after {minutes} minutes without activity.")
        return Viewer(role=None)
    record = users.user(_home(), session.login)
    if record is None or record["state"] != "active":
        st.session_state.pop(SESSION_KEY, None)
        st.session_state[NOTICE_KEY] = "You were signed out: your user is no longer active."
        return Viewer(role=None)
    st.session_state[SESSION_KEY] = replace(session, last_seen=now)
    return Viewer(
        role=record["role"],
        partner_id=record["partner_id"] if record["role"] == "partner" else None,
        login=record["login"],
        display_name=record["display_name"],
        must_change_password=record["must_change_password"],
    )


def change_password(current_password: str, new_password: str, repeated: str) -> str | None:
    """The signed-in user's own password change; None on success, else the message."""
    session = st.session_state.get(SESSION_KEY)
    if not isinstance(session, Session):
        return "Sign in first."
    if new_password != repeated:
        return "The two new passwords differ."
    try:
        users.change_password(_home(), session.login, current_password, new_password)
    except OpsStoreError as problem:
        return str(problem)
    return None
