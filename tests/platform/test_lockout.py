from datetime import timedelta

import time_machine
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import STAFF_PASSWORD, make_superuser


@override_settings(ADMIN_REQUIRE_2FA=False)
class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_superuser()

    def sign_in(self, password, *, address="192.0.2.10"):
        return self.client.post(
            reverse("admin:login"),
            {"username": self.staff.username, "password": password},
            REMOTE_ADDR=address,
        )

    def test_fifth_wrong_password_locks_the_account_from_that_address_with_429(self):
        for _ in range(4):
            self.assertContains(self.sign_in("wrong password"), "Please enter the correct")

        response = self.sign_in("wrong password")

        self.assertContains(response, "Too many wrong passwords", status_code=429)
        self.assertContains(response, "Try again in 15 minutes", status_code=429)
        self.assertEqual(self.sign_in(STAFF_PASSWORD).status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_lockout_ends_after_the_cool_off(self):
        for _ in range(5):
            self.sign_in("wrong password")

        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            response = self.sign_in(STAFF_PASSWORD)

        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.staff.pk))

    def test_another_address_is_not_locked_out(self):
        for _ in range(5):
            self.sign_in("wrong password")

        response = self.sign_in(STAFF_PASSWORD, address="198.51.100.20")

        self.assertEqual(response.status_code, 302)

    def test_successful_sign_in_forgets_earlier_failures(self):
        for _ in range(4):
            self.sign_in("wrong password")
        self.sign_in(STAFF_PASSWORD)
        self.client.logout()

        for _ in range(4):
            self.assertEqual(self.sign_in("wrong password").status_code, 200)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_addresses_come_from_our_proxy_not_from_the_client(self):
        # The proxy appends the real address; the left-hand entry is whatever the client claimed.
        for claimed in range(5):
            self.client.post(
                reverse("admin:login"),
                {"username": self.staff.username, "password": "wrong password"},
                REMOTE_ADDR="10.0.0.2",
                headers={"x-forwarded-for": f"203.0.113.{claimed}, 192.0.2.10"},
            )

        self.assertEqual(self.sign_in(STAFF_PASSWORD, address="10.0.0.2").status_code, 302)
        response = self.client.post(
            reverse("admin:login"),
            {"username": self.staff.username, "password": STAFF_PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            headers={"x-forwarded-for": "192.0.2.10"},
        )
        self.assertEqual(response.status_code, 429)
