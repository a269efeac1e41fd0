"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Nothing here skips. A machine without Chromium or axe-core fails these tests
loudly, so CI can never pass by silently leaving the browser out.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("FLAMES_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous enough for a loaded CI machine, short enough to fail fast on a broken page.
TIMEOUT_MS = 15_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last: from the first one to the end of the session, Playwright's
    event loop is marked as running in this thread (see ``browser``)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package "
            "(make test does) or point FLAMES_CHROMIUM at it. Browser tests never skip.",
            pytrace=False,
        )
    # Playwright's sync API marks its event loop as running in this thread, between its
    # calls too, and Django then refuses ORM calls as if made from async code. The ORM
    # calls of browser tests (and of the live server's and database's setup) are plain
    # synchronous code: allowed while the browser lives, that is for the browser tests.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"axe-core not found at {AXE}: run `npm ci` in the repository root "
            "(make test does). Browser tests never skip.",
            pytrace=False,
        )
    return AXE.read_text()


class Browsing:
    """Opens browser contexts on the live server; checks pages with axe-core."""

    def __init__(self, browser, live_server, axe_source):
        self.browser = browser
        self.axe_source = axe_source
        self.base_url = live_server.url
        self.host = urlsplit(live_server.url).netloc
        self.contexts = []

    def new_page(self, **context_options):
        """A page in a fresh context (its own cookies and storage).

        The machine has no internet, and the site must not reach for it anyway:
        every request the page makes is recorded on ``page.requests`` and any
        request to a host other than the live server is aborted. Chromium's
        Content-Security-Policy reports are collected on ``page.csp_reports``.
        """
        context = self.browser.new_context(base_url=self.base_url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        context.route("**/*", self._local_only)
        page = context.new_page()
        page.requests = []
        page.csp_reports = []
        page.on("request", lambda request: page.requests.append(request))
        page.on("console", lambda message: _collect_csp_report(page, message))
        return page

    def _local_only(self, route):
        if urlsplit(route.request.url).netloc == self.host:
            route.continue_()
        else:
            route.abort("internetdisconnected")

    def third_party_requests(self, page) -> list[str]:
        return [r.url for r in page.requests if urlsplit(r.url).netloc != self.host]

    def close(self):
        for context in self.contexts:
            context.close()

    @staticmethod
    def path(page) -> str:
        """The current URL's path and query, without the live server's origin."""
        parts = urlsplit(page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def axe(self, page) -> list[dict]:
        """axe-core's violations for the page as it is now.

        axe is evaluated through the DevTools protocol rather than added as a
        <script> element: the site's CSP rightly refuses inline scripts, so a
        script tag would fail and show up as a CSP report.
        """
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.axe_source)
        return page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )

    @staticmethod
    def describe(violations: list[dict]) -> str:
        """Rule id, impact and failing elements of each violation, for a failure message."""
        lines = []
        for violation in violations:
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"    {target}: {summary}")
        return "\n".join(lines)


def _collect_csp_report(page, message) -> None:
    # Chromium logs every refusal as "... violates the following Content
    # Security Policy directive: ...".
    if "Content Security Policy" in message.text:
        page.csp_reports.append(message.text)


@pytest.fixture
def browsing(browser, axe_source, live_server, transactional_db):
    session = Browsing(browser, live_server, axe_source)
    yield session
    session.close()
