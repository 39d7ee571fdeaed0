from django.test import TestCase

from tests.factories import (
    make_faq,
    make_key_fact,
    make_side_effect,
    make_therapy,
    make_therapy_section,
)

# The therapy, then one query each for its sections, key facts, FAQs, side effects and
# sources, for the centres and specialists blocks, and the footer's reply promise.
THERAPY_PAGE_QUERIES = 9


class TherapyPageQueryCountTests(TestCase):
    def make_therapy_with(self, parts: int):
        therapy = make_therapy()
        for _ in range(parts):
            for make_part in [make_therapy_section, make_key_fact, make_faq, make_side_effect]:
                make_part(therapy)
        return therapy

    def test_query_count_does_not_grow_with_the_page(self):
        for parts in [1, 12]:
            therapy = self.make_therapy_with(parts)
            with self.subTest(parts=parts), self.assertNumQueries(THERAPY_PAGE_QUERIES):
                response = self.client.get(therapy.get_absolute_url())
            self.assertContains(response, "<h3>", count=2 * parts)
