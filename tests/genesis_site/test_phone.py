"""One reading of phone numbers for the enquiry form, staff search, centres and tel: links."""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from genesis_site.phone import normalise_phone, tel_uri, validate_phone
from tests.factories import make_centre_with_address


class PhoneTests(SimpleTestCase):
    def test_a_uk_number_as_people_write_it_is_stored_in_international_form(self):
        for typed in ["01753 465 493", "(01753) 465493", "+44 1753 465 493", "0044 1753 465493"]:
            with self.subTest(typed):
                self.assertEqual(normalise_phone(typed), "+441753465493")

    def test_a_number_from_another_country_keeps_its_country_code(self):
        self.assertEqual(normalise_phone("+33 1 23 45 67 89"), "+33123456789")

    def test_text_that_is_not_a_phone_number_is_refused(self):
        for typed in ["12345", "ask at reception", ""]:
            with self.subTest(typed):
                self.assertEqual(normalise_phone(typed), "")
                with self.assertRaisesMessage(ValidationError, "Enter a UK phone number"):
                    validate_phone(typed)

    def test_a_link_dials_the_stored_form(self):
        self.assertEqual(tel_uri("01753 465 493"), "tel:+441753465493")


class PhoneLinksAgreeTests(TestCase):
    def test_the_site_header_and_a_centre_link_the_same_number_the_same_way(self):
        centre = make_centre_with_address(phone="01753 465 493")
        response = self.client.get(reverse("centres:detail", args=[centre.slug]))
        # Once in the header and footer (the clinic's number), once for the centre.
        self.assertContains(response, 'href="tel:+441753465493"', count=3)
