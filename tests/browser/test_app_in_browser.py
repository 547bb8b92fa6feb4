"""The app end to end in a real browser: `partnerledger app` served, read by headless Chromium.

The home is tests/app/app_testkit.py's hand-made serving.duckdb (its docstring works every
number by hand). What is checked is what a person at the screen would see: the rendered title,
the metric text, the table cells, and a screenshot that is not a blank or error page.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from selenium.webdriver.common.by import By

# tests/app is not a package: its hand-made home is imported from its folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from app_testkit import TEST_PASSWORD, ensure_user, write_serving
from browser_kit import (
    chromium,
    developer_controls,
    exceptions,
    grid_rows,
    main_text,
    metric,
    served_app,
    settled,
    sign_in_with_form,
    title,
    wait_for,
)

# Strings only other partners' rows or PII contain (app_testkit: P1 Alpha Media is P2's master,
# P3 Gamma IB a partner of its own; emails and person keys are never shown to anyone).
NOT_FOR_P2 = ("P1", "Alpha", "P3", "Gamma", "640", "@example.com", "PK-")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "browser"


def _open_from_sidebar(driver, link_text: str) -> None:
    links = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stSidebarNavLink]")
    # a link reads "<icon name>\n<title>": the material icon is drawn from its name
    found = [a for a in links if a.text.strip().split("\n")[-1] == link_text]
    assert found, f"no sidebar link {link_text!r}: {[a.text for a in links]}"
    found[0].click()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a free port from a published home with a manager and partner P2's
    user (app_testkit's test users), stopped after the module."""
    root = tmp_path_factory.mktemp("browser_app")
    write_serving(root / "home")
    ensure_user(root / "home", "manager")
    ensure_user(root / "home", "partner", "P2")
    with served_app(root / "home", root / "app.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """One headless Chromium for the module; every test opens a fresh page (a new session)."""
    with chromium(tmp_path_factory.mktemp("chromium_profile")) as driver:
        yield driver


def _screenshot_shows_a_page(driver, path: Path) -> None:
    """Save a screenshot and check it is a drawn page: a blank one has a colour or two."""
    path.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(path)), f"no screenshot written to {path}"
    with Image.open(path) as img:
        colours = img.convert("RGB").getcolors(maxcolors=1_000_000) or []
    # Text anti-aliasing and the charts alone give hundreds of colours; white + grey is ~10.
    assert len(colours) > 100, f"{path} looks blank ({len(colours)} colours)"


def test_manager_overview_renders_hand_worked_total(browser, app_url, tmp_path):
    browser.get(app_url)
    # nothing but the form until signed in, and none of Streamlit's developer controls
    wait_for(browser, "the sign-in form", lambda d: "Sign in" in main_text(d))
    assert not title(browser) or title(browser) == "PartnerLedger"
    assert not developer_controls(browser)
    sign_in_with_form(browser, "manager", TEST_PASSWORD)
    # a manager lands on Segments (docs/decisions/029-managers-workspace.md)
    wait_for(browser, "the Segments title", lambda d: title(d) == "Segments")
    wait_for(browser, "the end of the Segments run", settled)
    assert not exceptions(browser)
    _screenshot_shows_a_page(browser, SCREENSHOTS / "manager_segments.png")
    _open_from_sidebar(browser, "Overview")
    wait_for(browser, "the Overview title", lambda d: title(d) == "Overview")
    # 220 (April) + 110 + 550 + 44 + 440 + 100 (May) = 1,464.00 USD over both brands
    shown = wait_for(browser, "the commissions metric", lambda d: metric(d, "Commissions (USD)"))
    assert shown == "1,464.00"
    assert metric(browser, "Brands") == "2"
    assert metric(browser, "Commission lines") == "6"
    # The last section drawn (top partners): once it is there the script run has finished,
    # and nothing on the page may be an error.
    wait_for(browser, "the top partners section", lambda d: "Top partners (USD)" in main_text(d))
    wait_for(browser, "the end of the script run", settled)
    top = grid_rows(browser, 1)  # the second table: top partners, all months
    # P1 220 + 110 + 550 + 44 = 924 USD, P2 440, P3 100: biggest first
    assert [r[0] for r in top] == ["P1", "P2", "P3"]
    assert top[0][1:3] == ["Alpha Media", "924"]
    assert not exceptions(browser)
    _screenshot_shows_a_page(browser, SCREENSHOTS / "manager_overview.png")


def test_partner_login_sees_own_statement_only(browser, app_url, tmp_path):
    browser.get(app_url)  # a new page is a new Streamlit session: signed out
    sign_in_with_form(browser, "partner-p2", TEST_PASSWORD)
    wait_for(browser, "the Dashboard title", lambda d: title(d) == "Dashboard")
    # P2 May: revshare 25% x NGR 1,600 EUR = 400.00 EUR, its only line
    shown = wait_for(browser, "the statement total", lambda d: metric(d, "Total EUR"))
    assert shown == "€400.00"
    # The page's last section (the trends) means the run finished.
    wait_for(browser, "the trends", lambda d: "Trends" in main_text(d))
    wait_for(browser, "the end of the script run", settled)
    text = main_text(browser)
    assert "P2 — Beta Sub" in text
    leaked = [s for s in NOT_FOR_P2 if s in text]
    assert not leaked, f"P2's dashboard shows {leaked}"
    assert not exceptions(browser)
    _screenshot_shows_a_page(browser, SCREENSHOTS / "portal_dashboard_first.png")


# Every page of the partner portal's navigation, as a partner clicks through it: the sidebar
# link's text and the title the page draws.
PORTAL_WALK = (
    ("Dashboard", "Dashboard"),
    ("Reports", "Reports"),
    ("Commissions", "Commissions"),
    ("Sub-partners", "Sub-partners"),
    ("Payments", "Payments"),
    ("Links and coupons", "Links and coupons"),
    ("Notices", "Notices"),
    ("Creatives and rules", "Creatives and rules"),
    ("Change password", "Change your password"),
)


def test_a_partner_walks_every_portal_page_and_exports_a_csv(browser, app_url, tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser.get(app_url)
    sign_in_with_form(browser, "partner-p2", TEST_PASSWORD)
    wait_for(browser, "the Dashboard title", lambda d: title(d) == "Dashboard")
    for link, page_title in PORTAL_WALK:
        _open_from_sidebar(browser, link)
        wait_for(browser, f"the {page_title} title", lambda d, t=page_title: title(d) == t)
        wait_for(browser, f"{link}: the end of the script run", settled)
        text = main_text(browser)
        assert not exceptions(browser), f"{link} shows an error"
        leaked = [s for s in NOT_FOR_P2 if s in text]
        assert not leaked, f"P2's {link} page shows {leaked}"
        _screenshot_shows_a_page(
            browser, SCREENSHOTS / f"portal_{link.lower().replace(' ', '_')}.png"
        )
        if link == "Reports":
            buttons = browser.find_elements(
                By.CSS_SELECTOR, "[data-testid=stDownloadButton] button"
            )
            assert buttons, "the Reports page offers no CSV export"
            buttons[0].click()
            csv_files = wait_for(
                browser, "the downloaded CSV", lambda d: list(downloads.glob("*.csv"))
            )
            exported = csv_files[0].read_text(encoding="utf-8")
            assert exported.count("\n") >= 2, exported  # a header and P2's rows
            assert not [s for s in NOT_FOR_P2 if s in exported]
