"""The entrypoint: nothing but the sign-in form until signed in, then the role's navigation."""

from app_testkit import TEST_PASSWORD, ensure_user, open_app, sign_in_through_form


def _labels(at) -> list[str]:
    return [w.label for w in (*at.text_input, *at.button)]


def test_entrypoint_shows_only_the_sign_in_form(home):
    at = open_app()
    assert not at.exception
    assert _labels(at) == ["Login", "Password", "Sign in"]
    # nothing else: no sidebar (no publish time, no server path), no data
    assert not at.sidebar.children
    assert not at.dataframe and not at.metric and not at.caption


def test_entrypoint_manager_sign_in_opens_segments(home):
    ensure_user(home, "manager")
    at = sign_in_through_form(open_app(), "manager", TEST_PASSWORD)
    assert not at.exception
    # the first page a partner manager opens (docs/decisions/029-managers-workspace.md)
    assert at.title[0].value == "Segments"
    # the time the publish asset wrote into main.published_at (UTC)
    captions = [c.value for c in at.sidebar.caption]
    assert any("Published: 2026-06-01 08:00 UTC" in c for c in captions)
    assert any("Signed in as **manager** (manager)" in c for c in captions)
    # the server's home path is no longer shown to anyone
    assert not any(str(home) in c or "Home:" in c for c in captions)


def test_entrypoint_partner_sign_in_opens_the_portal_dashboard(home):
    ensure_user(home, "partner", "P2")
    at = sign_in_through_form(open_app(), "partner-p2", TEST_PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Dashboard"
    # P2 May: revshare 25% x NGR 1,600 EUR = 400.00 EUR
    assert next(m for m in at.metric if m.label == "Total EUR").value == "€400.00"


def test_entrypoint_without_publish(empty_home):
    ensure_user(empty_home, "manager")
    at = sign_in_through_form(open_app(), "manager", TEST_PASSWORD)
    assert not at.exception
    assert any("Published: never" in c.value for c in at.sidebar.caption)
    assert "Nothing published yet" in at.info[0].value
