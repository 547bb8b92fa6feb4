"""The entrypoint: sidebar, demo login and role-based navigation run without errors."""

from app_testkit import REPO
from streamlit.testing.v1 import AppTest


def _entry() -> AppTest:
    return AppTest.from_file(str(REPO / "app" / "streamlit_app.py"), default_timeout=60)


def test_entrypoint_defaults_to_manager_overview(home):
    at = _entry().run()
    assert not at.exception
    assert at.sidebar.selectbox(key="role").value == "manager"
    assert at.title[0].value == "Overview"
    # the time the publish asset wrote into main.published_at (UTC)
    assert any("Published: 2026-06-01 08:00 UTC" in c.value for c in at.sidebar.caption)


def test_entrypoint_partner_login_opens_my_statement(home):
    at = _entry().run()
    at.sidebar.selectbox(key="role").set_value("partner").run()
    at.sidebar.selectbox(key="partner_id").set_value("P2").run()
    assert not at.exception
    assert at.title[0].value == "My statement"
    # P2 May: 400.00 EUR
    assert at.metric[0].value == "400.00"


def test_entrypoint_without_publish(empty_home):
    at = _entry().run()
    assert not at.exception
    assert any("Published: never" in c.value for c in at.sidebar.caption)
    assert "Nothing published yet" in at.info[0].value
