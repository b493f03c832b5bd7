"""What every browser journey shares: headless Chromium (Debian's chromium driven by Playwright) with a
screenshot kept when the test fails, and logging in through the login page."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are plain set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", Path(__file__).resolve().parents[2] / "artifacts"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "pw-12345678"  # the one tests.factories.UserFactory sets


@pytest.fixture
def browser_page(request):
    """A fresh Chinese-locale page; when the test body fails, its screenshot is saved in ARTIFACTS."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page(locale="zh-CN")
        yield page
        outcome = getattr(request.node, "rep_call", None)
        if outcome is None or outcome.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        browser.close()


@pytest.fixture
def login(browser_page, live_server):
    """`login(username)`: sign in as that factory user through the login page, replacing any earlier session,
    and wait until the site has sent the user on to their start page."""

    def log_in(username):
        page = browser_page
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url, timeout=10_000)

    return log_in


@pytest.fixture
def read_table():
    """`read_table(locator)`: the body rows of a table as {column heading: cell text}, so that a test reads
    cells by what the user sees above them and columns added later do not move them."""

    def read(table):
        headings = [text.strip() for text in table.locator("thead th").all_inner_texts()]
        return [
            dict(zip(headings, (text.strip() for text in row.locator("td").all_inner_texts()), strict=True))
            for row in table.locator("tbody tr").all()
        ]

    return read
