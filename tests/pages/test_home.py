from django.test import TestCase
from django.urls import reverse

from tests.factories import make_therapy


class HomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="177Lu-octreotate therapy", summary="Treats NETs.")

    def test_home_explains_the_service_and_routes_to_the_therapy_and_to_enquire(self):
        response = self.client.get(reverse("pages:home"))
        self.assertContains(response, "Who it is for</h2>")
        self.assertContains(response, "neuroendocrine tumours (NETs)")
        self.assertContains(
            response,
            f'<a href="{self.therapy.get_absolute_url()}">177Lu-octreotate therapy</a>',
            html=True,
        )
        self.assertContains(response, f'href="{reverse("enquiries:create")}"')
        self.assertContains(response, "reply within 24 hours")
