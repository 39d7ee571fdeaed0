from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.publishing import Status
from tests.editorial.admin_forms import change_form_data
from tests.factories import (
    make_staff_user,
    make_therapy,
    make_therapy_section,
)
from therapies.models import Therapy

INLINE_PREFIXES = ["key_facts", "sections", "side_effects", "faqs", "sources"]
CHANGELIST = reverse("admin:therapies_therapy_changelist")


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


def change_url(page) -> str:
    return reverse("admin:therapies_therapy_change", args=[page.pk])


class TherapyAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff_user(is_superuser=True)
        cls.therapy = make_therapy(title="177Lu-octreotate therapy")
        cls.draft = make_therapy(title="Draft therapy", is_published=False)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_changelist_lists_therapies_with_status_and_review(self):
        response = self.client.get(CHANGELIST)
        self.assertContains(response, "177Lu-octreotate therapy")
        self.assertContains(response, "Draft therapy")
        self.assertContains(response, '<td class="field-review_status">Up to date</td>', html=True)
        self.assertContains(response, '<td class="field-status_column">Published</td>', html=True)
        self.assertContains(response, '<td class="field-status_column">Draft</td>', html=True)

    def test_changelist_filters_really_filter(self):
        response = self.client.get(CHANGELIST, {"status__exact": "draft"})
        self.assertNotContains(response, "177Lu-octreotate therapy")
        self.assertContains(response, "Draft therapy")
        overdue = make_therapy(
            title="Overdue therapy",
            last_reviewed=date(2020, 1, 1),
            next_review_due=date(2021, 1, 1),
        )
        for review in ["due", "overdue"]:
            with self.subTest(review=review):
                response = self.client.get(CHANGELIST, {"review": review})
                self.assertContains(response, overdue.title)
                self.assertContains(response, "Overdue by")
                self.assertNotContains(response, "177Lu-octreotate therapy")

    def test_changelist_lists_pages_not_their_drafts(self):
        self.client.post(reverse("admin:therapies_therapy_start_draft", args=[self.therapy.pk]))
        response = self.client.get(CHANGELIST)
        self.assertEqual(len(response.context["cl"].result_list), 2)
        self.assertContains(response, '<td class="field-draft_column">Draft</td>', html=True)

    def test_changelist_query_count_does_not_grow_with_therapies(self):
        with CaptureQueriesContext(connection) as few:
            self.client.get(CHANGELIST)
        for _ in range(5):
            therapy = make_therapy()
            make_therapy_section(therapy)
        with self.assertNumQueries(len(few)):
            self.client.get(CHANGELIST)

    def test_changelist_search(self):
        response = self.client.get(CHANGELIST, {"q": "draft"})
        self.assertContains(response, "Draft therapy")
        self.assertNotContains(response, "177Lu-octreotate therapy")

    def test_add_page_has_every_inline(self):
        response = self.client.get(reverse("admin:therapies_therapy_add"))
        for prefix in INLINE_PREFIXES:
            with self.subTest(prefix=prefix):
                self.assertContains(response, f'name="{prefix}-TOTAL_FORMS"')

    def test_an_editor_adds_a_therapy_as_a_draft_with_sections(self):
        data = {
            "title": "177Lu-PSMA therapy",
            "slug": "177lu-psma",
            "summary": "A targeted treatment for prostate cancer.",
            "introduction": "An introduction.",
            "call_to_action": "Ask us.",
            **management_form("sections", 2),
            "sections-0-order": 20,
            "sections-0-heading": "How it works",
            "sections-0-body": "It finds PSMA.",
            "sections-1-order": 10,
            "sections-1-heading": "What it is",
            "sections-1-body": "A treatment.",
            **empty_inlines(except_prefix="sections"),
            "_continue": "Save draft",
        }
        response = self.client.post(reverse("admin:therapies_therapy_add"), data)
        therapy = Therapy.objects.get(slug="177lu-psma")
        self.assertRedirects(response, change_url(therapy))
        self.assertEqual(therapy.status, Status.DRAFT)
        self.assertEqual(
            [section.heading for section in therapy.sections.all()], ["What it is", "How it works"]
        )
        self.assertEqual(self.client.get(therapy.get_absolute_url()).status_code, 404)
        page = self.client.get(therapy.get_preview_url())
        self.assertContains(page, "<h1>177Lu-PSMA therapy</h1>", html=True)

    def test_a_published_page_is_read_only_with_a_button_to_edit_a_draft(self):
        response = self.client.get(change_url(self.therapy))
        self.assertContains(response, "Published: on the site.")
        self.assertContains(response, "Edit a draft of this page")
        self.assertContains(response, "View on site")
        self.assertNotContains(response, 'name="title"')
        self.assertNotContains(response, 'name="_continue"')

    def test_opening_a_page_with_a_draft_opens_the_draft(self):
        self.client.post(reverse("admin:therapies_therapy_start_draft", args=[self.therapy.pk]))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        self.assertRedirects(self.client.get(change_url(self.therapy)), change_url(draft))
        response = self.client.get(change_url(draft))
        self.assertContains(response, "a draft of the published page")
        self.assertContains(response, f'href="{self.therapy.get_preview_url()}"')

    def test_editor_reorders_sections_in_a_draft(self):
        make_therapy_section(self.therapy, heading="First", order=10)
        make_therapy_section(self.therapy, heading="Second", order=20)
        self.client.post(reverse("admin:therapies_therapy_start_draft", args=[self.therapy.pk]))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        data = change_form_data(self.client.get(change_url(draft)))
        self.assertEqual(data["sections-0-heading"], "First")
        data |= {"sections-0-order": 30, "_continue": "Save draft"}
        self.assertEqual(self.client.post(change_url(draft), data).status_code, 302)
        self.assertEqual([part.heading for part in draft.sections.all()], ["Second", "First"])
        # The live page keeps its order until the draft is published.
        self.assertEqual(
            [part.heading for part in self.therapy.sections.all()], ["First", "Second"]
        )

    def test_a_draft_cannot_take_another_pages_address(self):
        self.client.post(reverse("admin:therapies_therapy_start_draft", args=[self.therapy.pk]))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        data = change_form_data(self.client.get(change_url(draft)))
        response = self.client.post(change_url(draft), data | {"slug": self.draft.slug})
        self.assertContains(response, "Another page of this kind already uses this address.")

    def test_review_dates_are_not_typed_in_the_form(self):
        response = self.client.get(change_url(self.draft))
        self.assertContains(response, "Last clinical approval: none yet.")
        self.assertNotContains(response, 'name="last_reviewed"')
        self.assertNotContains(response, 'name="next_review_due"')
        self.assertContains(response, "A clinical reviewer sets the review dates")
