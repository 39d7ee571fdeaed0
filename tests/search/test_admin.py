"""Editors keep synonyms and pinned results in the admin, and see their effect at once."""

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse

from editorial.publishing import Status
from search.models import PinnedPage, Synonym
from tests.factories import make_marketing_editor, make_site_page, make_therapy
from therapies.models import Therapy

SEARCH = reverse("search:results")


def first_title(client, text: str) -> str:
    return client.get(SEARCH, {"q": text}).context["found"].results[0].title


class SynonymAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        make_therapy(title="Radioligand therapy", summary="Given as an infusion into a vein.")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_adds_a_synonym_and_the_patients_word_finds_the_page(self):
        response = self.client.post(
            reverse("admin:search_synonym_add"),
            {"term": "  The DRIP ", "alternatives": "infusion, , Infusion, cannula"},
        )
        self.assertRedirects(response, reverse("admin:search_synonym_changelist"))
        synonym = Synonym.objects.get()
        self.assertEqual((synonym.term, synonym.alternatives), ("the drip", "infusion, cannula"))
        self.assertEqual(first_title(self.client, "the drip"), "Radioligand therapy")

    def test_a_term_already_listed_is_refused_with_a_message(self):
        Synonym.objects.create(term="tummy", alternatives="abdomen")
        response = self.client.post(
            reverse("admin:search_synonym_add"), {"term": "Tummy", "alternatives": "stomach"}
        )
        self.assertContains(response, "This word already has synonyms: edit that one.")

    def test_a_synonym_needs_words_to_search_for(self):
        response = self.client.post(
            reverse("admin:search_synonym_add"), {"term": "tummy", "alternatives": " , ;"}
        )
        self.assertContains(response, "Enter at least one word to search for.")


class PinnedPageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.therapy = make_therapy(title="Radioligand therapy", summary="Treats tumours.")
        make_site_page(title="Paying for radioligand therapy", slug="paying")
        make_site_page(title="Draft page", slug="draft", status=Status.DRAFT)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_page_list_offers_only_pages_on_the_site(self):
        response = self.client.get(reverse("admin:search_pinnedpage_add"))
        self.assertContains(response, "Radioligand therapy")
        self.assertContains(response, "Paying for radioligand therapy")
        self.assertNotContains(response, "Draft page")

    def test_a_pinned_page_comes_first_for_searches_containing_the_term(self):
        self.assertEqual(first_title(self.client, "paying"), "Paying for radioligand therapy")
        therapy_type = ContentType.objects.get_for_model(Therapy)
        response = self.client.post(
            reverse("admin:search_pinnedpage_add"),
            {"term": "Paying", "page": f"{therapy_type.pk}:{self.therapy.pk}"},
        )
        self.assertRedirects(response, reverse("admin:search_pinnedpage_changelist"))
        self.assertEqual(PinnedPage.objects.get().page, self.therapy)
        self.assertEqual(first_title(self.client, "paying by card"), "Radioligand therapy")
        self.assertEqual(first_title(self.client, "radioligand"), "Radioligand therapy")

    def test_the_list_shows_whether_each_pinned_page_is_on_the_site(self):
        therapy_type = ContentType.objects.get_for_model(Therapy)
        PinnedPage.objects.create(term="prrt", content_type=therapy_type, object_id=self.therapy.pk)
        self.therapy.status = Status.ARCHIVED
        self.therapy.save()
        response = self.client.get(reverse("admin:search_pinnedpage_changelist"))
        self.assertContains(response, "prrt")
        self.assertContains(response, 'alt="False"')
