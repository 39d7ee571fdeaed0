from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import TestCase

from tests.factories import make_superuser


class StaffPasswordRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_superuser(username="jsmith", email="jane.smith@example.org")

    def assert_refused(self, password: str, code: str):
        with self.assertRaises(ValidationError) as refusal:
            validate_password(password, self.staff)
        self.assertIn(code, [error.code for error in refusal.exception.error_list])

    def test_passwords_under_twelve_characters_are_refused(self):
        self.assert_refused("k9#Tq2!vLm4", "password_too_short")

    def test_common_passwords_are_refused(self):
        self.assert_refused("password1234", "password_too_common")

    def test_passwords_like_the_username_or_email_are_refused(self):
        self.assert_refused("jane.smith@example", "password_too_similar")

    def test_long_passphrases_need_no_symbols_or_digits(self):
        # ASVS 2.1.9: length, not composition rules.
        validate_password("violet harbour lantern sings", self.staff)
