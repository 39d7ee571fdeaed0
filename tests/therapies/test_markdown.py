from django.test import TestCase

from tests.factories import make_faq, make_side_effect, make_therapy, make_therapy_section

HOSTILE_MARKDOWN = """\
Plain **bold** and *italic* text, a [safe link](https://example.org/) and a list:

- one
- two

<script>alert("script")</script>

<img src="x" onerror="alert('img')">

<p onclick="alert('click')">Click me</p>

[a trap](javascript:alert('link'))

<a href="JaVaScRiPt:alert('mixed')">mixed case</a>
"""


class MarkdownSanitisingTests(TestCase):
    """Whatever an editor types into a therapy page, no script can reach a patient's browser."""

    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(introduction=HOSTILE_MARKDOWN)
        make_therapy_section(cls.therapy, heading="Hostile section", body=HOSTILE_MARKDOWN)
        make_faq(cls.therapy, answer=HOSTILE_MARKDOWN)
        make_side_effect(cls.therapy, management=HOSTILE_MARKDOWN)

    def setUp(self):
        self.response = self.client.get(self.therapy.get_absolute_url())

    def test_scripts_event_handlers_and_javascript_links_are_stripped(self):
        for dangerous in ["alert(", "onerror", "onclick", "javascript:", "JaVaScRiPt:", "<img"]:
            with self.subTest(dangerous=dangerous):
                self.assertNotContains(self.response, dangerous)

    def test_plain_formatting_is_kept(self):
        for html in [
            "<strong>bold</strong>",
            "<em>italic</em>",
            "<ul><li>one</li><li>two</li></ul>",
            '<a href="https://example.org/" rel="noopener noreferrer">safe link</a>',
            "<p>Click me</p>",
            # The javascript: URL is dropped; the words stay.
            '<a rel="noopener noreferrer">mixed case</a>',
        ]:
            with self.subTest(html=html):
                self.assertContains(self.response, html, count=4, html=True)
