"""Only what the public sees is found, and publishing or taking down a page shows in the
very next search: the index reads the live pages before each search."""

from datetime import timedelta

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from editorial import services
from editorial.publishing import Status
from search.models import IndexEntry
from tests.factories import (
    make_centre_with_address,
    make_clinical_reviewer,
    make_marketing_editor,
    make_site_page,
    make_therapy,
    make_therapy_section,
)

URL = reverse("search:results")
NEXT_YEAR = timezone.localdate() + timedelta(days=365)


class IndexFollowsThePublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.therapy = make_therapy(title="Radioligand therapy", slug="radioligand")
        make_therapy_section(cls.therapy, heading="Travel", body="Carry your letter.")

    def titles(self, text: str) -> list[str]:
        return [
            result.title for result in self.client.get(URL, {"q": text}).context["found"].results
        ]

    def test_pages_not_published_are_never_found(self):
        make_therapy(title="Unpublished therapy", status=Status.DRAFT)
        make_site_page(title="Archived page", status=Status.ARCHIVED)
        make_centre_with_address(name="Draft centre", status=Status.IN_REVIEW)
        for text in ["unpublished", "archived", "draft centre"]:
            with self.subTest(text):
                self.assertEqual(self.titles(text), [])

    def test_a_published_draft_is_found_by_its_new_words_at_once(self):
        self.assertEqual(self.titles("letter"), ["Travel"])
        draft = services.draft_start(page=self.therapy, by=self.editor)
        draft.sections.update(body="Carry your treatment card.")
        self.assertEqual(self.titles("card"), [], "a draft is not found")

        services.submit_for_review(draft=draft, by=self.editor)
        services.publish(draft=draft, by=self.reviewer, next_review_due=NEXT_YEAR)

        self.assertEqual(self.titles("card"), ["Travel"])
        self.assertEqual(self.titles("letter"), [])

    def test_a_page_taken_off_the_site_is_not_found_at_once(self):
        self.assertEqual(self.titles("radioligand"), ["Radioligand therapy"])
        services.archive(page=self.therapy, by=self.reviewer)
        self.assertEqual(self.titles("radioligand"), [])
        self.assertFalse(IndexEntry.objects.exists())

    def test_scheduled_times_are_honoured_to_the_second_without_the_scheduler(self):
        go_live = timezone.now() + timedelta(hours=1)
        take_down = go_live + timedelta(days=1)
        make_site_page(title="Winter hours", go_live_at=go_live, take_down_at=take_down)
        with time_machine.travel(go_live - timedelta(seconds=1)):
            self.assertEqual(self.titles("winter hours"), [])
        with time_machine.travel(go_live):
            self.assertEqual(self.titles("winter hours"), ["Winter hours"])
        with time_machine.travel(take_down):
            self.assertEqual(self.titles("winter hours"), [])

    def test_a_deleted_page_leaves_the_index(self):
        page = make_site_page(title="Old news")
        self.assertEqual(self.titles("old news"), ["Old news"])
        page.delete()
        self.assertEqual(self.titles("old news"), [])

    def test_searching_again_without_changes_rebuilds_nothing(self):
        self.titles("travel")
        entries = list(IndexEntry.objects.values_list("pk", flat=True))
        # The live pages of every type against the index, in one query: nothing changed.
        # Then the match and the entries matched (synonyms, pins and the footer's promise
        # are kept from the first search).
        with self.assertNumQueries(3):
            self.titles("travel")
        self.assertEqual(list(IndexEntry.objects.values_list("pk", flat=True)), entries)
