"""Searches that found nothing are counted by their words and the day, for editors."""

from datetime import timedelta

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from search.models import UnansweredSearch
from tests.factories import make_marketing_editor, make_therapy

URL = reverse("search:results")


def counts() -> list[tuple[str, int]]:
    return list(UnansweredSearch.objects.values_list("term", "count"))


class UnansweredSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_therapy(title="Radioligand therapy")

    def test_the_same_words_count_together_for_the_day(self):
        for text in ["Hair loss", "hair  LOSS", "hair-loss?"]:
            self.client.get(URL, {"q": text})
        self.assertEqual(counts(), [("hair loss", 3)])
        self.assertEqual(UnansweredSearch.objects.get().day, timezone.localdate())

    def test_each_day_has_its_own_count(self):
        self.client.get(URL, {"q": "hair loss"})
        with time_machine.travel(timezone.now() + timedelta(days=1)):
            self.client.get(URL, {"q": "hair loss"})
        self.assertEqual(counts(), [("hair loss", 1), ("hair loss", 1)])

    def test_searches_that_found_something_are_not_counted(self):
        self.client.get(URL, {"q": "radioligand"})
        self.client.get(URL, {"q": "the"})  # no words to look for: nothing was searched
        self.assertEqual(counts(), [])

    def test_only_the_words_the_day_and_the_count_are_kept(self):
        self.client.get(URL, {"q": "hair loss"}, REMOTE_ADDR="203.0.113.9")
        fields = {field.name for field in UnansweredSearch._meta.get_fields()}
        self.assertEqual(fields, {"id", "term", "day", "count"})

    def test_searches_that_say_who_someone_is_are_not_counted(self):
        for text in ["ann@example.org", "07911 123456", "943 476 5919", "born 12/03/1960"]:
            with self.subTest(text):
                self.client.get(URL, {"q": text})
                self.assertEqual(counts(), [])

    def test_editors_see_the_list_in_the_admin(self):
        self.client.get(URL, {"q": "hair loss"})
        self.client.force_login(make_marketing_editor())
        response = self.client.get(reverse("admin:search_unansweredsearch_changelist"))
        self.assertContains(response, "hair loss")
        self.assertNotContains(response, reverse("admin:search_unansweredsearch_add"))
