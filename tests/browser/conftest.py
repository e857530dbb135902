"""verify.html in a real headless browser: Debian's chromium (``/usr/bin/chromium``) driven by Playwright, started so
that nothing leaves the machine. One browser and one page for the module: each record is handed to the page that
is already open, as an observer would pick one file after another; the browser closes when the module's tests end
(an idle browser kept for the rest of the suite takes a core of CI's two).

Without chromium the tests are skipped, saying why; CI installs chromium and fails without it (``.ci/run``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osgo_desktop.verifier.record import VERIFY_PAGE

CHROMIUM = Path(os.environ.get("OSGO_TEST_CHROMIUM", "/usr/bin/chromium"))
#: no network at all: no background requests, no component updates, every host name unresolvable
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
PAGE = Path(__file__).resolve().parents[2] / "osgo_desktop" / "verifier" / VERIFY_PAGE


#: what a wrapper such as faketime (CI's second pass) puts in the environment: the browser runs on the real clock
#: (the page reads none; a faked one keeps chromium's own timers busy)
_PRELOADED = ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC", "DONT_FAKE_MONOTONIC")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser to run verify.html in: {CHROMIUM} is missing (apt-get install chromium)")
    # a test dependency (pyproject.toml): missing, it is an error, not a skip
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        env = {name: value for name, value in os.environ.items() if name not in _PRELOADED}
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, env=env)
        try:
            yield chromium
        finally:
            chromium.close()


class VerifyPage:
    """The page, opened once from file://, in English (the tests compare with ``osgo verify`` in English)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(PAGE.as_uri())
        page.evaluate("window.osgoSetLanguage('en')")

    def check(self, path: Path, protocol: str = "", chain_head: str = "") -> dict[str, Any]:
        """Pick ``path`` in the page's file input, wait for the verdict, return the report the page shows; with what
        a paper says typed in first (``osgo verify --protocol``, ``--chain-head``)."""
        self.page.evaluate(
            """([protocol, head]) => {
                document.getElementById('asked').value = protocol;
                document.getElementById('head').value = head;
                document.getElementById('verdict').dataset.state = 'idle';
            }""",
            [protocol, chain_head],
        )
        self.page.set_input_files("#zip", str(path))
        # a selector, not a function: the page's Content-Security-Policy forbids evaluating strings
        self.page.wait_for_selector(
            "#verdict[data-state=verified], #verdict[data-state=failed]", state="attached", timeout=60_000
        )
        report: dict[str, Any] = self.page.evaluate("window.osgoLastReport()")
        report["headline"] = self.page.inner_text("#headline")
        report["shown_failures"] = self.page.locator("#failures li").all_inner_texts()
        assert not self.errors, self.errors
        return report


@pytest.fixture(scope="module")
def verify_page(browser: Any) -> Iterator[VerifyPage]:
    context = browser.new_context(locale="en-US")
    try:
        yield VerifyPage(context.new_page())
    finally:
        context.close()
