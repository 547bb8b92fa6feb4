"""Notices page (partner portal): announcements, deal amendments before/after, read state."""

import pytest
from app_testkit import open_page, page_text
from portal_testkit import portal_home  # noqa: F401 (the fixture below)

from app import portal_self_service as portal
from app.auth import Viewer
from partnerledger import ops_store
from partnerledger.ops_store import notices

pytestmark = pytest.mark.usefixtures("portal_home")

P1 = Viewer(role="partner", partner_id="P1", login="partner-p1")
P3 = Viewer(role="partner", partner_id="P3", login="partner-p3")


def _amend(home, deal_id, partner_id, brand_id, version, terms):
    ops_store.record_deal_amendment(
        home,
        "app:manager",
        "manager",
        {
            "deal_id": deal_id,
            "version": version,
            "partner_id": partner_id,
            "brand_id": brand_id,
            "effective_from": "2026-07-01",
            "effective_to": None,
            "currency": "EUR" if partner_id == "P1" else "USD",
            "terms": terms,
        },
        "better terms from July",
    )


def test_an_amendment_of_p1s_deal_shows_before_and_after_to_p1_only(home):
    # D1 v2 (published): CPA 100 + RevShare 25%; v3 (recorded in the app): RevShare 30%
    _amend(
        home,
        "D1",
        "P1",
        "B1",
        3,
        {"revshare": {"basis": "ngr", "tiers": [{"from": 0, "rate": 0.30}]}},
    )
    _amend(home, "D3", "P3", "B2", 2, {"lot_rebate": {"rates": {"default": 9.0}}})
    mine = portal.amendment_notices(P1)
    assert [n["key"] for n in mine] == ["amendment:D1:v3"]
    assert mine[0]["before"]["terms"]["cpa"]["amount"] == 100
    assert mine[0]["after"]["terms"]["revshare"]["tiers"] == [{"from": 0, "rate": 0.30}]
    at = open_page("portal_notices.py", "partner", "P1")
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert len(labels) == 1 and "Deal D1 amended: version 3 from 2026-07-01" in labels[0]
    assert '"rate": 0.3' in at.code[1].value  # after; before holds the published v2
    assert "D3" not in page_text(at)
    assert [n["key"] for n in portal.amendment_notices(P3)] == ["amendment:D3:v2"]


def test_opening_a_notice_marks_it_read_for_that_user_only(home):
    notices.post_announcement(
        home, "New brand live", "Casino One has a new lobby.", actor="app:manager", role="manager"
    )
    at = open_page("portal_notices.py", "partner", "P1")
    assert "1 unread" in page_text(at)
    at = next(b for b in at.button if b.label == "Mark as read").click().run()
    assert "0 unread" in page_text(at)
    assert notices.read_keys(home, "partner-p1") == {portal.partner_notices(P1)[0]["key"]}
    assert ops_store.verify_chain(home) == []
    # P3 sees the same announcement, still unread
    assert [n["read"] for n in portal.partner_notices(P3)] == [False]


def test_a_notice_to_one_partner_is_not_shown_to_another(home):
    notices.post_announcement(
        home,
        "Your KYC",
        "<b>send documents</b>",
        actor="app:manager",
        role="manager",
        partner_id="P3",
    )
    assert portal.partner_notices(P1) == []
    key = portal.partner_notices(P3)[0]["key"]
    with pytest.raises(portal.NotAPartner, match="not one of yours"):
        portal.mark_read(P1, key)
    at = open_page("portal_notices.py", "partner", "P3")
    # the operator's text is shown as plain text, never rendered
    assert [t.value for t in at.text] == ["<b>send documents</b>"]


def test_partners_cannot_post_announcements(home):
    with pytest.raises(ops_store.OpsStoreError, match="cannot post"):
        notices.post_announcement(home, "x", "y", actor="app:partner-p1", role="partner")
