from datetime import timedelta

import time_machine
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from genesis_site.middleware import StaffSessionTimeoutMiddleware
from tests.factories import make_superuser


@override_settings(
    ADMIN_REQUIRE_2FA=False, STAFF_IDLE_TIMEOUT_MINUTES=30, STAFF_SESSION_MAX_HOURS=12
)
class StaffSessionTimeoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_superuser()

    def setUp(self):
        self.start = timezone.now()
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)

    def get_admin_at(self, minutes_after_start: int):
        with time_machine.travel(self.start + timedelta(minutes=minutes_after_start)):
            return self.client.get(reverse("admin:index"))

    def test_thirty_one_idle_minutes_sign_staff_out(self):
        response = self.get_admin_at(31)

        self.assertRedirects(
            response,
            reverse("admin:login") + "?next=" + reverse("admin:index"),
            fetch_redirect_response=False,
        )

    def test_each_request_restarts_the_idle_clock(self):
        for minutes in [29, 58, 87]:
            with self.subTest(minutes=minutes):
                self.assertEqual(self.get_admin_at(minutes).status_code, 200)

    def test_busy_staff_sign_in_again_after_twelve_hours(self):
        for minutes in range(25, 12 * 60, 25):
            self.assertEqual(self.get_admin_at(minutes).status_code, 200, minutes)

        response = self.get_admin_at(12 * 60 + 5)

        self.assertRedirects(
            response,
            reverse("admin:login") + "?next=" + reverse("admin:index"),
            fetch_redirect_response=False,
        )

    def test_session_cookie_expires_with_the_idle_timeout(self):
        response = self.client.get(reverse("admin:index"))

        self.assertEqual(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"], 1800)

    def test_visitors_without_a_session_are_left_alone(self):
        # Reading their session would add "Vary: Cookie" and defeat page caching.
        request = RequestFactory().get("/")
        SessionMiddleware(HttpResponse).process_request(request)
        AuthenticationMiddleware(HttpResponse).process_request(request)

        StaffSessionTimeoutMiddleware(lambda request: HttpResponse())(request)

        self.assertFalse(request.session.accessed)
