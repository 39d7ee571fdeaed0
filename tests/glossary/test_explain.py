"""Glossary terms are explained where a page first uses them, in a disclosure after the block."""

from django.test import TestCase

from editorial.publishing import Status
from genesis_site.markdown import render_markdown
from glossary.explain import Glossary
from tests.factories import (
    make_faq,
    make_glossary_term,
    make_site_page,
    make_therapy,
    make_therapy_section,
)

SUMMARY = "<summary>What does “{}” mean?</summary>"


def explained(markdown: str) -> str:
    return str(Glossary.published().explain(render_markdown(markdown)))


class ExplainTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.prrt = make_glossary_term(
            term="PRRT",
            slug="prrt",
            other_forms="peptide receptor radionuclide therapy",
            definition="A medicine carries *radiation* to tumour cells.",
        )
        cls.net = make_glossary_term(
            term="Neuroendocrine tumour",
            slug="neuroendocrine-tumour",
            other_forms="neuroendocrine tumours\nNET\nNETs",
            definition="A tumour of hormone-making cells.",
        )

    def test_the_explanation_follows_the_paragraph_that_first_uses_the_term(self):
        html = explained("It is a kind of PRRT.\n\nPRRT again.")
        self.assertEqual(
            html.split("<details")[0], "<p>It is a kind of PRRT.</p>", "the paragraph is untouched"
        )
        self.assertIn(SUMMARY.format("PRRT"), html)
        self.assertIn("<p>A medicine carries <em>radiation</em> to tumour cells.</p>", html)
        self.assertIn('<a href="/glossary/#prrt">', html)
        self.assertTrue(html.endswith("</details>\n<p>PRRT again.</p>"))

    def test_each_term_is_explained_once_whatever_form_the_page_uses(self):
        html = explained("Neuroendocrine tumours (NETs) are rare.\n\nA NET can start in the gut.")
        self.assertEqual(html.count("<details"), 1)
        self.assertIn(SUMMARY.format("Neuroendocrine tumours"), html)

    def test_the_longest_form_wins(self):
        html = explained("We offer peptide receptor radionuclide therapy.")
        self.assertIn(SUMMARY.format("peptide receptor radionuclide therapy"), html)

    def test_a_form_in_capitals_only_matches_capitals(self):
        self.assertNotIn("<details", explained("We cast a wide net."))
        self.assertIn("<details", explained("Her NET is small."))

    def test_whole_words_only(self):
        self.assertNotIn("<details", explained("PRRTs and xPRRT are not the word."))

    def test_terms_in_links_headings_and_code_are_not_explained(self):
        html = explained(
            "### About PRRT\n\n[PRRT leaflet](https://example.org)\n\n`PRRT`\n\nThen PRRT."
        )
        self.assertEqual(html.count("<details"), 1)
        self.assertTrue(html.endswith("<p>Then PRRT.</p><details" + html.split("<details")[1]))

    def test_a_term_in_a_list_is_explained_after_the_whole_list(self):
        html = explained("- first\n- it is PRRT\n- last\n\nAfter.")
        self.assertIn("<li>last</li>\n</ul><details", html)

    def test_markup_and_escaped_text_pass_through_unchanged(self):
        markdown = "Tom & Jerry say 1 < 2 with **bold** and a line  \nbreak."
        self.assertEqual(explained(markdown), str(render_markdown(markdown)))

    def test_unpublished_terms_explain_nothing(self):
        make_glossary_term(term="Dosimetry", slug="dosimetry", status=Status.DRAFT)
        self.assertNotIn("<details", explained("We plan with dosimetry."))


class ExplainedPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_glossary_term(term="PRRT", slug="prrt", definition="Radiation carried to cells.")
        make_glossary_term(term="Infusion", slug="infusion", other_forms="drip")

    def test_a_therapy_page_explains_each_term_once_across_its_sections_and_faqs(self):
        therapy = make_therapy(introduction="This page is about PRRT.")
        make_therapy_section(therapy, heading="What is PRRT?", body="PRRT treats tumours.")
        make_faq(therapy, question="How long?", answer="The drip takes four hours.")
        response = self.client.get(therapy.get_absolute_url())
        self.assertContains(response, SUMMARY.format("PRRT"), count=1)
        self.assertContains(response, SUMMARY.format("drip"), count=1)
        html = response.content.decode()
        self.assertLess(html.index("This page is about PRRT."), html.index(SUMMARY.format("PRRT")))

    def test_a_site_page_explains_terms(self):
        page = make_site_page(body="We also offer PRRT.")
        self.assertContains(self.client.get(page.get_absolute_url()), SUMMARY.format("PRRT"))
