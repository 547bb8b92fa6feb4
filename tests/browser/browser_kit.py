"""A real app server and a real headless Chromium for the browser tests.

`partnerledger app` is started as a subprocess in its own process group (it runs
`streamlit run` as a child: killing the group is the only way to stop both), and Chromium is
driven through chromedriver with Selenium. Every wait is bounded so a broken app fails the
test within seconds instead of hanging CI.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SERVER_START_S = 45  # a cold `streamlit run` imports pandas, plotly and duckdb first
RENDER_S = 30  # one Streamlit script run on the tiny serving file takes about a second
# The flags asked for by CI: no sandbox as root, nothing that reaches the network by itself.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1800",  # tall: the screenshot shows most of a page
)
# Streamlit reruns the script while we read: an element found a moment ago may be gone.
RACES = (
    StaleElementReferenceException,
    ElementClickInterceptedException,
    ElementNotInteractableException,
)
T = TypeVar("T")


def browser_binaries() -> tuple[str, str]:
    """Paths of chromium and chromedriver; fails the test (never skips) when either is absent."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        missing = " and ".join(
            name for name, p in (("chromium", chromium), ("chromedriver", driver)) if not p
        )
        pytest.fail(
            f"{missing} not found on PATH: the browser tests need Debian's chromium and "
            "chromium-driver. Run `make browser` (apt-get install -y chromium chromium-driver).",
            pytrace=False,
        )
    return chromium, driver


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextmanager
def served_app(home: Path, log: Path) -> Iterator[str]:
    """`partnerledger app --home HOME --port N` until the block ends; yields its base URL."""
    port = free_port()
    cli = Path(sys.executable).with_name("partnerledger")
    # No file watcher: nothing edits the app during a test, and it saves inotify handles.
    env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(cli), "app", "--home", str(home), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"`partnerledger app` exited with {proc.returncode}:\n{log.read_text()}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"`partnerledger app` not answering after {SERVER_START_S} s:\n"
                    f"{log.read_text()}"
                )
            time.sleep(0.25)
        yield url
    finally:
        _stop_group(proc)


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group, SIGKILL it if it has not gone within 10 s."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def chromium(user_data_dir: Path) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile, quit when the block ends."""
    binary, driver_path = browser_binaries()
    options = webdriver.ChromeOptions()
    options.binary_location = binary  # with both paths given Selenium Manager never runs
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(RENDER_S)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: webdriver.Chrome, what: str, probe: Callable[[webdriver.Chrome], T]) -> T:
    """probe's first truthy result within RENDER_S; on timeout fail saying what never showed."""
    try:
        return WebDriverWait(driver, RENDER_S, poll_frequency=0.2, ignored_exceptions=RACES).until(
            probe
        )
    except TimeoutException:
        pytest.fail(
            f"{what} not shown within {RENDER_S} s; the page read:\n{main_text(driver)[:2000]}"
        )


def main_text(driver: webdriver.Chrome) -> str:
    """All text of the main area, including what data grids render for screen readers.

    Streamlit draws st.dataframe on a canvas; its accessible <table> copy holds the cell
    values, so textContent (unlike innerText) sees the rows a user sees.
    """
    return driver.execute_script(
        "const m = document.querySelector('[data-testid=stMain]');return m ? m.textContent : '';"
    )


def settled(driver: webdriver.Chrome) -> bool:
    """True once the script run is over and drawn: no running icon, no skeleton, every Plotly
    chart has its SVG and every data grid its table (both mount a moment after the element
    arrives). Also true before the first run starts: wait for some content first."""
    return driver.execute_script(
        "const q = s => document.querySelectorAll(s).length;"
        "const all = (s, inner) => [...document.querySelectorAll(s)]"
        "    .every(e => e.querySelector(inner));"
        "return q('[data-testid=stStatusWidgetRunningIcon]') === 0"
        " && q('[data-testid=stSkeleton]') === 0"
        " && all('[data-testid=stPlotlyChart]', '.main-svg')"
        " && all('[data-testid=stDataFrame]', 'table[role=grid]');"
    )


def title(driver: webdriver.Chrome) -> str:
    """The page's st.title, or '' while it is not drawn yet."""
    h1 = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stMain] h1")
    return h1[0].text if h1 else ""


def metric(driver: webdriver.Chrome, label: str) -> str | None:
    """The value shown under the st.metric with this label, None if there is none."""
    for m in driver.find_elements(By.CSS_SELECTOR, "[data-testid=stMetric]"):
        if m.find_element(By.CSS_SELECTOR, "[data-testid=stMetricLabel]").text == label:
            return m.find_element(By.CSS_SELECTOR, "[data-testid=stMetricValue]").text
    return None


def grid_rows(driver: webdriver.Chrome, grid: int) -> list[list[str]]:
    """Body rows of the page's n-th st.dataframe (0-based), cells as the accessible table holds
    them: raw values (a Decimal 924.00 reads "924"), not the formatted canvas text."""
    tables = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stMain] table[role=grid]")
    rows = tables[grid].find_elements(By.CSS_SELECTOR, "tbody tr")
    return [
        [c.get_attribute("textContent") for c in r.find_elements(By.CSS_SELECTOR, "td")]
        for r in rows
    ]


# The start of the notice app/streamlit_app.py shows instead of a traceback.
ERROR_NOTICE_START = "Something went wrong while drawing this page"


def exceptions(driver: webdriver.Chrome) -> list[str]:
    """Errors on the page: tracebacks Streamlit shows, and the app's own notice for an error
    it caught and logged (the page stopped there, whatever was drawn above it)."""
    shown = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-testid=stException]")]
    alerts = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stAlert]")
    return shown + [a.text for a in alerts if ERROR_NOTICE_START in a.text]


def sign_in_with_form(driver: webdriver.Chrome, login: str, password: str) -> None:
    """Type the login and password into the sign-in form and press `Sign in`, as a user would."""
    wait_for(
        driver,
        "the sign-in form",
        lambda d: d.find_elements(By.CSS_SELECTOR, "input[aria-label='Password']"),
    )
    for label, value in (("Login", login), ("Password", password)):
        box = driver.find_element(By.CSS_SELECTOR, f"input[aria-label='{label}']")
        box.clear()
        box.send_keys(value)
    buttons = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stMain] button")
    next(b for b in buttons if b.text == "Sign in").click()


def developer_controls(driver: webdriver.Chrome) -> list[str]:
    """Streamlit's controls a partner must not see: the Deploy button, the developer menu."""
    found = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stAppDeployButton]")
    return [e.get_attribute("data-testid") for e in found]
