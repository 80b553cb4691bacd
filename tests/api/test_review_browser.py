"""The review page in a real browser (Debian's chromium, headless, driven by Playwright).

Pastes the seed article, asks for a brief, and checks what a reviewer sees: every edit
highlighted with its reason and original on hover, the cleaned text intact, the brief with its
unsupported name marked, and the timings.  The briefer is the fast fake; cleanup is real when
available through the fake briefer's cleaner (deterministic glued-word repair)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mtbrief.api import create_app
from mtbrief.cleanup.document import Edit, apply_edits

from .conftest import make_settings
from .fakes import FakeBriefer, FakeCleaner
from .live_server import live_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None,
        reason="needs Debian chromium: apt-get install -y chromium",
    ),
]


def test_paste_seed_see_highlighted_edits_and_brief(tmp_path: Path, seed_text: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    cleaner = FakeCleaner()
    briefer = FakeBriefer(cleaner, invent="Kenny")
    expected = cleaner(seed_text)
    assert expected.edits, "the seed has glued words for the fake repair to fix"
    app = create_app(make_settings(tmp_path), cleaner=cleaner, briefer=briefer)
    with live_server(app) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(base + "/")
            page.fill("#article", seed_text)
            page.click("#brief-btn")
            page.wait_for_selector("#output:not([hidden])", timeout=15_000)

            marks = page.locator("#cleaned mark.edit")
            assert marks.count() == len(expected.edits)
            # the page shows exactly the cleaned text, and the marks are exactly the edits
            shown = page.locator("#cleaned").text_content()
            assert shown == expected.text
            edits = [Edit(**e.model_dump()) for e in expected.edits]
            assert apply_edits(seed_text, edits) == shown
            assert [marks.nth(i).text_content() for i in range(marks.count())] == [
                e.after for e in edits
            ]
            assert "edits" in page.locator("#edit-count").text_content()

            # hovering an edit shows its reason and the original text
            first = edits[0]
            marks.first.hover()
            tip = page.locator("#tip")
            tip.wait_for(state="visible", timeout=5_000)
            assert first.reason in tip.text_content()
            assert f"Original: «{first.before}»" in tip.text_content()

            # the brief, with the invented name marked as unsupported
            brief = page.locator("#brief").text_content()
            assert brief.startswith(expected.text.split(".")[0][:40])
            unsupported = page.locator("#brief mark.unsupported")
            assert unsupported.count() == 1 and unsupported.text_content() == "Kenny"
            assert "unsupported" in page.locator("#guard").text_content()
            unsupported.hover()
            assert "not found in the cleaned article" in tip.text_content()

            timing_rows = page.locator("#timings tr")
            assert timing_rows.count() >= 3
            assert "browser round trip" in page.locator("#timings").text_content()

            # pasted HTML is shown as text, never rendered
            page.fill("#article", "<img src=x onerror=alert(1)><b>Bold andText</b>")
            page.click("#clean-btn")
            sync_api.expect(page.locator("#cleaned")).to_contain_text("<img src=x", timeout=10_000)
            assert page.locator("#cleaned img, #cleaned b").count() == 0
            assert errors == []
        finally:
            browser.close()


def test_review_page_shows_api_errors(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    settings = make_settings(tmp_path, auth_disabled=False, api_keys=["k-123"])
    app = create_app(settings, cleaner=FakeCleaner(), briefer=FakeBriefer())
    with live_server(app) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(base + "/")
            page.fill("#article", "Some text andMore.")
            page.click("#clean-btn")
            page.wait_for_selector("#error:not([hidden])")
            assert page.locator("#error").text_content().startswith("401")
            page.fill("#api-key", "k-123")
            page.click("#clean-btn")
            page.wait_for_selector("#output:not([hidden])")
            assert page.locator("#cleaned mark.edit").count() == 1
        finally:
            browser.close()
