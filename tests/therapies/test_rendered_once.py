"""A therapy page's content is rendered once per version and reused: a change still shows at
once, whichever way it was made."""

from django.test import TestCase

from tests.factories import make_glossary_term, make_therapy, make_therapy_section


class RenderedOnceTests(TestCase):
    def setUp(self):
        self.therapy = make_therapy()
        self.section = make_therapy_section(self.therapy, body="Bring a book to the infusion.")

    def get(self):
        return self.client.get(self.therapy.get_absolute_url())

    def test_a_part_changed_without_saving_the_page_shows_on_the_next_view(self):
        self.assertContains(self.get(), "Bring a book to the infusion.")
        self.section.body = "Bring a drink to the infusion."
        self.section.save()
        page = self.get()
        self.assertContains(page, "Bring a drink to the infusion.")
        self.assertNotContains(page, "Bring a book")

    def test_a_new_glossary_term_is_explained_on_the_next_view(self):
        self.assertNotContains(self.get(), "What does “infusion” mean?")
        make_glossary_term(term="infusion", definition="Medicine given slowly through a drip.")
        page = self.get()
        self.assertContains(page, "What does “infusion” mean?")
        self.assertContains(page, "Medicine given slowly through a drip.")

    def test_two_pages_never_share_their_content(self):
        other = make_therapy(title="Another therapy")
        make_therapy_section(other, body="Only on the other page.")
        self.assertContains(self.get(), "Bring a book to the infusion.")
        other_page = self.client.get(other.get_absolute_url())
        self.assertContains(other_page, "Only on the other page.")
        self.assertNotContains(other_page, "Bring a book")
