"""Keyboard only: Tab reaches every control in turn, focus is always visible, never trapped."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import PUBLIC_PAGES
from tests.browser.support import focused_element

# What Tab stops on, as the HTML spec defines it for the elements this site uses.
TAB_STOPS = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),"
    " select:not([disabled]), textarea:not([disabled]), summary,"
    " [tabindex]:not([tabindex='-1'])"
)

# A group of radio buttons is one Tab stop.
COUNT_TAB_STOPS = """elements => {
    const radioGroups = new Set();
    return elements.filter(element => element.type !== "radio"
        || (!radioGroups.has(element.name) && radioGroups.add(element.name))).length;
}"""


@pytest.mark.browser
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    assert focused_element(page)["focusVisible"]

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


@pytest.mark.browser
@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=lambda public_page: public_page.slug)
def test_tab_reaches_every_control_with_visible_focus(page, public_page):
    public_page.open(page)
    controls = page.locator(TAB_STOPS).filter(visible=True).evaluate_all(COUNT_TAB_STOPS)

    # Where the page puts focus itself (an error summary), go back to the top first.
    for _ in range(controls + 1):
        if focused_element(page)["isBody"]:
            break
        page.keyboard.press("Shift+Tab")

    stops = []
    first_stop = None
    # One press more than there are controls: focus must have gone round by then, out of
    # the page or back to its first control.
    for _ in range(controls + 1):
        page.keyboard.press("Tab")
        focused = focused_element(page)
        if focused["isBody"] or (
            first_stop and page.evaluate("first => first === document.activeElement", first_stop)
        ):
            break
        assert focused["focusVisible"], f"Focus is not visible on {focused['description']}"
        first_stop = first_stop or page.evaluate_handle("document.activeElement")
        stops.append(focused["description"])

    assert len(stops) == controls, (
        f"Tab stopped on {len(stops)} of {controls} controls before leaving the page"
        f" (trapped or skipping): {stops}"
    )
