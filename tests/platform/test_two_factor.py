from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import STAFF_PASSWORD, make_superuser, make_totp_device, totp_code


@override_settings(ADMIN_REQUIRE_2FA=True)
class TwoFactorGateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.device = make_totp_device()
        cls.staff = cls.device.user

    def test_signed_in_staff_without_a_code_cannot_reach_admin_pages(self):
        self.client.force_login(self.staff)
        two_factor = reverse("admin:two_factor")

        for page in [reverse("admin:index"), reverse("admin:auth_user_changelist")]:
            with self.subTest(page):
                response = self.client.get(page, follow=True)

                self.assertEqual(response.redirect_chain[-1][0], f"{two_factor}?next={page}")
                self.assertContains(response, "Enter the code from your authenticator app")
                self.assertNotContains(response, "Site administration")

    def test_password_sign_in_leads_to_the_code_page(self):
        response = self.client.post(
            reverse("admin:login"),
            {"username": self.staff.username, "password": STAFF_PASSWORD, "next": "/admin/"},
        )

        self.assertRedirects(response, reverse("admin:two_factor") + "?next=/admin/")

    def test_current_code_opens_the_admin(self):
        self.client.force_login(self.staff)

        response = self.client.post(
            reverse("admin:two_factor"),
            {"code": totp_code(self.device), "next": reverse("admin:auth_user_changelist")},
        )

        self.assertRedirects(response, reverse("admin:auth_user_changelist"))
        self.assertContains(self.client.get(reverse("admin:index")), "Site administration")

    def test_wrong_code_is_refused_with_a_message(self):
        self.client.force_login(self.staff)
        wrong = f"{(int(totp_code(self.device)) + 1) % 1_000_000:06d}"

        response = self.client.post(reverse("admin:two_factor"), {"code": wrong})

        self.assertContains(response, "That code did not work", status_code=200)
        self.assertRedirects(
            self.client.get(reverse("admin:index")),
            reverse("admin:login") + "?next=" + reverse("admin:index"),
            fetch_redirect_response=False,
        )

    def test_backup_code_opens_the_admin(self):
        backup = StaticDevice.objects.create(user=self.staff, name="Backup codes")
        backup.token_set.create(token="k4x9m2p7")
        self.client.force_login(self.staff)

        self.client.post(reverse("admin:two_factor"), {"code": "k4x9m2p7"})

        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)
        self.assertFalse(backup.token_set.exists())

    def test_another_staff_members_device_does_not_count(self):
        colleague = make_superuser()
        self.client.force_login(colleague)

        self.client.post(reverse("admin:two_factor"), {"code": totp_code(self.device)})

        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 302)

    def test_staff_waiting_for_their_code_can_sign_out(self):
        self.client.force_login(self.staff)

        self.client.post(reverse("admin:logout"))

        self.assertNotIn("_auth_user_id", self.client.session)

    def test_redirect_after_the_code_stays_on_this_site(self):
        self.client.force_login(self.staff)

        response = self.client.post(
            reverse("admin:two_factor"),
            {"code": totp_code(self.device), "next": "https://evil.example/"},
        )

        self.assertRedirects(response, reverse("admin:index"))

    def test_visitors_who_are_not_staff_are_sent_to_sign_in(self):
        response = self.client.get(reverse("admin:two_factor"))

        self.assertRedirects(
            response,
            reverse("admin:login") + "?next=" + reverse("admin:two_factor"),
            fetch_redirect_response=False,
        )


@override_settings(ADMIN_REQUIRE_2FA=True)
class EnrolmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_superuser()

    def setUp(self):
        self.client.force_login(self.staff)

    def test_staff_without_a_device_see_a_qr_code_and_key_to_set_one_up(self):
        response = self.client.get(reverse("admin:two_factor"))

        self.assertContains(response, "Set up two-step sign-in")
        self.assertContains(response, 'src="data:image/svg+xml;base64,')
        device = TOTPDevice.objects.get(user=self.staff)
        self.assertFalse(device.confirmed)
        # Reloading keeps the secret they may already have scanned.
        self.client.get(reverse("admin:two_factor"))
        self.assertEqual(TOTPDevice.objects.get(user=self.staff).key, device.key)

    def test_first_code_confirms_the_device_and_opens_the_admin(self):
        self.client.get(reverse("admin:two_factor"))
        device = TOTPDevice.objects.get(user=self.staff)

        response = self.client.post(reverse("admin:two_factor"), {"code": totp_code(device)})

        self.assertRedirects(response, reverse("admin:index"))
        device.refresh_from_db()
        self.assertTrue(device.confirmed)

    def test_unconfirmed_device_is_not_enough_on_its_own(self):
        self.client.get(reverse("admin:two_factor"))

        response = self.client.post(reverse("admin:two_factor"), {"code": ""})

        self.assertContains(response, "Enter the code from your authenticator app.")
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 302)


class TwoFactorOffTests(TestCase):
    def test_force_login_reaches_the_admin_when_two_factor_is_off(self):
        self.client.force_login(make_superuser())

        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)
