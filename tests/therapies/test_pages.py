from datetime import date

from django.test import TestCase
from django.urls import reverse

from tests.factories import (
    make_site_page,
    make_superuser,
    make_therapy,
    make_therapy_section,
    make_user,
)
from therapies import demo
from therapies.models import Therapy

PREVIEW_BANNER = "Preview: not published"


class DemoTherapyPageTests(TestCase):
    """The demo 177Lu-octreotate page tells a patient what they need to know."""

    @classmethod
    def setUpTestData(cls):
        demo.load()
        cls.therapy = Therapy.objects.get(slug="177lu-octreotate")

    def setUp(self):
        self.response = self.client.get(self.therapy.get_absolute_url())
        # Editors wrap Markdown lines anywhere; compare text with whitespace collapsed.
        self.text = " ".join(self.response.content.decode().split())

    def assertSays(self, *phrases):
        for phrase in phrases:
            with self.subTest(phrase=phrase):
                self.assertIn(phrase, self.text)

    def test_explains_what_it_is_and_who_it_is_for(self):
        self.assertSays(
            "<h1>177Lu-octreotate therapy</h1>",
            "neuroendocrine tumours (NETs)",
            "peptide receptor radionuclide therapy (PRRT)",
            "surgery or chemotherapy, are not suitable for you or have not worked",
        )

    def test_explains_how_it_works_and_what_it_can_and_cannot_do(self):
        self.assertSays(
            "somatostatin receptors",
            "radioactive substance called lutetium-177",
            "the rest of your body is largely spared",
            "stop the tumours from growing",
            "make the tumours smaller",
            "ease the symptoms the tumours cause",
            "long-term remission",
            "This treatment cannot cure the cancer",
        )

    def test_explains_what_happens_before_during_and_after_treatment(self):
        self.assertSays(
            "you will have a PET/CT scan",
            "somatostatin receptors the treatment needs",
            "as an outpatient in our Theranostics suite",
            "through a drip. This takes about four hours",
            "Most people have four treatments, with 4 to 8 weeks between each one",
            "About 4 hours, through a drip",
            "About 60% of it has left your body within 24 hours",
        )

    def test_lists_side_effects_with_how_we_manage_them(self):
        self.assertContains(self.response, "Side effects and how we help</h2>")
        for name in ["Tiredness", "Feeling sick (nausea)", "A short flare of your symptoms"]:
            with self.subTest(name=name):
                self.assertContains(self.response, f"<h3>{name}</h3>", html=True)
        self.assertSays("anti-sickness medicine", "medicine can often ease it")

    def test_covers_paying_and_invites_an_enquiry_answered_within_24_hours(self):
        self.assertSays(
            "private medical insurance may cover your treatment",
            "self-pay packages",
            "We will get back to you within 24 hours.",
        )
        self.assertContains(
            self.response,
            '<a class="btn btn-primary btn-lg" href="/enquiries/new/?therapy=177lu-octreotate">'
            "Enquire about this treatment</a>",
            html=True,
        )

    def test_lists_its_sources_with_when_they_were_checked(self):
        self.assertContains(self.response, "Where this information comes from</h2>")
        self.assertContains(self.response, '<a href="https://www.nice.org.uk/guidance/ta539">')
        self.assertSays("(checked <time datetime=")

    def test_ends_with_the_review_dates(self):
        self.assertSays("Page last reviewed:", "Next review due:")
        self.assertGreater(self.text.index("Next review due:"), self.text.index("Enquire about"))


class TherapyDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(
            title="177Lu-PSMA therapy",
            last_reviewed=date(2026, 3, 1),
            next_review_due=date(2027, 3, 1),
        )
        make_therapy_section(cls.therapy, heading="Second", order=20)
        make_therapy_section(cls.therapy, heading="First", order=10)

    def test_shows_review_dates_in_words(self):
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertContains(response, '<time datetime="2026-03-01">1 March 2026</time>', html=True)
        self.assertContains(response, '<time datetime="2027-03-01">1 March 2027</time>', html=True)

    def test_sections_follow_their_order_numbers(self):
        content = self.client.get(self.therapy.get_absolute_url()).content.decode()
        self.assertLess(content.index(">First</h2>"), content.index(">Second</h2>"))

    def test_breadcrumbs_lead_back_to_the_therapies_list(self):
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertContains(
            response,
            '<li class="breadcrumb-item"><a href="/therapies/">Therapies</a></li>',
            html=True,
        )

    def test_unknown_therapy_is_404(self):
        response = self.client.get(reverse("therapies:detail", kwargs={"slug": "no-such"}))
        self.assertEqual(response.status_code, 404)


class UnpublishedPageTests(TestCase):
    """Drafts are invisible to the public; editors preview them at their address + ?preview."""

    @classmethod
    def setUpTestData(cls):
        cls.draft_therapy = make_therapy(title="Draft therapy", is_published=False)
        cls.draft_page = make_site_page(title="Draft page", is_published=False)
        cls.staff = make_superuser()
        cls.patient = make_user()

    def test_public_and_non_staff_users_get_404(self):
        for page in [self.draft_therapy, self.draft_page]:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(page.get_absolute_url()).status_code, 404)
                self.assertEqual(self.client.get(page.get_preview_url()).status_code, 404)
                self.client.force_login(self.patient)
                self.assertEqual(self.client.get(page.get_preview_url()).status_code, 404)
                self.client.logout()

    def test_staff_see_a_preview_banner_and_search_engines_are_told_not_to_index(self):
        self.client.force_login(self.staff)
        for page in [self.draft_therapy, self.draft_page]:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(page.get_absolute_url()).status_code, 404)
                response = self.client.get(page.get_preview_url())
                self.assertContains(response, PREVIEW_BANNER)
                self.assertIn("no-store", response["Cache-Control"])
                self.assertContains(response, f"<h1>{page.title}</h1>", html=True)
                self.assertContains(response, '<meta name="robots" content="noindex, nofollow">')

    def test_published_pages_have_no_banner_even_for_staff(self):
        self.client.force_login(self.staff)
        for page in [make_therapy(), make_site_page()]:
            with self.subTest(page=page):
                response = self.client.get(page.get_preview_url())
                self.assertNotContains(response, PREVIEW_BANNER)
                self.assertNotContains(response, 'name="robots"')

    def test_drafts_are_left_out_of_the_lists(self):
        self.client.force_login(self.staff)
        for url in [reverse("pages:home"), reverse("therapies:list")]:
            with self.subTest(url=url):
                self.assertNotContains(self.client.get(url), "Draft therapy")


class TherapyListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="177Lu-octreotate therapy", summary="Treats NETs.")

    def test_list_shows_each_published_therapy_with_its_summary(self):
        response = self.client.get(reverse("therapies:list"))
        self.assertContains(response, "<h1>Therapies we offer</h1>", html=True)
        self.assertContains(response, "177Lu-octreotate therapy</a>")
        self.assertContains(response, "Treats NETs.")

    def test_list_query_count_does_not_grow_with_therapies(self):
        self.client.get(reverse("therapies:list"))  # fills the shared cache (the footer's promise)
        with self.assertNumQueries(1):
            self.client.get(reverse("therapies:list"))
        for _ in range(5):
            make_therapy()
        with self.assertNumQueries(1):
            self.client.get(reverse("therapies:list"))
