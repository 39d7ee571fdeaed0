"""Editors manage centres and specialists in the admin: listings, filters, search, warnings."""

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centres.models import Centre, Weekday
from tests.factories import make_centre_with_address, make_specialist, make_therapy

CENTRES = reverse("admin:centres_centre_changelist")
SPECIALISTS = reverse("admin:centres_specialist_changelist")


def inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_superuser("editor", "editor@example.org", "x" * 12)
        cls.lutetium = make_therapy(title="177Lu-octreotate therapy")
        cls.windsor = make_centre_with_address(
            name="GenesisCare Windsor", town="Windsor", postcode="SL4 3HD", therapies=[cls.lutetium]
        )
        cls.oxford = make_centre_with_address(
            name="GenesisCare Oxford",
            town="Oxford",
            postcode="OX4 6LB",
            therapies=[cls.lutetium],
            demo_note="Invented for the demo: coordinates.",
        )
        cls.yong_du = make_specialist(
            name="Yong Du",
            gmc_number="1234567",
            centres=[cls.windsor],
            therapies=[cls.lutetium],
        )
        make_specialist(
            name="Retired Doctor",
            is_published=False,
            centres=[cls.oxford],
            therapies=[cls.lutetium],
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def listed(self, response) -> list[str]:
        return [str(obj) for obj in response.context["cl"].result_list]


class CentreAdminTests(AdminTestCase):
    def test_changelist_columns(self):
        response = self.client.get(CENTRES)
        self.assertEqual(self.listed(response), ["GenesisCare Oxford", "GenesisCare Windsor"])
        self.assertContains(response, "SL4 3HD")
        self.assertContains(response, "177Lu-octreotate therapy")
        self.assertContains(response, "Every therapy has a specialist")

    def test_warns_when_a_therapy_has_no_active_specialist(self):
        # Oxford's only specialist for the therapy is inactive.
        response = self.client.get(CENTRES)
        self.assertContains(
            response,
            "<strong>⚠ No active specialist here for: 177Lu-octreotate therapy</strong>",
            html=True,
            count=1,
        )

    def test_search_by_town_and_postcode(self):
        for term, expected in [("windsor", "GenesisCare Windsor"), ("OX4", "GenesisCare Oxford")]:
            with self.subTest(term=term):
                response = self.client.get(CENTRES, {"q": term})
                self.assertEqual(self.listed(response), [expected])

    def test_filters(self):
        make_centre_with_address(name="Old Centre", is_published=False)
        cases = [
            ({"cover": "gaps"}, ["GenesisCare Oxford"]),
            ({"cover": "covered"}, ["GenesisCare Windsor", "Old Centre"]),
            ({"status__exact": "draft"}, ["Old Centre"]),
            (
                {"therapies__id__exact": str(self.lutetium.pk)},
                ["GenesisCare Oxford", "GenesisCare Windsor"],
            ),
        ]
        response = self.client.get(CENTRES)
        for title in ("By specialist cover", "By status", "By therapies"):
            self.assertContains(response, title)
        for params, expected in cases:
            with self.subTest(params=params):
                self.assertEqual(self.listed(self.client.get(CENTRES, params)), expected)

    def test_change_form_has_inlines_view_on_site_and_demo_note_first(self):
        response = self.client.get(reverse("admin:centres_centre_change", args=[self.oxford.pk]))
        self.assertContains(response, "Usual opening hours")
        self.assertContains(response, "Holidays and special hours")
        self.assertContains(response, "View on site")
        self.assertContains(response, "No active specialist here for: 177Lu-octreotate therapy")
        html = response.content.decode()
        self.assertLess(html.index("Demo data: check before launch"), html.index("Address and"))

    def test_slug_is_prepopulated_from_the_name(self):
        self.assertContains(
            self.client.get(reverse("admin:centres_centre_add")),
            "&quot;id&quot;: &quot;#id_slug&quot;, &quot;name&quot;: &quot;slug&quot;, "
            "&quot;dependency_ids&quot;: [&quot;#id_name&quot;]",
        )

    def test_adding_a_centre_normalises_the_postcode_and_warns_about_cover(self):
        data = {
            "name": "GenesisCare Reading",
            "slug": "reading",
            "address_line_1": "1 Station Road",
            "town": "Reading",
            "postcode": " rg1  1aa ",
            "phone": "0118 496 0000",
            "therapies": [str(self.lutetium.pk)],
            **inline_management("opening_hours", 2),
            "opening_hours-0-weekday": str(Weekday.MONDAY),
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "17:00",
            "opening_hours-1-weekday": str(Weekday.SUNDAY),
            "opening_hours-1-is_closed": "on",
            **inline_management("hours_exceptions", 1),
            "hours_exceptions-0-date": "2026-12-25",
            "hours_exceptions-0-reason": "Christmas Day",
            "hours_exceptions-0-is_closed": "on",
        }
        response = self.client.post(reverse("admin:centres_centre_add"), data, follow=True)
        centre = Centre.objects.get(slug="reading")
        self.assertEqual(centre.postcode, "RG1 1AA")
        self.assertEqual(centre.opening_hours.count(), 2)
        self.assertEqual(centre.hours_exceptions.get().reason, "Christmas Day")
        self.assertContains(
            response,
            "GenesisCare Reading offers 177Lu-octreotate therapy, but no active specialist",
        )

    def test_invalid_input_is_shown_at_the_field(self):
        data = {
            "name": "Bad",
            "slug": "bad",
            "address_line_1": "1 Road",
            "town": "Town",
            "postcode": "NOT A POSTCODE",
            "phone": "123",
            **inline_management("opening_hours", 1),
            "opening_hours-0-weekday": str(Weekday.MONDAY),
            "opening_hours-0-opens": "09:00",
            **inline_management("hours_exceptions"),
        }
        response = self.client.post(reverse("admin:centres_centre_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a full UK postcode, for example SL4 3HD.")
        self.assertContains(response, "Enter a UK phone number with its area code")
        self.assertContains(response, "Enter the closing time, or tick “closed all day”.")
        self.assertFalse(Centre.objects.filter(slug="bad").exists())


class SpecialistAdminTests(AdminTestCase):
    def test_changelist(self):
        response = self.client.get(SPECIALISTS)
        self.assertEqual(self.listed(response), ["Dr Retired Doctor", "Dr Yong Du"])
        self.assertContains(
            response, '<a href="https://www.gmc-uk.org/registrants/1234567">1234567</a>', html=True
        )
        self.assertContains(response, "GenesisCare Windsor")

    def test_search_by_name_and_gmc_number(self):
        for term in ("yong", "1234567"):
            with self.subTest(term=term):
                self.assertEqual(
                    self.listed(self.client.get(SPECIALISTS, {"q": term})), ["Dr Yong Du"]
                )

    def test_filters(self):
        cases = [
            ({"status__exact": "draft"}, ["Dr Retired Doctor"]),
            ({"centres__id__exact": str(self.windsor.pk)}, ["Dr Yong Du"]),
            (
                {"therapies__id__exact": str(self.lutetium.pk)},
                ["Dr Retired Doctor", "Dr Yong Du"],
            ),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                self.assertEqual(self.listed(self.client.get(SPECIALISTS, params)), expected)

    def test_change_form(self):
        response = self.client.get(
            reverse("admin:centres_specialist_change", args=[self.yong_du.pk])
        )
        self.assertContains(response, "View on site")
        self.assertContains(response, "GMC number")
        html = response.content.decode()
        # No demo note: the demo fieldset goes last.
        self.assertGreater(html.index("Demo data: check before launch"), html.index("Profile"))


class AdminQueryCountTests(AdminTestCase):
    """Changelist queries stay the same as centres and specialists are added."""

    def add_more(self):
        for _ in range(4):
            therapies = [make_therapy(), make_therapy()]
            centre = make_centre_with_address(therapies=therapies)
            make_specialist(centres=[centre], therapies=therapies)

    def test_changelist_query_counts_do_not_grow(self):
        for url in (CENTRES, SPECIALISTS):
            with self.subTest(url=url):
                with CaptureQueriesContext(connection) as small:
                    self.client.get(url)
                self.add_more()
                with self.assertNumQueries(len(small)):
                    response = self.client.get(url)
                self.assertGreater(len(response.context["cl"].result_list), 2)
