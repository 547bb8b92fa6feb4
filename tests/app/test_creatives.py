"""Creatives and program rules: managers offer them per brand and country, a partner's portal
shows its own brands' ones for its country only, every change is a chained entry."""

import pytest
from app_testkit import ensure_user, open_page, page_text
from portal_testkit import portal_home  # noqa: F401 (the fixture below)

from partnerledger import ops_store
from partnerledger.ops_store import OpsStoreError, creatives, users

pytestmark = pytest.mark.usefixtures("portal_home")


def _offer(home, brand_id, title, countries=()):
    return creatives.publish_creative(
        home,
        brand_id,
        title,
        "banner",
        f"https://cdn.example.com/{title.lower().replace(' ', '-')}.png",
        countries=countries,
        actor="app:manager",
        role="manager",
    )


def test_a_partner_sees_its_brands_creatives_for_its_country_and_the_rules(home):
    # P1 (country MT) works brand B1; P3 (CY) works B2 (tests/app/app_testkit.py)
    _offer(home, "B1", "Malta welcome", ["mt"])
    _offer(home, "B1", "German only", ["DE"])
    _offer(home, "B1", "Everywhere strip")
    _offer(home, "B2", "Gamma banner")
    retired = _offer(home, "B1", "Old banner")
    creatives.retire_creative(home, retired["creative_id"], actor="app:manager", role="manager")
    creatives.set_program_rules(
        home,
        "B1",
        rules="No incentivised traffic.",
        prohibited_keywords=["free money", "  casino one scam "],
        disclosures="18+ | Play responsibly",
        actor="app:manager",
        role="manager",
    )
    at = open_page("portal_creatives.py", "partner", "P1")
    assert not at.exception
    text = page_text(at)
    assert "Malta welcome" in text and "Everywhere strip" in text
    for other in ("German only", "Gamma banner", "Old banner"):
        assert other not in text
    assert "No incentivised traffic." in text and "18+ | Play responsibly" in text
    assert "casino one scam, free money" in text  # trimmed, sorted

    gamma = page_text(open_page("portal_creatives.py", "partner", "P3"))
    assert "Gamma banner" in gamma and "Malta welcome" not in gamma
    assert "No program rules are recorded for this brand." in gamma
    assert ops_store.verify_chain(home) == []


def test_the_portal_page_speaks_portuguese(home):
    login = ensure_user(home, "partner", "P1")
    users.set_language(home, login, "pt_BR", actor=login)
    at = open_page("portal_creatives.py", "partner", "P1")
    assert at.title[0].value == "Criativos e regras"
    assert "Ainda não há criativos" in page_text(at)


def test_only_managers_edit_and_nothing_unsafe_is_offered(home):
    with pytest.raises(OpsStoreError, match="cannot edit"):
        creatives.publish_creative(
            home, "B1", "x", "banner", "https://a.example/x", actor="p", role="partner"
        )
    for url in ("javascript:alert(1)", "http://plain.example/x", "https://a.example/x y"):
        with pytest.raises(OpsStoreError, match="https URL"):
            creatives.publish_creative(
                home, "B1", "x", "banner", url, actor="app:manager", role="manager"
            )
    with pytest.raises(OpsStoreError, match="ISO codes"):
        _offer(home, "B1", "Bad country", ["Germany"])
    assert creatives.creatives(home) == []
    page = open_page("creatives_admin.py", "partner", "P1")
    assert "This page is for the admin or manager role" in page_text(page)


def test_a_manager_offers_a_creative_on_the_page(home):
    at = open_page("creatives_admin.py", "manager")
    assert not at.exception
    fields = {t.label: t for t in at.text_input}
    fields["Title"].input("Autumn promo")
    fields["Address (https)"].input("https://cdn.example.com/autumn.png")
    fields["Countries (ISO codes, comma-separated; empty: every country)"].input("mt, cy")
    at = next(b for b in at.button if b.label == "Offer it").click().run()
    assert not at.exception
    assert "is offered to the partners of Casino One" in at.success[0].value
    [made] = creatives.creatives(home)
    assert (made["brand_id"], made["countries"], made["actor"]) == (
        "B1",
        ["CY", "MT"],
        "app:manager",
    )
