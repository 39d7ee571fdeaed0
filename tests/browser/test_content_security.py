"""The Content-Security-Policy in a real browser, now that public pages carry no nonce.

JSON-LD blocks are data (`<script type="application/ld+json">`): browsers never run them,
so the policy does not apply to them and they need no nonce. That keeps every cached copy
of a page the same bytes for everyone. These checks prove it costs nothing: a script
injected into a page is still refused, and every JSON-LD block still parses.
"""

import json

import pytest

from tests.browser.pages import PUBLIC_PAGES

COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
INJECTED = "<script>window.injectedScriptRan = true;</script>"


def served_pages():
    return [page for page in PUBLIC_PAGES if page.status == 200 and page.steps is None]


@pytest.mark.browser
def test_every_json_ld_block_parses_and_nothing_is_refused(open_context, site_url):
    context = open_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    for public_page in served_pages():
        public_page.open(page)
        blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
        assert blocks, f"{public_page.name} has no JSON-LD"
        for block in blocks:
            assert isinstance(json.loads(block), dict | list), public_page.name
        assert page.evaluate("window.cspViolations") == [], public_page.name


@pytest.mark.browser
def test_a_script_injected_into_a_page_is_refused(open_context, site_url):
    context = open_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()

    def inject(route):
        served = route.fetch()
        body = served.text().replace("</main>", f"{INJECTED}</main>")
        route.fulfill(response=served, body=body)

    for public_page in served_pages():
        page.route(f"{site_url}{public_page.path}", inject)
        public_page.open(page)
        assert INJECTED in page.content(), "the script reached the page"
        assert page.evaluate("window.injectedScriptRan") is None, public_page.name
        violations = page.evaluate("window.cspViolations")
        assert any(v.startswith("script-src") for v in violations), public_page.name
        page.unroute(f"{site_url}{public_page.path}")
