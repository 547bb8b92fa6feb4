"""Sign-in through the app's form (AppTest on the entrypoint) against a real ops store."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from app_testkit import (
    TEST_PASSWORD,
    ensure_user,
    open_app,
    open_page,
    page_text,
    sign_in_through_form,
)

from app import auth
from partnerledger import ops_store
from partnerledger.ops_store import users


def _events(home) -> list[tuple[str, str]]:
    return [(e["event"], e["login"]) for e in users.sign_in_events(home)]


def _form_shown(at) -> bool:
    return [t.label for t in at.text_input] == ["Login", "Password"]


def test_sign_in_opens_the_app_and_is_audited(home):
    ensure_user(home, "manager")
    at = sign_in_through_form(open_app(), "  Manager ", TEST_PASSWORD)  # case, spaces ignored
    assert not at.exception
    assert at.title[0].value == "Segments"  # the first page of a manager
    assert at.sidebar.children  # the sidebar is drawn once signed in
    assert _events(home) == [("signed_in", "manager")]
    assert users.user(home, "manager")["last_sign_in"] is not None
    assert ops_store.verify_chain(home) == []


def test_wrong_password_and_unknown_login_fail_with_the_same_message(home):
    ensure_user(home, "manager")
    wrong = sign_in_through_form(open_app(), "manager", "not-the-password")
    unknown = sign_in_through_form(open_app(), "nobody", "not-the-password")
    assert wrong.error[0].value == unknown.error[0].value == users.FAILED_MESSAGE
    assert "login" in users.FAILED_MESSAGE and "exist" not in users.FAILED_MESSAGE
    assert _form_shown(wrong) and _form_shown(unknown)
    assert not wrong.title[1:] and not wrong.dataframe
    assert _events(home) == [("failed", "manager"), ("failed", "nobody")]


def test_five_failures_lock_the_login_even_for_the_right_password(home):
    ensure_user(home, "manager")
    at = open_app()
    for _ in range(users.MAX_FAILURES_PER_LOGIN - 1):
        at = sign_in_through_form(at, "manager", "not-the-password")
        assert at.error[0].value == users.FAILED_MESSAGE
    at = sign_in_through_form(at, "manager", "not-the-password")  # the 5th
    assert "Too many failed sign-ins for this login" in at.error[0].value
    assert "locked for 15 minutes" in at.error[0].value
    at = sign_in_through_form(at, "manager", TEST_PASSWORD)
    assert "Too many failed sign-ins for this login" in at.error[0].value
    assert _form_shown(at)
    events = users.sign_in_events(home)
    assert [e["event"] for e in events] == ["failed"] * 5 + ["locked_out", "refused_locked"]
    assert events[5]["lock_scope"] == "login"
    # 15 minutes after the lock-out the right password is accepted again
    later = users.utcnow() + users.LOCKOUT + timedelta(seconds=1)
    assert users.sign_in(home, "manager", TEST_PASSWORD, "elsewhere", now=later).user


def test_an_unknown_login_locks_like_a_known_one(home):
    # The lock-out message must not tell whether the login exists either.
    ensure_user(home, "manager")
    messages = []
    for login in ("manager", "nobody"):
        for _ in range(users.MAX_FAILURES_PER_LOGIN):
            result = users.sign_in(home, login, "not-the-password", f"client-{login}")
        messages.append(result.message.split(", until")[0])
    assert messages[0] == messages[1]
    assert "this login" in messages[0]


def test_twenty_failures_from_one_client_lock_that_client(home):
    ensure_user(home, "manager")
    at = open_app()
    # 20 different logins: no login reaches its own limit of 5, the client reaches 20
    for i in range(users.MAX_FAILURES_PER_CLIENT):
        at = sign_in_through_form(at, f"guess-{i}", "not-the-password")
    assert "Too many failed sign-ins for this device or network" in at.error[0].value
    at = sign_in_through_form(at, "manager", TEST_PASSWORD)
    assert "this device or network" in at.error[0].value
    assert _form_shown(at)
    locks = [e for e in users.sign_in_events(home) if e["event"] == "locked_out"]
    assert [e["lock_scope"] for e in locks] == ["client"]
    # the login itself is not locked: from another client it signs in
    assert users.sign_in(home, "manager", TEST_PASSWORD, "another-client").user


def _signed_in_as_manager(home):
    ensure_user(home, "manager")
    at = sign_in_through_form(open_app(), "manager", TEST_PASSWORD)
    assert at.title[0].value == "Segments"
    return at


def _idle_for(at, minutes: float) -> None:
    session = at.session_state[auth.SESSION_KEY]
    at.session_state[auth.SESSION_KEY] = replace(
        session, last_seen=session.last_seen - timedelta(minutes=minutes)
    )


def test_a_session_idle_longer_than_the_limit_ends(home):
    at = _signed_in_as_manager(home)
    _idle_for(at, 29)  # default limit 30 minutes: still signed in
    at.run()
    assert at.title[0].value == "Segments"
    _idle_for(at, 31)
    at.run()
    assert _form_shown(at)
    assert "Your session ended after 30 minutes without activity" in at.info[0].value
    assert _events(home) == [("signed_in", "manager"), ("expired", "manager")]


def test_the_idle_limit_comes_from_the_environment(home, monkeypatch):
    monkeypatch.setenv(auth.IDLE_ENV, "5")
    at = _signed_in_as_manager(home)
    _idle_for(at, 6)
    at.run()
    assert "after 5 minutes" in at.info[0].value
    monkeypatch.setenv(auth.IDLE_ENV, "soon")
    with pytest.raises(ValueError, match="PARTNERLEDGER_SESSION_IDLE_MINUTES"):
        auth.idle_limit()


def test_sign_out_ends_the_session(home):
    at = _signed_in_as_manager(home)
    at.sidebar.button(key="sign_out").click().run()
    assert _form_shown(at)
    assert "You are signed out" in at.info[0].value
    assert auth.SESSION_KEY not in at.session_state
    assert _events(home) == [("signed_in", "manager"), ("signed_out", "manager")]


def test_a_disabled_user_is_refused_and_its_open_session_ends(home):
    at = _signed_in_as_manager(home)
    users.disable_user(home, "manager", actor="test")
    at.run()  # the next click of the open session
    assert _form_shown(at)
    assert "no longer active" in at.info[0].value
    at = sign_in_through_form(at, "manager", TEST_PASSWORD)
    assert at.error[0].value == users.DISABLED_MESSAGE
    assert _events(home)[-1] == ("refused_disabled", "manager")


def test_a_partner_sees_its_own_partner_whatever_the_session_state_says(home):
    ensure_user(home, "partner", "P2")
    at = sign_in_through_form(open_app(), "partner-p2", TEST_PASSWORD)
    assert at.title[0].value == "Dashboard"
    assert [s.label for s in at.selectbox] == ["Language"]  # no partner selector anywhere
    # The old demo keys, and any other, cannot switch the partner: it is the user record's.
    at.session_state["role"] = "manager"
    at.session_state["partner_id"] = "P1"
    at.run()
    assert at.title[0].value == "Dashboard"
    # P2 May: revshare 400.00 EUR
    assert next(m for m in at.metric if m.label == "Total EUR").value == "€400.00"
    assert "Alpha" not in page_text(at) and "640.00" not in page_text(at)


def test_the_password_is_never_stored_in_clear(home):
    password = "Sesame-Open-7731"
    users.add_user(home, "ann", "finance", password, actor="test")
    assert users.sign_in(home, "ann", password, "c1").user
    assert users.sign_in(home, "ann", "Typo-Sesame-7731", "c1").user is None
    users.reset_password(home, "ann", "Second-Sesame-9", actor="test")
    for path in home.iterdir():
        if path.name.startswith("ops.sqlite"):
            blob = path.read_bytes()
            for secret in (password, "Typo-Sesame-7731", "Second-Sesame-9"):
                assert secret.encode() not in blob, f"{secret} in {path.name}"
    assert b"$argon2id$" in (home / "ops.sqlite").read_bytes()
    assert all("password_hash" not in u for u in users.users(home))


def test_the_admin_sees_the_users_page_and_no_business_data(home):
    ensure_user(home, "partner", "P1")
    at = open_page("users.py", "admin")
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown["login"]) == ["admin", "partner-p1"]
    assert "argon2" not in shown.to_csv()
    assert "This page is for" in open_page("overview.py", "admin").warning[0].value
    assert "This page is for the admin role" in open_page("users.py", "manager").warning[0].value


def test_an_error_shows_a_notice_not_a_traceback(home, caplog):
    at = _signed_in_as_manager(home)
    # A serving file that is not a DuckDB file: every read of it fails.
    (home / "serving.duckdb").write_bytes(b"not a duckdb file" * 100)
    at.run()
    assert not at.exception  # no traceback reaches the browser
    assert at.error[0].value.startswith("Something went wrong while drawing this page")
    assert "uncaught error in a page of the app" in caplog.text  # the detail is logged
