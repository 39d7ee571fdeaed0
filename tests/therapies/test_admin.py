from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_site_page, make_staff_user, make_therapy, make_therapy_section
from therapies.models import SitePage, Therapy

INLINE_PREFIXES = ["key_facts", "sections", "side_effects", "faqs"]


def management_form(prefix: str, total: int, initial: int = 0) -> dict[str, int]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def empty_inlines(*, except_prefix: str = "") -> dict[str, int]:
    data = {}
    for prefix in INLINE_PREFIXES:
        if prefix != except_prefix:
            data |= management_form(prefix, 0)
    return data


class TherapyAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff_user(is_superuser=True)
        cls.therapy = make_therapy(title="177Lu-octreotate therapy")
        cls.draft = make_therapy(title="Draft therapy", is_published=False)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_changelist_lists_therapies_with_review_status(self):
        response = self.client.get(reverse("admin:therapies_therapy_changelist"))
        self.assertContains(response, "177Lu-octreotate therapy")
        self.assertContains(response, "Draft therapy")
        self.assertContains(response, '<td class="field-review_status">Up to date</td>', html=True)

    def test_changelist_filters_really_filter(self):
        url = reverse("admin:therapies_therapy_changelist")
        response = self.client.get(url, {"is_published__exact": "0"})
        self.assertNotContains(response, "177Lu-octreotate therapy")
        self.assertContains(response, "Draft therapy")
        overdue = make_therapy(
            title="Overdue therapy",
            last_reviewed=date(2020, 1, 1),
            next_review_due=date(2021, 1, 1),
        )
        response = self.client.get(url, {"review": "due"})
        self.assertContains(response, overdue.title)
        self.assertContains(response, '<td class="field-review_status">Overdue</td>', html=True)
        self.assertNotContains(response, "177Lu-octreotate therapy")

    def test_changelist_query_count_does_not_grow_with_therapies(self):
        url = reverse("admin:therapies_therapy_changelist")
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for _ in range(5):
            make_therapy()
        with self.assertNumQueries(len(few)):
            self.client.get(url)

    def test_changelist_search(self):
        response = self.client.get(reverse("admin:therapies_therapy_changelist"), {"q": "draft"})
        self.assertContains(response, "Draft therapy")
        self.assertNotContains(response, "177Lu-octreotate therapy")

    def test_add_page_has_every_inline(self):
        response = self.client.get(reverse("admin:therapies_therapy_add"))
        for prefix in INLINE_PREFIXES:
            with self.subTest(prefix=prefix):
                self.assertContains(response, f'name="{prefix}-TOTAL_FORMS"')

    def test_change_page_links_to_the_page_on_the_site(self):
        response = self.client.get(
            reverse("admin:therapies_therapy_change", args=[self.therapy.pk])
        )
        self.assertContains(response, "View on site")

    def test_an_editor_adds_a_second_therapy_with_sections(self):
        data = {
            "title": "177Lu-PSMA therapy",
            "slug": "177lu-psma",
            "summary": "A targeted treatment for prostate cancer.",
            "introduction": "An introduction.",
            "call_to_action": "Ask us.",
            "is_published": "on",
            "last_reviewed": "2026-03-01",
            "next_review_due": "2027-03-01",
            **management_form("sections", 2),
            "sections-0-order": 20,
            "sections-0-heading": "How it works",
            "sections-0-body": "It finds PSMA.",
            "sections-1-order": 10,
            "sections-1-heading": "What it is",
            "sections-1-body": "A treatment.",
            **empty_inlines(except_prefix="sections"),
        }
        response = self.client.post(reverse("admin:therapies_therapy_add"), data)
        self.assertRedirects(response, reverse("admin:therapies_therapy_changelist"))
        therapy = Therapy.objects.get(slug="177lu-psma")
        self.assertEqual(
            [section.heading for section in therapy.sections.all()], ["What it is", "How it works"]
        )
        page = self.client.get(therapy.get_absolute_url())
        self.assertContains(page, "<h1>177Lu-PSMA therapy</h1>", html=True)

    def test_editor_reorders_sections_by_changing_their_order_numbers(self):
        first = make_therapy_section(self.therapy, heading="First", order=10)
        second = make_therapy_section(self.therapy, heading="Second", order=20)
        data = {
            "title": self.therapy.title,
            "slug": self.therapy.slug,
            "summary": self.therapy.summary,
            "call_to_action": self.therapy.call_to_action,
            "is_published": "on",
            "last_reviewed": "2026-03-01",
            "next_review_due": "2027-03-01",
            **management_form("sections", 2, initial=2),
            "sections-0-id": first.pk,
            "sections-0-therapy": self.therapy.pk,
            "sections-0-order": 30,
            "sections-0-heading": "First",
            "sections-0-body": first.body,
            "sections-1-id": second.pk,
            "sections-1-therapy": self.therapy.pk,
            "sections-1-order": 20,
            "sections-1-heading": "Second",
            "sections-1-body": second.body,
            **empty_inlines(except_prefix="sections"),
        }
        url = reverse("admin:therapies_therapy_change", args=[self.therapy.pk])
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(
            [section.heading for section in self.therapy.sections.all()], ["Second", "First"]
        )

    def test_review_dates_in_the_wrong_order_show_a_friendly_error(self):
        data = {
            "title": "A therapy",
            "slug": "a-therapy",
            "summary": "Summary.",
            "call_to_action": "Ask us.",
            "last_reviewed": "2026-03-01",
            "next_review_due": "2026-01-01",
            **empty_inlines(),
        }
        response = self.client.post(reverse("admin:therapies_therapy_add"), data)
        self.assertContains(response, "Choose a date after the last review date.")
        self.assertFalse(Therapy.objects.filter(slug="a-therapy").exists())


class SitePageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff_user(is_superuser=True)
        cls.page = make_site_page(title="Privacy notice", slug="privacy")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_changelist_and_add_page_load(self):
        response = self.client.get(reverse("admin:therapies_sitepage_changelist"))
        self.assertContains(response, "Privacy notice")
        response = self.client.get(reverse("admin:therapies_sitepage_add"))
        self.assertContains(response, 'name="slug"')

    def test_an_editor_adds_a_page(self):
        data = {"title": "Cookies", "slug": "cookies", "summary": "S.", "body": "Our cookies."}
        response = self.client.post(reverse("admin:therapies_sitepage_add"), data)
        self.assertRedirects(response, reverse("admin:therapies_sitepage_changelist"))
        self.assertFalse(SitePage.objects.get(slug="cookies").is_published)

    def test_slug_used_elsewhere_on_the_site_is_refused(self):
        data = {"title": "Therapies", "slug": "therapies", "summary": "S.", "body": "B."}
        response = self.client.post(reverse("admin:therapies_sitepage_add"), data)
        self.assertContains(response, "Another part of the site already uses this address.")
