"""One-time passwords: a password somebody else chose (an approved application, an
administrator's `reset-password --one-time`) opens only the change-password page until the
user has chosen their own; the change is audited and the old password stops working."""

from __future__ import annotations

from app_testkit import TEST_PASSWORD, ensure_user, open_app, page_text, sign_in_through_form

from partnerledger import ops_store
from partnerledger.ops_store import users

HANDED_OVER = "handed-over-once-1"
OWN = "my-own-password-22"


def _change_through_form(at, current: str, new: str, repeated: str):
    fields = {t.label: t for t in at.text_input}
    fields["Current password"].input(current)
    fields["New password"].input(new)
    fields["New password again"].input(repeated)
    return next(b for b in at.button if b.label == "Change password").click().run()


def test_a_one_time_password_opens_only_the_change_page_until_it_is_replaced(home):
    ensure_user(home, "manager")
    users.reset_password(home, "manager", HANDED_OVER, one_time=True, actor="admin")
    assert users.user(home, "manager")["must_change_password"] is True

    at = sign_in_through_form(open_app(), "manager", HANDED_OVER)
    assert not at.exception
    assert at.title[0].value == "Change your password"
    assert "works only once" in page_text(at)
    assert not at.dataframe  # no data page is reachable before the change

    # the policy and the repetition are checked; nothing changes on a refusal
    at = _change_through_form(at, HANDED_OVER, "short", "short")
    assert "at least 10 characters" in at.error[0].value
    at = _change_through_form(at, HANDED_OVER, OWN, OWN + "x")
    assert at.error[0].value == "The two new passwords differ."
    at = _change_through_form(at, "not-the-current-one", OWN, OWN)
    assert at.error[0].value == "the current password is not right"
    assert users.user(home, "manager")["must_change_password"] is True

    at = _change_through_form(at, HANDED_OVER, OWN, OWN)
    assert not at.exception
    assert at.title[0].value == "Segments"  # a manager's first page, once changed
    assert users.user(home, "manager")["must_change_password"] is False
    # the chain records who changed it; the handed-over password no longer signs in
    events = [e for e in ops_store.chain.entries(home, "user_events") if e["login"] == "manager"]
    assert [(e["event"], e["actor"]) for e in events][-2:] == [
        ("one_time_password", "admin"),
        ("password_changed", "user:manager"),
    ]
    assert users.sign_in(home, "manager", HANDED_OVER, "c").user is None
    assert users.sign_in(home, "manager", OWN, "c").user is not None
    assert ops_store.verify_chain(home) == []


def test_a_plain_reset_and_a_new_user_need_no_change(home):
    ensure_user(home, "finance")
    assert users.user(home, "finance")["must_change_password"] is False
    users.reset_password(home, "finance", TEST_PASSWORD + "2", actor="admin")
    assert users.user(home, "finance")["must_change_password"] is False
    users.add_user(home, "newcomer", "manager", HANDED_OVER, one_time=True, actor="admin")
    assert users.user(home, "newcomer")["must_change_password"] is True


def test_single_sign_on_maps_a_verified_email_to_its_user_and_is_audited(home):
    users.add_user(home, "ann@example.com", "manager", OWN, actor="admin")
    users.add_user(home, "gone@example.com", "manager", OWN, actor="admin")
    users.disable_user(home, "gone@example.com", actor="admin")
    found = users.sign_in_identity(home, "Ann@Example.com", "ip:1")
    assert found.user["login"] == "ann@example.com" and found.user["role"] == "manager"
    for email in ("gone@example.com", "stranger@example.com", None):
        refused = users.sign_in_identity(home, email, "ip:1")
        assert refused.user is None and refused.message == users.IDENTITY_WITHOUT_USER_MESSAGE
    assert [(e["event"], e["login"]) for e in users.sign_in_events(home)] == [
        ("signed_in", "ann@example.com"),
        ("failed", "gone@example.com"),
        ("failed", "stranger@example.com"),
        ("failed", "-"),
    ]


def test_the_sign_in_page_offers_single_sign_on_only_when_configured(home):
    plain = open_app()
    assert [b.label for b in plain.button] == ["Sign in"]
    configured = open_app()
    configured.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    configured.run()
    assert not configured.exception
    assert "Sign in with single sign-on" in [b.label for b in configured.button]
