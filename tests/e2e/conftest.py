"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

The live server needs transactional database access, which flushes every table after each test; the root
conftest puts the real registry back after such a flush (and `demo` makes sure it is there).
"""

import os
import shutil

import pytest

# Playwright's sync API runs an asyncio loop in the main thread; Django's ORM refuses to run inside one unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if os.environ.get("VL_SKIP_BROWSER") == "1":
        pytest.skip("VL_SKIP_BROWSER=1: browsertests bewust overgeslagen")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} ontbreekt: installeer het (apt-get install chromium) of sla de browsertests bewust "
                    f"over met VL_SKIP_BROWSER=1 / {CHROMIUM} is missing", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def chain_problems() -> dict[str, list[str]]:
    from veiliglokaal.audit.chain import verify
    from veiliglokaal.audit.models import ProcessingLogEntry, SecurityEvent

    return {model.__name__: [str(p) for p in verify(model)] for model in (ProcessingLogEntry, SecurityEvent)}


@pytest.fixture
def demo(live_server):
    """The registry (visible to the live server thread) and the demo users. Afterwards, before the flush, both
    audit chains written by the browser session must still verify."""
    from tests.conftest import ensure_registry
    from veiliglokaal.demo.accounts import load_demo

    ensure_registry()
    load_demo()
    yield live_server
    problems = chain_problems()
    assert not any(problems.values()), f"audit chains broken after the browser session: {problems}"


class RequestLog:
    """Every URL the page asked for, to prove no third-party host is contacted."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.urls: list[str] = []

    def __call__(self, request):
        self.urls.append(request.url)

    def foreign(self) -> list[str]:
        return [url for url in self.urls
                if not (url.startswith(self.base_url + "/") or url == self.base_url
                        or url.startswith(("data:", "blob:")))]


@pytest.fixture
def new_page(browser, live_server):
    """A factory of pages in fresh browser contexts; each records its requests in `page.request_log`."""
    contexts = []

    def _new_page(viewport=None):
        context = browser.new_context(viewport=viewport or DESKTOP, locale="nl-NL", base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.request_log = RequestLog(live_server.url)
        page.on("request", page.request_log)
        return page

    yield _new_page
    for context in contexts:
        context.close()
