"""Each centre shows its CQC registration and rating as data; no demo or stand-in number links
to a real register."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.test import TestCase
from django.utils import timezone

from centres.models import Centre, Specialist
from tests.factories import make_centre_with_address, make_specialist


def messages_for(error: ValidationError, field: str) -> list[str]:
    return error.message_dict.get(field, [])


class CQCRegistrationTests(TestCase):
    def test_the_centre_page_shows_the_registration_rating_date_and_link(self):
        centre = make_centre_with_address(
            name="GenesisCare Windsor",
            cqc_location_id="1-123456789",
            cqc_rating=Centre.CQCRating.GOOD,
            cqc_rating_date=date(2025, 6, 12),
        )
        response = self.client.get(centre.get_absolute_url())
        self.assertContains(
            response, '<h2 id="cqc-heading">Registration and inspection</h2>', html=True
        )
        self.assertContains(response, "Care Quality Commission (CQC)")
        self.assertContains(response, "(location ID 1-123456789)")
        self.assertContains(
            response,
            "<p>CQC's latest rating: <strong>Good</strong>, published "
            '<time datetime="2025-06-12">12 June 2025</time>.</p>',
            html=True,
        )
        self.assertContains(
            response,
            '<a href="https://www.cqc.org.uk/location/1-123456789">See GenesisCare Windsor\'s '
            "registration and inspection reports on the CQC website</a>",
            html=True,
        )

    def test_a_centre_without_registration_data_shows_no_section(self):
        centre = make_centre_with_address()
        self.assertNotContains(self.client.get(centre.get_absolute_url()), "cqc-heading")

    def test_the_location_id_must_be_a_cqc_location_id(self):
        centre = make_centre_with_address()
        for wrong in ["https://www.cqc.org.uk/location/1-123456789", "123456789", "1-12"]:
            with self.subTest(wrong=wrong):
                centre.cqc_location_id = wrong
                with self.assertRaises(ValidationError) as error:
                    centre.full_clean()
                self.assertIn(
                    "Enter the CQC location ID as it ends the centre's address on cqc.org.uk, "
                    "for example 1-123456789.",
                    messages_for(error.exception, "cqc_location_id"),
                )
        centre.cqc_location_id = "1-123456789"
        centre.full_clean()

    def test_the_database_refuses_a_malformed_location_id(self):
        with self.assertRaises(IntegrityError):
            make_centre_with_address(cqc_location_id="example.com")

    def test_a_rating_date_needs_a_rating_and_must_have_passed(self):
        centre = make_centre_with_address(cqc_rating_date=date(2025, 6, 12))
        with self.assertRaises(ValidationError) as error:
            centre.full_clean()
        self.assertIn(
            "Choose the rating that the report of this date gave.",
            messages_for(error.exception, "cqc_rating"),
        )
        centre.cqc_rating = Centre.CQCRating.GOOD
        centre.cqc_rating_date = timezone.localdate() + timedelta(days=1)
        with self.assertRaises(ValidationError) as error:
            centre.full_clean()
        self.assertIn(
            "Enter the date of a report already published.",
            messages_for(error.exception, "cqc_rating_date"),
        )

    def test_no_link_for_a_stand_in_number_or_while_values_are_marked_invented(self):
        for fields in [
            {"cqc_location_id": "1-000000000"},
            {"cqc_location_id": "1-123456789", "demo_note": "Invented: the CQC location ID."},
        ]:
            with self.subTest(**fields):
                centre = make_centre_with_address(cqc_rating=Centre.CQCRating.GOOD, **fields)
                self.assertEqual(centre.cqc_register_url, "")
                response = self.client.get(centre.get_absolute_url())
                self.assertContains(response, f"(location ID {fields['cqc_location_id']})")
                self.assertNotContains(response, "cqc.org.uk/location")


class GMCRegisterLinkTests(TestCase):
    def test_a_real_number_links_to_the_register(self):
        specialist = make_specialist(gmc_number="7654321")
        self.assertContains(
            self.client.get(specialist.get_absolute_url()),
            'href="https://www.gmc-uk.org/registrants/7654321"',
        )

    def test_a_stand_in_or_demo_number_is_shown_but_never_linked(self):
        for fields in [
            {"gmc_number": "0000000"},
            {"gmc_number": "7654321", "demo_note": "Invented for the demo: the GMC number."},
        ]:
            with self.subTest(**fields):
                specialist = make_specialist(**fields)
                response = self.client.get(specialist.get_absolute_url())
                self.assertContains(
                    response, f"General Medical Council number {fields['gmc_number']}."
                )
                self.assertNotContains(response, "gmc-uk.org")
                self.assertEqual(specialist.gmc_register_url, "")

    def test_the_demo_specialist_links_to_no_register(self):
        call_command("load_demo_content", verbosity=0)
        specialist = Specialist.objects.get(slug="dr-yong-du")
        response = self.client.get(specialist.get_absolute_url())
        self.assertNotContains(response, "gmc-uk.org")
        self.assertNotContains(self.client.get("/centres/windsor/"), "cqc.org.uk")
