"""Editor aids: reading grade, prescription-only medicine brands and search descriptions."""

from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from editorial import plain_english
from tests.editorial.admin_forms import change_form_data
from tests.factories import make_site_page, make_staff_user, make_therapy, make_therapy_section

PLAIN = (
    "You have the treatment as an outpatient. It goes into a vein in your arm. "
    "This takes about four hours. Most people have four treatments. We will look after you. "
    "You can go home the same day. Tell us if you feel sick."
)
DENSE = (
    "Peptide receptor radionuclide therapy administers radiolabelled somatostatin analogues "
    "intravenously, facilitating internalisation of radioactivity within neuroendocrine "
    "neoplasms expressing somatostatin receptor subtype two, consequently delivering "
    "cytotoxic beta irradiation preferentially to malignant tissue while minimising "
    "collateral exposure of physiologically significant organs."
)


class ReadingGradeTests(SimpleTestCase):
    def test_plain_text_scores_below_the_target_and_dense_text_above(self):
        self.assertLess(plain_english.reading_grade([PLAIN]), plain_english.READING_GRADE_TARGET)
        self.assertGreater(plain_english.reading_grade([DENSE]), 20)

    def test_too_little_text_has_no_grade(self):
        self.assertIsNone(plain_english.reading_grade(["Call us."]))

    def test_headings_and_list_items_count_as_sentences(self):
        text = "## What happens next\n\n- you have a scan\n- we talk about the results\n\n"
        self.assertEqual(
            plain_english.plain_text([text]),
            "What happens next.\nyou have a scan.\nwe talk about the results.",
        )

    def test_syllables(self):
        for word, count in [("scan", 1), ("medicine", 3), ("treatment", 2), ("able", 2)]:
            with self.subTest(word=word):
                self.assertEqual(plain_english.syllables(word), count)


@override_settings(EDITORIAL_PRESCRIPTION_BRANDS=["Lutathera", "Pluvicto"])
class BrandTests(SimpleTestCase):
    def test_brands_are_found_whatever_their_case_and_only_as_words(self):
        found = plain_english.brand_mentions(["You may hear it called LUTATHERA.", "pluvicto"])
        self.assertEqual(found, ["Lutathera", "Pluvicto"])
        self.assertEqual(plain_english.brand_mentions(["Lutatherapy is not a word."]), [])


class DescriptionTests(SimpleTestCase):
    def test_search_descriptions_between_50_and_160_characters_pass(self):
        self.assertEqual(plain_english.meta_description_problem("x" * 50), "")
        self.assertEqual(plain_english.meta_description_problem("x" * 160), "")
        self.assertIn("161 characters", plain_english.meta_description_problem("x" * 161))
        self.assertIn("say a little more", plain_english.meta_description_problem("Short."))


class ChecksInTheAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff_user(is_superuser=True)
        cls.plain = make_therapy(title="Plain page", summary="A" * 100, is_published=False)
        make_therapy_section(cls.plain, body=PLAIN)
        cls.dense = make_therapy(
            title="Dense page", summary="We offer Lutathera to people with NETs.",
            is_published=False,
        )  # fmt: skip
        make_therapy_section(cls.dense, body=DENSE)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_list_shows_each_pages_reading_grade_and_flags_high_ones(self):
        response = self.client.get(reverse("admin:therapies_therapy_changelist"))
        grade = plain_english.reading_grade(self.dense.patient_text())
        self.assertContains(response, f'<span class="reading-grade--high">⚠ {grade}</span>')
        plain_grade = plain_english.reading_grade(self.plain.patient_text())
        self.assertContains(
            response, f'<td class="field-reading_grade_column">{plain_grade}</td>', html=True
        )

    def test_the_edit_form_shows_the_grade_and_warns_about_brands_and_length(self):
        url = reverse("admin:therapies_therapy_change", args=[self.dense.pk])
        response = self.client.get(url)
        self.assertContains(response, "(target: 9 or lower)")
        self.assertContains(response, "is above the target of 9")
        self.assertContains(response, "The page names Lutathera, a prescription-only medicine.")
        self.assertContains(response, "The summary is 39 characters")
        saved = self.client.post(url, change_form_data(response) | {"_continue": ""}, follow=True)
        messages = [str(message) for message in saved.context["messages"]]
        self.assertTrue(any("prescription-only medicine" in message for message in messages))

    def test_a_plain_page_has_no_warnings(self):
        url = reverse("admin:therapies_therapy_change", args=[self.plain.pk])
        self.assertNotContains(self.client.get(url), "⚠")

    def test_site_pages_are_checked_too(self):
        page = make_site_page(summary="Too short.", body=DENSE)
        url = reverse("admin:pages_sitepage_change", args=[page.pk])
        self.assertContains(self.client.get(url), "The summary is 10 characters")
