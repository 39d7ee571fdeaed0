"""Queries compiled once per process, and a page's parts fetched in the page's own query."""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase
from django.utils import timezone

from centres.models import Centre, Specialist
from genesis_site.queries import PreparedQuery, per_fetched_version, prefetch_in_query
from tests.factories import (
    make_centre_with_address,
    make_faq,
    make_specialist,
    make_therapy,
    make_therapy_section,
)
from therapies.models import Therapy


class PreparedQueryTests(TestCase):
    def test_each_run_uses_its_own_values(self):
        by_slug = PreparedQuery(lambda slug, now: Therapy.objects.published(now).filter(slug=slug))
        soon = timezone.now() + timedelta(hours=1)
        first = make_therapy(slug="first")
        second = make_therapy(slug="second", go_live_at=soon)

        self.assertEqual(by_slug.get(slug="first", now=timezone.now()), first)
        with self.assertRaises(Therapy.DoesNotExist):
            by_slug.get(slug="second", now=timezone.now())
        self.assertEqual(by_slug.get(slug="second", now=soon), second)

    def test_a_value_the_sql_would_change_is_refused(self):
        # icontains sends "%value%", which no later value could be put in place of.
        by_words = PreparedQuery(lambda words: Therapy.objects.filter(title__icontains=words))
        with self.assertRaisesMessage(ValueError, "['words']"):
            by_words.all(words="lutetium")

    def test_the_clock_must_be_a_value_not_read_when_compiling(self):
        # Otherwise the time of the first request would be compiled in for good.
        live = PreparedQuery(lambda slug: Therapy.objects.published().filter(slug=slug))
        with self.assertRaisesMessage(ImproperlyConfigured, "now="):
            live.all(slug="any")

    def test_parts_come_with_the_page_in_one_query_in_their_order(self):
        therapy = make_therapy(slug="parts")
        make_therapy_section(therapy, heading="Second", order=2)
        make_therapy_section(therapy, heading="First", order=1)
        make_faq(therapy, answer="An **answer**.")
        with_parts = PreparedQuery(
            lambda slug: prefetch_in_query(Therapy.objects.filter(slug=slug), "sections", "faqs")
        )
        with self.assertNumQueries(1):
            page = with_parts.get(slug="parts")
            headings = [section.heading for section in page.sections.all()]
            answer = page.faqs.all()[0].answer_html
            key_facts = page.key_facts.all()  # not asked for: a query of its own, later
        self.assertEqual(headings, ["First", "Second"])
        self.assertEqual(str(answer), "<p>An <strong>answer</strong>.</p>")
        self.assertEqual(list(key_facts), [])

    def test_many_to_many_rows_read_back_as_their_fields_would(self):
        later = timezone.now() + timedelta(days=3)
        centre = make_centre_with_address(latitude="51.500000", longitude="-0.120000")
        make_specialist(centres=[centre], name="Zoe", take_down_at=later)
        make_specialist(centres=[centre], name="Adam")
        with self.assertNumQueries(1):
            found = prefetch_in_query(Centre.objects.filter(pk=centre.pk), "specialists").get()
            specialists = list(found.specialists.all())
        self.assertEqual([s.name for s in specialists], ["Adam", "Zoe"])
        self.assertEqual(specialists[1].take_down_at, later)
        self.assertTrue(specialists[1].is_live())
        with self.assertNumQueries(1):
            zoe = prefetch_in_query(Specialist.objects.filter(name="Zoe"), "centres").get()
            self.assertEqual(str(zoe.centres.all()[0].latitude), "51.500000")


class PerFetchedVersionTests(TestCase):
    def test_worked_out_once_for_each_version_of_the_rows_fetched(self):
        worked_out = []

        @per_fetched_version
        def headings(therapy):
            worked_out.append(therapy.pk)
            return [section.heading for section in therapy.sections.all()]

        therapy = make_therapy(slug="parts")
        section = make_therapy_section(therapy, heading="First", order=1)
        with_parts = PreparedQuery(
            lambda slug: prefetch_in_query(Therapy.objects.filter(slug=slug), "sections")
        )
        self.assertEqual(headings(with_parts.get(slug="parts")), ["First"])
        self.assertEqual(headings(with_parts.get(slug="parts")), ["First"])
        self.assertEqual(len(worked_out), 1)

        # A change that sends no signal still changes the rows, so the answer.
        type(section).objects.filter(pk=section.pk).update(heading="Renamed")
        self.assertEqual(headings(with_parts.get(slug="parts")), ["Renamed"])
        self.assertEqual(len(worked_out), 2)

        fetched_otherwise = Therapy.objects.get(slug="parts")
        self.assertEqual(headings(fetched_otherwise), ["Renamed"])
        self.assertEqual(headings(fetched_otherwise), ["Renamed"])
        self.assertEqual(len(worked_out), 4)
