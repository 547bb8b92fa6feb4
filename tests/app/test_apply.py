"""Apply (no sign-in) and the managers' onboarding queue: approval creates a partner user."""

import re

import pytest
from app_testkit import open_app, open_page, page_text, sign_in_through_form

from partnerledger import ops_store
from partnerledger.ops_store import applications, notices, partner_requests, users


def _fill(at, company="Zeta Traffic", email="ops@zeta.example", **overrides):
    at.text_input(key="apply_company").input(company)
    at.text_input(key="apply_contact").input("Zoe Zeta")
    at.text_input(key="apply_email").input(email)
    at.multiselect(key="apply_traffic").select("seo").select("social")
    at.multiselect(key="apply_verticals").select("igaming")
    at.text_input(key="apply_countries").input(overrides.get("countries", "de, mt"))
    at.text_input(key="apply_account_holder").input("Zeta Traffic Ltd")
    at.text_input(key="apply_iban").input("DE89370400440532013000")
    at.text_input(key="apply_bic").input("COBADEFF")
    return next(b for b in at.button if b.label == "Send application").click().run()


def test_application_lands_in_the_queue_and_approval_creates_a_user_that_signs_in(home):
    at = open_page("apply.py", None)  # nobody signed in
    assert not at.exception
    at = _fill(at)
    assert any("is with our partner team" in s.value for s in at.success)
    (waiting,) = applications.applications(home, "submitted")
    assert waiting["form"]["countries"] == ["DE", "MT"]
    assert waiting["form"]["traffic_sources"] == ["seo", "social"]

    at = open_page("onboarding.py", "manager")
    assert not at.exception
    assert list(at.dataframe[0].value["company"]) == ["Zeta Traffic"]
    at.selectbox(key="onb_partner").select("P4")
    at.text_input(key="onb_login").input("zeta")
    at = next(b for b in at.button if b.label == "Approve and create user").click().run()
    (message,) = [s.value for s in at.success]
    password = re.search(r"One-time password .*: (\S+)$", message).group(1)
    assert users.user(home, "zeta")["partner_id"] == "P4"
    assert applications.applications(home, "approved")[0]["login"] == "zeta"
    # the applicant's payout details became P4's, flagged for finance's review
    assert partner_requests.payout_details(home, "P4")["method"] == "bank_transfer"
    assert [f["partner_id"] for f in partner_requests.open_payout_flags(home)] == ["P4"]
    assert ops_store.verify_chain(home) == []

    app = sign_in_through_form(open_app(), "zeta", password)
    assert app.sidebar.children  # signed in
    assert any("partner P4" in c.value for c in app.sidebar.caption)


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"email": "not-an-address"}, "is not an e-mail address"),
        ({"company": "x" * 201}, "company is longer than 200"),
        ({"countries": "Germany"}, "not ISO 3166 alpha-2"),
    ],
)
def test_invalid_applications_are_refused_and_not_stored(home, change, problem):
    form = {
        "company": "Zeta",
        "contact_name": "Zoe",
        "email": "ops@zeta.example",
        "traffic_sources": ["seo"],
        "verticals": ["forex"],
        "countries": ["DE"],
        "payout_method": "e_wallet",
        "payout_details": {"provider": "skrill", "wallet_email": "pay@zeta.example"},
    }
    form.update({k: ([v] if k == "countries" else v) for k, v in change.items()})
    with pytest.raises(ops_store.OpsStoreError, match=problem):
        applications.submit_application(home, form)
    assert applications.applications(home) == []


def test_form_shows_the_refusal(home):
    at = _fill(open_page("apply.py", None), email="nope")
    assert any("not an e-mail address" in e.value for e in at.error)
    assert applications.applications(home) == []


def test_rejection_needs_a_reason_and_leaves_no_user(home):
    _fill(open_page("apply.py", None))
    at = open_page("onboarding.py", "manager")
    at = next(b for b in at.button if b.label == "Reject").click().run()
    assert any("needs a reason" in e.value for e in at.error)
    at.text_input(key="onb_reason").input("no traffic of our verticals")
    at = next(b for b in at.button if b.label == "Reject").click().run()
    assert applications.applications(home, "rejected")[0]["reason"] == "no traffic of our verticals"
    assert "No application is waiting." in page_text(at)
    assert [u["login"] for u in users.users(home)] == ["manager"]


def test_partners_and_finance_cannot_approve(home):
    made = applications.submit_application(
        home,
        {
            "company": "Zeta",
            "contact_name": "Zoe",
            "email": "ops@zeta.example",
            "traffic_sources": ["seo"],
            "verticals": ["forex"],
            "countries": ["DE"],
            "payout_method": "crypto",
            "payout_details": {"network": "ETH", "address": "0x" + "ab" * 20},
        },
    )
    for role in ("partner", "finance"):
        with pytest.raises(ops_store.OpsStoreError, match="cannot decide"):
            applications.approve_application(
                home, made["application_id"], "P4", "zeta", actor="x", role=role
            )
    at = open_page("onboarding.py", "partner", "P1")
    assert any("finance or manager role" in w.value for w in at.warning)


def test_finance_sees_the_review_flags_and_no_approval_controls(home):
    partner_requests.set_payout_details(
        home,
        "P1",
        "e_wallet",
        {"provider": "paypal", "wallet_email": "alpha@example.com"},
        actor="app:partner-p1",
    )
    at = open_page("onboarding.py", "finance")
    assert list(at.dataframe[0].value["partner_id"]) == ["P1"]  # the open flag
    assert "No open payout request." in page_text(at)
    assert not [b for b in at.button if b.label == "Approve and create user"]


def test_apply_is_reachable_without_signing_in(home):
    at = open_app()
    assert not at.sidebar.children  # still only the sign-in form, no menu
    at.switch_page("app_pages/apply.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Apply to become a partner"]


def test_manager_posts_an_announcement_to_one_known_partner_only(home):
    at = open_page("onboarding.py", "manager")
    inputs = {t.label: t for t in at.text_input}
    inputs["Title"].input("KYC reminder")
    at.text_area[0].input("Please upload your documents.")
    inputs["To one partner (empty: every partner)"].input("P9")
    at = next(b for b in at.button if b.label == "Post announcement").click().run()
    assert any("P9 is not a published partner" in e.value for e in at.error)
    assert notices.notices_for(home, "P9") == []
    inputs = {t.label: t for t in at.text_input}
    inputs["Title"].input("KYC reminder")
    at.text_area[0].input("Please upload your documents.")
    inputs["To one partner (empty: every partner)"].input("P3")
    at = next(b for b in at.button if b.label == "Post announcement").click().run()
    assert [n["title"] for n in notices.notices_for(home, "P3")] == ["KYC reminder"]
    assert notices.notices_for(home, "P1") == []
