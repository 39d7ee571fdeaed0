"""A live server with the demo content, and Debian's chromium driven by Playwright.

Every test gets fresh browser contexts from `open_context` (or the `page` and
`page_without_js` shortcuts); a request to any origin but the live server is blocked
and fails the test.
"""

import io
import os
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.browser.support import CHROMIUM, CHROMIUM_FLAGS, VIEWPORTS, AuditFigureRecorder


@pytest.fixture
def audit_figures(request) -> AuditFigureRecorder:
    """Records figures for the table printed at the end of the run (tests/conftest.py)."""
    return AuditFigureRecorder(request.node)


# Package scope: one chromium for all of tests/browser, stopped when the run moves on to
# other packages, whose browser tests start Playwright themselves (its sync API refuses
# to start while another instance is running in the same thread).
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (.ci/run installs it).")
    # Playwright's sync API keeps an asyncio event loop running in this thread while the
    # browser is open, and Django then refuses ORM calls here (SynchronousOnlyOperation),
    # including the test database's set-up and flush. The loop only carries Playwright's
    # messages and no coroutine touches the ORM, so Django's guard is off meanwhile.
    thread_connections = {alias: connections[alias] for alias in connections}
    with (
        mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}),
        sync_playwright() as playwright,
    ):
        # With a loop running, Django (through asgiref) keeps connections per async context,
        # so the tests would get a second set beside those the test database was set up
        # on and the live server shares. Hand this thread its own connections back.
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        # launch() starts chromium with a fresh, temporary user-data dir of its own.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def site_url(live_server) -> str:
    """The live server's address, with the demo content in the database.

    The live server makes these tests transactional, like the suite's other live-server
    tests: the database is emptied after each, so the demo content is loaded for each.
    """
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def open_context(browser, site_url):
    """Open browser contexts on the live server (desktop size unless told otherwise)."""
    contexts = []
    foreign_requests = []

    def only_the_site(route):
        if route.request.url.startswith(f"{site_url}/"):
            route.continue_()
        else:
            foreign_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def open_context(**options):
        context = browser.new_context(base_url=site_url, **(VIEWPORTS["desktop"] | options))
        # Everything is local: a missing element fails in seconds, not Playwright's 30.
        context.set_default_timeout(5_000)
        context.route("**/*", only_the_site)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    assert not foreign_requests, f"Requests to origins other than the site: {foreign_requests}"


@pytest.fixture
def page(open_context):
    return open_context().new_page()


@pytest.fixture
def page_without_js(open_context):
    return open_context(java_script_enabled=False).new_page()
