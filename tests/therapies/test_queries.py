from django.test import TestCase

from tests.factories import (
    make_centre_with_address,
    make_evidence_source,
    make_faq,
    make_key_fact,
    make_side_effect,
    make_specialist,
    make_therapy,
    make_therapy_section,
)

# The therapy with all its parts (sections, key facts, FAQs, side effects, sources, aftercare
# steps) in one query, then one each for the centres and the specialists blocks. The glossary
# terms it explains and the footer's reply promise come from the shared cache, which the
# first visit fills.
THERAPY_PAGE_QUERIES = 3


class TherapyPageQueryCountTests(TestCase):
    def make_therapy_with(self, parts: int):
        therapy = make_therapy()
        for _ in range(parts):
            for make_part in [
                make_therapy_section,
                make_key_fact,
                make_faq,
                make_side_effect,
                make_evidence_source,
            ]:
                make_part(therapy)
            centre = make_centre_with_address(therapies=[therapy])
            make_specialist(centres=[centre], therapies=[therapy])
        return therapy

    def test_query_count_does_not_grow_with_the_page(self):
        for parts in [1, 12]:
            therapy = self.make_therapy_with(parts)
            self.client.get(therapy.get_absolute_url())  # fills the shared cache
            with self.subTest(parts=parts), self.assertNumQueries(THERAPY_PAGE_QUERIES):
                response = self.client.get(therapy.get_absolute_url())
            self.assertContains(response, "<h3>", count=2 * parts)
            self.assertContains(response, 'class="fw-semibold"', count=parts)

    def test_parts_show_in_their_order(self):
        therapy = make_therapy()
        for order, heading in [(30, "Third"), (10, "First"), (20, "Second")]:
            make_therapy_section(therapy, heading=heading, order=order)
        for order, question in [(2, "Later?"), (1, "Sooner?")]:
            make_faq(therapy, question=question, order=order)
        page = self.client.get(therapy.get_absolute_url()).content.decode()
        headings = [page.index(f">{heading}</h2>") for heading in ["First", "Second", "Third"]]
        self.assertEqual(headings, sorted(headings))
        self.assertLess(page.index("Sooner?</h3>"), page.index("Later?</h3>"))
