"""What editors type is checked, with a message that says how to fix it."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import SimpleTestCase, TestCase

from centres.models import Centre, OpeningHours, Specialist, Weekday
from centres.validators import normalise_postcode
from tests.centres.media import TemporaryMediaMixin, png_upload
from tests.factories import make_centre, make_centre_with_address, make_specialist


def messages_for(error: ValidationError, field: str) -> list[str]:
    return error.exception.message_dict.get(field, [])


class PostcodeTests(SimpleTestCase):
    def test_normalised_to_upper_case_with_one_space(self):
        for typed in ["sl43hd", " SL4  3HD ", "Sl4 3hD", "SL43HD"]:
            with self.subTest(typed=typed):
                self.assertEqual(normalise_postcode(typed), "SL4 3HD")
        self.assertEqual(normalise_postcode("ec1a1bb"), "EC1A 1BB")
        self.assertEqual(normalise_postcode("w1a0ax"), "W1A 0AX")


class CentreValidationTests(TestCase):
    def test_valid_postcode_is_saved_normalised(self):
        centre = make_centre_with_address()
        centre.postcode = " ox46lb "
        centre.full_clean()
        centre.save()
        centre.refresh_from_db()
        self.assertEqual(centre.postcode, "OX4 6LB")

    def test_invalid_postcodes_are_rejected_with_an_example(self):
        centre = make_centre_with_address()
        for typed in ["SL4", "123 456", "SL4 3H", "WINDSOR", "SL4 3HDX"]:
            centre.postcode = typed
            with self.subTest(typed=typed), self.assertRaises(ValidationError) as error:
                centre.full_clean()
            self.assertIn(
                "Enter a full UK postcode, for example SL4 3HD.", messages_for(error, "postcode")
            )

    def test_saved_normalised_from_code_too(self):
        centre = make_centre(postcode="sl43hd")
        centre.refresh_from_db()
        self.assertEqual(centre.postcode, "SL4 3HD")

    def test_database_refuses_a_malformed_postcode(self):
        with transaction.atomic(), self.assertRaises(IntegrityError):
            make_centre(postcode="SL4")

    def test_phone_must_be_a_uk_number(self):
        centre = make_centre_with_address(phone="12345")
        with self.assertRaises(ValidationError) as error:
            centre.full_clean()
        self.assertIn(
            "Enter a UK phone number with its area code, for example 01753 465 493.",
            messages_for(error, "phone"),
        )

    def test_phone_link_dials_internationally(self):
        centre = make_centre_with_address(phone="01865 224 884")
        self.assertEqual(centre.phone_uri, "tel:+441865224884")

    def test_latitude_needs_longitude(self):
        centre = make_centre_with_address()
        centre.longitude = None
        with self.assertRaises(ValidationError) as error:
            centre.full_clean()
        self.assertIn(
            "Enter both the latitude and the longitude, or neither.", str(error.exception)
        )
        with transaction.atomic(), self.assertRaises(IntegrityError):
            centre.save()

    def test_coordinates_outside_the_uk_are_rejected(self):
        # Swapped latitude and longitude is the usual slip.
        centre = make_centre_with_address(latitude="-0.615993", longitude="51.479361")
        with self.assertRaises(ValidationError) as error:
            centre.full_clean()
        self.assertIn("latitude", error.exception.message_dict)
        self.assertIn("longitude", error.exception.message_dict)

    def test_cqc_link_must_be_on_the_cqc_website(self):
        centre = make_centre_with_address(cqc_url="https://example.com/report")
        with self.assertRaises(ValidationError) as error:
            centre.full_clean()
        self.assertIn(
            "Link to the centre's page on the CQC website, cqc.org.uk.",
            messages_for(error, "cqc_url"),
        )
        centre.cqc_url = "https://www.cqc.org.uk/location/1-000000000"
        centre.full_clean()


class GMCNumberTests(TestCase):
    def test_seven_digits_are_accepted(self):
        make_specialist(gmc_number="1234567").full_clean()

    def test_anything_else_is_rejected(self):
        for typed in ["123456", "12345678", "12a4567", "GMC1234"]:
            specialist = Specialist(
                name="A Doctor", slug="a-doctor", role="Consultant", summary="Summary."
            )
            specialist.gmc_number = typed
            with self.subTest(typed=typed), self.assertRaises(ValidationError) as error:
                specialist.full_clean()
            self.assertIn(
                "Enter the 7-digit GMC reference number, for example 1234567, with no letters.",
                messages_for(error, "gmc_number"),
            )

    def test_database_refuses_a_malformed_number(self):
        with transaction.atomic(), self.assertRaises(IntegrityError):
            make_specialist(gmc_number="123")

    def test_two_specialists_cannot_share_a_number(self):
        make_specialist(gmc_number="1234567")
        duplicate = make_specialist()
        duplicate.gmc_number = "1234567"
        with self.assertRaises(ValidationError) as error:
            duplicate.full_clean()
        self.assertIn("Another specialist already has this GMC number.", str(error.exception))

    def test_blank_for_clinicians_who_are_not_doctors(self):
        make_specialist(gmc_number="").full_clean()
        make_specialist(gmc_number="").full_clean()

    def test_links_to_the_public_register(self):
        specialist = make_specialist(gmc_number="7654321")
        self.assertEqual(specialist.gmc_register_url, "https://www.gmc-uk.org/registrants/7654321")


class PhotoAltTextTests(TemporaryMediaMixin, TestCase):
    def test_photo_needs_a_description(self):
        for profile in (make_centre_with_address(), make_specialist()):
            profile.photo = png_upload()
            with (
                self.subTest(model=type(profile).__name__),
                self.assertRaises(ValidationError) as error,
            ):
                profile.full_clean()
            self.assertIn(
                "Describe the photo for people who cannot see it, or tick “decorative photo” "
                "if it tells them nothing.",
                messages_for(error, "photo_alt_text"),
            )

    def test_photo_with_a_description_is_saved_with_its_size(self):
        specialist = make_specialist()
        specialist.photo = png_upload()
        specialist.photo_alt_text = "Dr Test smiling in a clinic room"
        specialist.full_clean()
        specialist.save()
        self.assertEqual((specialist.photo_width, specialist.photo_height), (4, 3))

    def test_database_refuses_a_photo_without_a_description(self):
        for model in (Centre, Specialist):
            with (
                self.subTest(model=model.__name__),
                transaction.atomic(),
                self.assertRaises(IntegrityError),
            ):
                model.objects.create(
                    slug="no-alt", photo="photos/x.png", photo_width=4, photo_height=3
                )


class HoursValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre()

    def hours(self, **fields) -> OpeningHours:
        return OpeningHours(centre=self.centre, weekday=Weekday.MONDAY, **fields)

    def test_open_day_needs_both_times(self):
        with self.assertRaises(ValidationError) as error:
            self.hours(opens=time(9)).full_clean()
        self.assertEqual(
            messages_for(error, "closes"), ["Enter the closing time, or tick “closed all day”."]
        )

    def test_times_must_differ(self):
        with self.assertRaises(ValidationError) as error:
            self.hours(opens=time(9), closes=time(9)).full_clean()
        self.assertEqual(
            messages_for(error, "closes"), ["The closing time must differ from the opening time."]
        )

    def test_closed_day_has_no_times(self):
        with self.assertRaises(ValidationError) as error:
            self.hours(is_closed=True, opens=time(9), closes=time(17)).full_clean()
        self.assertIn("A closed day has no times", str(error.exception))

    def test_past_midnight_is_allowed(self):
        self.hours(opens=time(22), closes=time(2)).full_clean()

    def test_one_row_per_weekday(self):
        self.hours(opens=time(9), closes=time(17)).save()
        with self.assertRaises(ValidationError) as error:
            self.hours(opens=time(10), closes=time(16)).full_clean()
        self.assertIn("This day already has opening hours.", str(error.exception))

    def test_database_refuses_an_open_day_without_times(self):
        with transaction.atomic(), self.assertRaises(IntegrityError):
            self.hours(opens=time(9)).save()
