from django.conf import settings
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from tests.genesis_site.outline import PageOutline


def database_down(request):
    """A context processor standing in for any part of the site that needs the database."""
    raise OperationalError("database is down")


class ErrorPageAssertions:
    def assertErrorPage(self, html: str, heading: str):
        """One h1 saying what happened, the site's header, a way home and the phone number."""
        page = PageOutline(html)
        self.assertEqual(page.h1s(), [heading])
        self.assertEqual(page.focusable[0][1].get("href"), "#main-content")
        self.assertIn("Make an enquiry", page.links_in("Main"))
        main = page.links_in("main")
        self.assertEqual(main["Go to the home page"], reverse("pages:home"))
        self.assertEqual(main[settings.CLINIC["phone"]], "tel:+441753465493")


@override_settings(ROOT_URLCONF="tests.genesis_site.urls")
class ServerErrorPageTests(ErrorPageAssertions, SimpleTestCase):
    """SimpleTestCase: any database query while showing the 500 page fails the test."""

    def get_broken_page(self):
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", "ERROR"):
            return client.get("/test/broken/")

    def test_server_error_shows_the_500_page_in_the_site_look(self):
        response = self.get_broken_page()
        self.assertEqual(response.status_code, 500)
        self.assertErrorPage(response.text, "Sorry, there is a problem with this website")
        self.assertContains(response, "It is not your fault", status_code=500)

    def test_500_page_needs_no_context_processor(self):
        templates = [
            settings.TEMPLATES[0]
            | {
                "OPTIONS": {
                    "context_processors": [
                        *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                        "tests.genesis_site.test_error_pages.database_down",
                    ]
                }
            }
        ]
        with self.settings(TEMPLATES=templates):
            response = self.get_broken_page()
        self.assertEqual(response.status_code, 500)
        self.assertErrorPage(response.text, "Sorry, there is a problem with this website")


class ClientErrorPageTests(ErrorPageAssertions, TestCase):
    def test_unknown_address_shows_the_404_page(self):
        with self.assertLogs("django.request", "WARNING"):
            response = self.client.get("/no/such/page/")
        self.assertEqual(response.status_code, 404)
        self.assertErrorPage(response.text, "Page not found")
        self.assertContains(response, "<title>Page not found |", status_code=404)

    def test_expired_form_shows_a_reassuring_403_page(self):
        client = Client(enforce_csrf_checks=True)
        with self.assertLogs("django.security.csrf", "WARNING"):
            response = client.post(reverse("enquiries:create"), {"message": "My question"})
        self.assertEqual(response.status_code, 403)
        self.assertErrorPage(response.text, "Your form has expired")
        self.assertContains(response, "What you typed has not been sent or stored", status_code=403)
        self.assertNotContains(response, "CSRF", status_code=403)

    def test_bad_request_shows_the_400_page(self):
        with self.assertLogs("django.security.DisallowedHost", "ERROR"):
            response = self.client.get("/", headers={"host": "attacker.example"})
        self.assertEqual(response.status_code, 400)
        self.assertErrorPage(response.text, "Sorry, we could not open that page")

    @override_settings(ROOT_URLCONF="tests.genesis_site.urls")
    def test_forbidden_page_shows_the_403_page(self):
        with self.assertLogs("django.request", "WARNING"):
            response = self.client.get("/test/forbidden/")
        self.assertEqual(response.status_code, 403)
        self.assertErrorPage(response.text, "You cannot see this page")


class TooManyRequestsPageTests(ErrorPageAssertions, SimpleTestCase):
    def test_429_page_renders_from_the_clinic_details_alone(self):
        html = render_to_string("429.html", {"clinic": settings.CLINIC})
        self.assertErrorPage(html, "Please wait before trying again")
        self.assertIn("will reply by the time that message gave", html)
