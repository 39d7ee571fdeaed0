"""JSON-LD on centre and specialist pages: valid JSON, the right schema.org shapes."""

import json
import re
from datetime import UTC, date, datetime, time

import time_machine
from django.test import TestCase
from django.urls import reverse

from centres.models import Weekday
from tests.factories import (
    make_centre_with_address,
    make_opening_exception,
    make_opening_hours,
    make_specialist,
    make_therapy,
    make_windsor_centre,
)

# JSON-LD is data, never run, so it carries no CSP nonce (tests/browser/test_content_security.py).
SCRIPT = re.compile(r'<script type="application/ld\+json">(?P<json>.*?)</script>', re.S)


def json_ld(response) -> dict[str, dict]:
    """The page's JSON-LD objects by @type."""
    found = {}
    for match in SCRIPT.finditer(response.content.decode()):
        data = json.loads(match["json"])
        found[data["@type"]] = data
    return found


@time_machine.travel(datetime(2026, 3, 4, 12, 0, tzinfo=UTC), tick=False)
class CentreJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="177Lu-octreotate therapy", slug="177lu-octreotate")
        cls.centre = make_windsor_centre(
            therapies=[cls.therapy], enquiry_email="windsor@example.org"
        )
        make_opening_hours(cls.centre, Weekday.MONDAY, time(8), time(18))
        make_opening_hours(cls.centre, Weekday.SATURDAY)
        make_opening_exception(cls.centre, date(2026, 4, 3), reason="Good Friday")
        make_opening_exception(cls.centre, date(2026, 3, 5), time(8), time(13), reason="Training")

    def test_medical_clinic(self):
        clinic = json_ld(self.client.get("/centres/windsor/"))["MedicalClinic"]
        self.assertEqual(clinic["@context"], "https://schema.org")
        self.assertEqual(clinic["name"], "GenesisCare Windsor")
        self.assertEqual(clinic["url"], "http://127.0.0.1:8000/centres/windsor/")
        self.assertEqual(clinic["telephone"], "+441753465493")
        self.assertEqual(clinic["email"], "windsor@example.org")
        self.assertEqual(
            clinic["address"],
            {
                "@type": "PostalAddress",
                "streetAddress": "69 Alma Road",
                "addressLocality": "Windsor",
                "postalCode": "SL4 3HD",
                "addressCountry": "GB",
            },
        )
        self.assertEqual(
            clinic["geo"],
            {"@type": "GeoCoordinates", "latitude": 51.479361, "longitude": -0.615993},
        )
        self.assertEqual(
            clinic["availableService"],
            [
                {
                    "@type": "MedicalTherapy",
                    "name": "177Lu-octreotate therapy",
                    "url": "http://127.0.0.1:8000/therapies/177lu-octreotate/",
                }
            ],
        )

    def test_opening_hours_specification(self):
        clinic = json_ld(self.client.get("/centres/windsor/"))["MedicalClinic"]
        self.assertEqual(
            clinic["openingHoursSpecification"],
            [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": "https://schema.org/Monday",
                    "opens": "08:00",
                    "closes": "18:00",
                },
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": "2026-03-05",
                    "validThrough": "2026-03-05",
                    "opens": "08:00",
                    "closes": "13:00",
                },
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": "2026-04-03",
                    "validThrough": "2026-04-03",
                    "opens": "00:00",
                    "closes": "00:00",
                },
            ],
        )

    def test_breadcrumb_list(self):
        crumbs = json_ld(self.client.get("/centres/windsor/"))["BreadcrumbList"]
        self.assertEqual(
            crumbs["itemListElement"],
            [
                {
                    "@type": "ListItem",
                    "position": 1,
                    "name": "Home",
                    "item": "http://127.0.0.1:8000/",
                },
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": "Our centres",
                    "item": "http://127.0.0.1:8000/centres/",
                },
                {"@type": "ListItem", "position": 3, "name": "GenesisCare Windsor"},
            ],
        )

    def test_list_pages_have_breadcrumbs(self):
        for url in (reverse("centres:list"), reverse("centres:specialist_list")):
            with self.subTest(url=url):
                crumbs = json_ld(self.client.get(url))["BreadcrumbList"]
                self.assertEqual(len(crumbs["itemListElement"]), 2)

    def test_editor_text_cannot_break_out_of_the_script(self):
        centre = make_centre_with_address(name="Bad </script><script>alert(1)</script> name")
        response = self.client.get(centre.get_absolute_url())
        self.assertNotContains(response, "</script><script>alert(1)")
        self.assertEqual(
            json_ld(response)["MedicalClinic"]["name"],
            "Bad </script><script>alert(1)</script> name",
        )


class PhysicianJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.windsor = make_windsor_centre()
        cls.specialist = make_specialist(
            title="Dr",
            name="Yong Du",
            slug="dr-yong-du",
            gmc_number="1234567",
            summary="Consultant in nuclear medicine.",
            specialties="Diagnostic nuclear medicine\nTherapeutic nuclear medicine",
            languages="English, Mandarin",
            centres=[cls.windsor],
            therapies=[make_therapy(title="177Lu-octreotate therapy")],
        )

    def test_physician(self):
        physician = json_ld(self.client.get("/specialists/dr-yong-du/"))["Physician"]
        self.assertEqual(physician["name"], "Dr Yong Du")
        self.assertEqual(physician["url"], "http://127.0.0.1:8000/specialists/dr-yong-du/")
        self.assertEqual(
            physician["medicalSpecialty"],
            ["Diagnostic nuclear medicine", "Therapeutic nuclear medicine"],
        )
        self.assertEqual(
            physician["identifier"],
            {
                "@type": "PropertyValue",
                "propertyID": "GMC",
                "name": "General Medical Council reference number",
                "value": "1234567",
                "url": "https://www.gmc-uk.org/registrants/1234567",
            },
        )
        self.assertEqual(physician["worksFor"]["@type"], "MedicalOrganization")
        self.assertEqual(physician["worksFor"]["name"], "GenesisCare Theranostics")
        [location] = physician["location"]
        self.assertEqual(location["@type"], "MedicalClinic")
        self.assertEqual(location["@id"], "http://127.0.0.1:8000/centres/windsor/")
        self.assertEqual(location["address"]["@type"], "PostalAddress")
        self.assertEqual(physician["availableService"][0]["name"], "177Lu-octreotate therapy")
        self.assertEqual(physician["knowsLanguage"], ["English", "Mandarin"])

    def test_breadcrumb_list(self):
        crumbs = json_ld(self.client.get("/specialists/dr-yong-du/"))["BreadcrumbList"]
        self.assertEqual(
            [crumb["name"] for crumb in crumbs["itemListElement"]],
            ["Home", "Our specialists", "Dr Yong Du"],
        )

    def test_no_identifier_without_a_gmc_number(self):
        nurse = make_specialist(gmc_number="")
        self.assertNotIn(
            "identifier", json_ld(self.client.get(nurse.get_absolute_url()))["Physician"]
        )
