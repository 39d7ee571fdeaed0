"""The demo centres and Dr Yong Du: the facts patients see, loaded once, never overwriting edits."""

from datetime import UTC, datetime

import time_machine
from django.test import TestCase

from centres import demo
from centres.models import Centre, OpeningException, OpeningHours, Specialist
from tests.factories import make_therapy

# A Monday morning before every demo holiday (the first is 24 December 2026).
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


@time_machine.travel(MONDAY_MORNING, tick=False)
class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lutetium = make_therapy(title="177Lu-octreotate therapy", slug="177lu-octreotate")
        cls.created = demo.load()
        cls.windsor = Centre.objects.get(slug="windsor")
        cls.oxford = Centre.objects.get(slug="oxford")
        cls.yong_du = Specialist.objects.get(slug="dr-yong-du")

    def test_counts_what_it_created_and_every_object_is_valid(self):
        objects = [
            *Centre.objects.all(),
            *OpeningHours.objects.all(),
            *OpeningException.objects.all(),
            *Specialist.objects.all(),
        ]
        self.assertEqual(self.created, len(objects))
        for obj in objects:
            obj.full_clean()

    def test_windsor_page(self):
        response = self.client.get("/centres/windsor/")
        self.assertContains(response, "<h1>GenesisCare Windsor</h1>", html=True)
        self.assertContains(response, "69 Alma Road<br>Windsor<br>SL4 3HD")
        self.assertContains(response, '<a href="tel:+441753465493">01753 465 493</a>', html=True)
        self.assertContains(response, "Open now")
        self.assertContains(response, "177Lu-octreotate therapy")
        self.assertContains(response, '<a href="/specialists/dr-yong-du/">Dr Yong Du</a>')
        self.assertContains(response, "Friday 25 December 2026, Christmas Day: Closed")

    def test_oxford_page_does_not_offer_lutetium(self):
        response = self.client.get("/centres/oxford/")
        self.assertContains(response, "Peters Way<br>Sandy Lane West<br>Oxford<br>OX4 6LB")
        self.assertContains(response, '<a href="tel:+441865224884">01865 224 884</a>', html=True)
        self.assertNotContains(response, "177Lu-octreotate")

    def test_which_centres_offer_lutetium(self):
        response = self.client.get("/centres/", {"therapy": "177lu-octreotate"})
        self.assertEqual(list(response.context["centres"]), [self.windsor])

    def test_dr_yong_du_profile(self):
        response = self.client.get("/specialists/dr-yong-du/")
        self.assertContains(response, "<h1>Dr Yong Du</h1>", html=True)
        self.assertContains(response, "Consultant Physician in Nuclear Medicine and PET/CT")
        self.assertContains(response, "HEFCE Clinical Senior Lectureship")
        self.assertContains(response, "<li>Therapeutic nuclear medicine</li>", html=True)
        self.assertContains(response, 'href="/centres/windsor/"')
        # The invented GMC number is shown as data, never linked to the real register.
        self.assertContains(response, "General Medical Council number 0000000.")
        self.assertNotContains(response, "gmc-uk.org")
        self.assertEqual(list(self.yong_du.therapies.all()), [self.lutetium])

    def test_invented_values_are_marked_for_editors(self):
        for obj in (self.windsor, self.oxford):
            self.assertIn("latitude and longitude, opening hours", obj.demo_note)
        self.assertIn("GMC number 0000000", self.yong_du.demo_note)

    def test_loading_again_creates_nothing_and_keeps_edits(self):
        Centre.objects.filter(slug="windsor").update(phone="01753 000 000")
        self.windsor.opening_hours.all().delete()
        self.yong_du.therapies.clear()
        self.assertEqual(demo.load(), 0)
        self.windsor.refresh_from_db()
        self.assertEqual(self.windsor.phone, "01753 000 000")
        self.assertFalse(self.windsor.opening_hours.exists())
        self.assertFalse(self.yong_du.therapies.exists())

    def test_new_patient_journey(self):
        """From the home page to the centres offering the therapy, Windsor, its phone, Dr Du."""
        self.assertContains(self.client.get("/"), '<a href="/centres/">')
        listing = self.client.get("/centres/?therapy=177lu-octreotate")
        self.assertContains(listing, '<a href="/centres/windsor/">GenesisCare Windsor</a>')
        windsor = self.client.get("/centres/windsor/")
        self.assertContains(windsor, "Open now")
        self.assertContains(windsor, 'href="tel:+441753465493"')
        profile = self.client.get("/specialists/dr-yong-du/")
        self.assertEqual(profile.status_code, 200)


class DemoWithoutTherapyTests(TestCase):
    def test_loads_without_the_therapy_and_links_nothing(self):
        demo.load()
        self.assertFalse(Centre.objects.get(slug="windsor").therapies.exists())
        self.assertFalse(Specialist.objects.get(slug="dr-yong-du").therapies.exists())
