"""Everything works with JavaScript off: here, the way to the enquiry form from every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.pages import PUBLIC_PAGES


@pytest.mark.browser
def test_every_page_leads_to_the_enquiry_form_without_javascript(page_without_js, site_url):
    page = page_without_js
    # Pages that answer normally; error pages offer their own ways on.
    for public_page in (public_page for public_page in PUBLIC_PAGES if public_page.status == 200):
        public_page.open(page)
        page.get_by_role("link", name="Make an enquiry").first.click()
        expect(page, f"from {public_page.name}").to_have_url(site_url + reverse("enquiries:create"))
