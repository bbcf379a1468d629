"""The web application in a real headless Chromium (Debian's, driven by Playwright; no browser
is downloaded). Screenshots go to ``$MILITANCYDB_TEST_ARTIFACTS`` (default ``test-artifacts/``)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import PASSWORD, Server, queue_document
from playwright.sync_api import Browser, Page, expect, sync_playwright

QUETTA_HOSPITAL = 5528
ARTIFACTS = Path(os.environ.get("MILITANCYDB_TEST_ARTIFACTS", "test-artifacts"))
CHROMIUM = os.environ.get("MILITANCYDB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), (
        f"no Chromium at {CHROMIUM}: install Debian's 'chromium' package (scripts/test.sh does)"
    )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-end.png"), full_page=True)
    context.close()


def sign_in(page: Page, api: Server, role: str) -> None:
    page.goto(api.base + "/login")
    page.fill("#username", f"test-{role}")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    expect(page.locator("header .who")).to_contain_text(f"test-{role}")


def test_filter_open_edit_and_see_history(api: Server, page: Page) -> None:
    page.goto(api.base + "/")
    page.fill("#f-from", "2016-08-01")
    page.fill("#f-to", "2016-08-31")
    page.select_option("#f-province", "PK-BA")
    page.click("form.filters button[type=submit]")
    marker = page.locator(f'svg.map circle[data-incident-id="{QUETTA_HOSPITAL}"]')
    expect(marker).to_have_count(1)
    row = page.locator(f'#incident-list tr[data-incident-id="{QUETTA_HOSPITAL}"]')
    expect(row).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-balochistan-2016-08.png"), full_page=True)
    row.locator("a").click()
    expect(page.locator("h1")).to_contain_text(f"Incident {QUETTA_HOSPITAL}")

    sign_in(page, api, "analyst")
    page.goto(api.base + f"/incidents/{QUETTA_HOSPITAL}")
    versions_before = page.locator("#history tbody tr").count()
    page.click("#edit-link")
    page.fill("#place_detail", "Emergency department, Civil Hospital, Quetta (browser test)")
    page.fill("#reason", "browser test edit")
    page.click("#save")
    expect(page.locator(".flash")).to_contain_text("Saved")
    rows = page.locator("#history tbody tr")
    expect(rows).to_have_count(versions_before + 1)
    last = rows.nth(versions_before)
    expect(last).to_contain_text("test-analyst")
    expect(last).to_contain_text("browser test edit")
    expect(last).to_contain_text("location")
    expect(last).not_to_contain_text("summary")  # only what the analyst changed
    page.screenshot(path=str(ARTIFACTS / "incident-after-edit.png"), full_page=True)


def test_viewer_is_refused(api: Server, page: Page) -> None:
    sign_in(page, api, "viewer")
    page.goto(api.base + f"/incidents/{QUETTA_HOSPITAL}")
    expect(page.locator("#edit-link")).to_have_count(0)
    response = page.goto(api.base + f"/incidents/{QUETTA_HOSPITAL}/edit")
    assert response is not None and response.status == 403
    expect(page.locator("#error-message")).to_contain_text("viewer")


def test_no_script_from_user_text_runs(api: Server, page: Page) -> None:
    with api.client("analyst") as c:
        made = c.post(
            "/api/v1/incidents",
            json={
                "date_start": "2016-09-03",
                "event_type": "militant_attack",
                "province": "Punjab",
                "summary": '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>',
            },
        ).json()
    page.goto(api.base + f"/incidents/{made['id']}")
    expect(page.locator("dd", has_text="<script>window.__xss=2</script>")).to_have_count(1)
    assert page.evaluate("window.__xss") is None


def test_accept_a_review_item_in_the_browser(api: Server, page: Page, tmp_path: Path) -> None:
    (cid,) = queue_document(
        api.db_url,
        "DERA ISMAIL KHAN: Militants ambushed a police patrol in Dera Ismail Khan on Sunday, "
        "killing two constables, police said (browser review test).",
        "2016-08-29",
        tmp_path,
    )
    sign_in(page, api, "analyst")
    page.goto(api.base + "/review")
    page.click(f'#queue a[href="/review/{cid}"]')
    expect(page.locator("#extracted")).to_contain_text("Dera Ismail Khan")
    page.screenshot(path=str(ARTIFACTS / "review-candidate.png"), full_page=True)
    page.click("#accept-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Saved")
    heading = page.locator("h1").inner_text()
    made = re.search(r"Incident (\d+)", heading)
    assert made, heading
    expect(page.locator("#history tbody tr")).to_have_count(1)
    expect(page.locator("#history")).to_contain_text("accepted")
    page.goto(api.base + f"/review/{cid}")
    expect(page.locator("body")).to_contain_text("Decided by test-analyst")
