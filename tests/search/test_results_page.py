"""The results page, as a patient uses it: their own words find the clinical page."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

URL = reverse("search:results")


def search(client, text: str):
    return client.get(URL, {"q": text})


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def test_everyday_words_find_the_side_effects_section(self):
        response = search(self.client, "tummy pain after the drip")
        results = response.context["found"].results
        self.assertEqual(results[0].url, "/therapies/177lu-octreotate/#side-effects")
        self.assertContains(response, "Side effects and how we help")
        self.assertContains(response, "<mark>tummy</mark>", html=False)
        self.assertContains(response, "<mark>infusion</mark>", html=False)
