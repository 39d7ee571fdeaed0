from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, SimpleTestCase, override_settings

from tests.genesis_site.test_error_pages import ErrorPageAssertions


class FailingMailer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


@override_settings(ROOT_URLCONF="tests.platform.urls")
class DatabaseUnavailableTests(ErrorPageAssertions, SimpleTestCase):
    def test_a_locked_database_gets_the_friendly_503_page_with_the_phone_number(self):
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", "ERROR"):
            response = client.get("/test/locked/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertErrorPage(response.text, "Sorry, this website is very busy")
        self.assertContains(response, "it has not reached us yet", status_code=503)

    def test_a_transaction_aborted_by_a_restarting_database_gets_the_503_page(self):
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", "ERROR"):
            response = client.get("/test/aborted/")
        self.assertEqual(response.status_code, 503)

    def test_a_bug_in_our_queries_is_still_a_500(self):
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", "ERROR"):
            response = client.get("/test/duplicate/")
        self.assertEqual(response.status_code, 500)


@override_settings(ROOT_URLCONF="tests.platform.urls", ADMINS=["web-team@example.org"])
class ErrorReportTests(SimpleTestCase):
    def post_to_broken_page(self):
        # Not assertLogs(): it would stop the records reaching the error email handler.
        return Client(raise_request_exception=False).post(
            "/test/broken/?postcode=SL4+3HD",
            {"message": "I was diagnosed with a NET in March."},
            HTTP_REFERER="https://www.example.org/centres/?postcode=SL4+3HD",
        )

    def test_error_emails_hide_every_posted_value_local_variable_and_query(self):
        response = self.post_to_broken_page()
        self.assertEqual(response.status_code, 500)
        (report,) = mail.outbox
        self.assertIn("A bug while handling 36 characters.", report.body)
        self.assertIn("message = '********************'", report.body)
        self.assertIn("postcode = '********************'", report.body)
        for leak in ("diagnosed", "SL4"):
            self.assertNotIn(leak, report.body)

    @override_settings(
        MAILERS={"default": {"BACKEND": "tests.platform.test_error_handling.FailingMailer"}}
    )
    def test_a_mail_server_that_is_down_does_not_break_error_handling(self):
        response = self.post_to_broken_page()
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "It is not your fault", status_code=500)
