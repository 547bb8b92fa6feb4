"""Links and coupons page (partner portal): the tracking-link builder and the coupon note."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from app_testkit import open_page, page_text
from portal_testkit import portal_home  # noqa: F401 (the fixture below)

from app import portal_self_service as portal
from app.auth import Viewer
from partnerledger import tracking_links

pytestmark = pytest.mark.usefixtures("portal_home")

P1 = Viewer(role="partner", partner_id="P1", login="partner-p1")
P3 = Viewer(role="partner", partner_id="P3", login="partner-p3")


def _build(at, target="", **subs):
    at.text_input(key="links_target").input(target)
    for name, value in subs.items():
        at.text_input(key=f"links_{name}").input(value)
    return next(b for b in at.button if b.label == "Build link").click().run()


def test_p1_builds_a_link_in_the_tracking_format(home):
    at = open_page("portal_links.py", "partner", "P1")
    assert not at.exception
    assert at.selectbox(key="links_brand").options == ["Casino One (B1)"]  # P1's only brand
    at = _build(at, "/promo?lang=de", sub1="google", sub3="camp_7")
    url = at.code[0].value
    parts = urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://track.casino-one.example/click"
    )
    # btag first, the given sub-ids in order, the landing URL last
    assert parse_qsl(parts.query) == [
        ("btag", "P1"),
        ("sub1", "google"),
        ("sub3", "camp_7"),
        ("url", "https://casino-one.example/promo?lang=de"),
    ]


def test_p3_sees_only_its_own_brand(home):
    at = open_page("portal_links.py", "partner", "P3")
    assert at.selectbox(key="links_brand").options == ["FX Two (B2)"]
    url = _build(at).code[0].value
    assert "btag=P3" in url and "fx-two.example%2Fopen-account" in url


@pytest.mark.parametrize(
    "target, problem",
    [
        ("https://evil.example/x", "must be on casino-one.example"),
        ("http://casino-one.example/x", "https://"),
        ("//evil.example/x", "https://"),
        ("javascript:alert(1)", "https://"),
        ("https://user@casino-one.example/", "user name"),
        ("/a b", "spaces"),
        ("/" + "x" * 600, "longer than 500"),
    ],
)
def test_landing_pages_off_the_brand_are_refused(home, target, problem):
    with pytest.raises(tracking_links.LinkRefused, match=problem):
        portal.tracking_link(P1, "B1", target, {})


def test_bad_sub_ids_and_other_brands_are_refused_on_the_page(home):
    at = open_page("portal_links.py", "partner", "P1")
    at = _build(at, sub2="<b>x</b>")
    assert any("sub2 may hold" in e.value for e in at.error)
    assert not at.code
    # another partner's brand never builds, whatever the caller passes
    with pytest.raises(tracking_links.LinkRefused, match="not one of your brands"):
        portal.tracking_link(P1, "B2", "", {})
    with pytest.raises(tracking_links.LinkRefused, match="sub1 may hold"):
        portal.tracking_link(P3, "B2", "", {"sub1": "x" * 65})


def test_sub_domains_of_the_brand_are_accepted(home):
    url = portal.tracking_link(P1, "B1", "https://m.casino-one.example/app", {})
    assert url.endswith("url=https%3A%2F%2Fm.casino-one.example%2Fapp")


def test_no_published_coupons_shows_the_note(home):
    at = open_page("portal_links.py", "partner", "P1")
    assert "No coupon codes are published yet" in page_text(at)


def test_repository_config_loads_every_generated_brand():
    config = tracking_links.load_config(tracking_links.paths.CONFIG_DIR / "tracking_links.yml")
    assert set(config) == {"B-CASINO", "B-SPORT", "B-FX", "B-PROP"}
    assert all(b.base_url.startswith("https://") for b in config.values())
