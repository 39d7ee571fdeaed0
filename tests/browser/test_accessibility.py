"""WCAG 2.2 AA: axe-core finds no violation on any public page, on a desktop or a phone."""

import pytest

from tests.browser.pages import PUBLIC_PAGES
from tests.browser.support import AXE_SCRIPT, RESULTS, VIEWPORTS

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = RESULTS / "screenshots"


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "".join(f"    at {node['target']}\n" for node in violation["nodes"])
        for violation in violations
    )


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=lambda public_page: public_page.slug)
def test_page_has_no_accessibility_violations(open_context, audit_figures, public_page, viewport):
    # The site's CSP rightly refuses injected scripts, so only this context bypasses it.
    page = open_context(bypass_csp=True, **VIEWPORTS[viewport]).new_page()
    public_page.open(page)
    # The page is open at this size already: keep a picture of it for human review.
    page.screenshot(path=SCREENSHOTS / f"{public_page.slug}-{viewport}.png", full_page=True)

    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )

    violations = results["violations"]
    audit_figures.record(public_page.name, f"axe {viewport}", len(violations))
    assert not violations, f"{public_page.name} at {viewport} size:\n{describe(violations)}"
