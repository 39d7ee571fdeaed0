"""A therapy page's "Where this therapy is offered" and "Your specialists" blocks."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    make_centre_with_address,
    make_specialist,
    make_therapy,
    make_windsor_centre,
)


class TherapyBlocksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="177Lu-octreotate therapy", slug="177lu-octreotate")
        cls.windsor = make_windsor_centre(therapies=[cls.therapy])
        make_centre_with_address(name="Closed Centre", is_published=False, therapies=[cls.therapy])
        make_centre_with_address(name="GenesisCare Oxford")
        cls.yong_du = make_specialist(
            title="Dr",
            name="Yong Du",
            role="Consultant Physician in Nuclear Medicine and PET/CT",
            summary="Dr Du uses radioactive medicines to find and treat cancer.",
            therapies=[cls.therapy],
        )
        make_specialist(name="Former Colleague", is_published=False, therapies=[cls.therapy])

    def get(self, therapy=None):
        return self.client.get((therapy or self.therapy).get_absolute_url())

    def test_where_this_therapy_is_offered(self):
        response = self.get()
        self.assertContains(
            response,
            '<h2 id="therapy-centres-heading">Where this therapy is offered</h2>',
            html=True,
        )
        self.assertContains(
            response,
            f'<a href="{self.windsor.get_absolute_url()}" class="fw-semibold">'
            "GenesisCare Windsor</a>",
            html=True,
        )
        self.assertContains(response, "69 Alma Road<br>Windsor<br>SL4 3HD")
        self.assertContains(response, '<a href="tel:+441753465493">01753 465 493</a>', html=True)
        self.assertContains(response, 'href="/centres/?therapy=177lu-octreotate"')
        self.assertNotContains(response, "Closed Centre")
        self.assertNotContains(response, "GenesisCare Oxford")

    def test_your_specialists(self):
        response = self.get()
        self.assertContains(
            response, '<h2 id="therapy-specialists-heading">Your specialists</h2>', html=True
        )
        self.assertContains(
            response,
            f'<a href="{self.yong_du.get_absolute_url()}">Dr Yong Du</a>',
            html=True,
        )
        self.assertContains(response, "Consultant Physician in Nuclear Medicine and PET/CT")
        self.assertContains(response, "Dr Du uses radioactive medicines to find and treat cancer.")
        self.assertNotContains(response, "Former Colleague")

    def test_therapy_offered_nowhere_yet(self):
        response = self.get(make_therapy())
        self.assertContains(response, "Where this therapy is offered")
        self.assertContains(response, "to ask where you can have this therapy")
        self.assertNotContains(response, "Your specialists")

    def add_centres_and_specialists(self, count: int):
        for _ in range(count):
            centre = make_centre_with_address(therapies=[self.therapy])
            make_specialist(centres=[centre], therapies=[self.therapy])

    def test_query_count_does_not_grow(self):
        """Compared with the page itself, so the therapy's own prefetches do not matter."""
        self.get()  # fills the shared cache (the footer's promise, the glossary)
        with CaptureQueriesContext(connection) as few:
            self.get()
        self.add_centres_and_specialists(5)
        with self.assertNumQueries(len(few)):
            response = self.get()
        self.assertContains(response, 'class="fw-semibold"', count=6)
