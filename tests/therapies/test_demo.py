from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from editorial import plain_english
from editorial.models import Revision
from pages.models import SitePage
from therapies.models import (
    EvidenceSource,
    FrequentlyAskedQuestion,
    KeyFact,
    SideEffect,
    Therapy,
    TherapySection,
)

MODELS = [
    Therapy,
    TherapySection,
    KeyFact,
    FrequentlyAskedQuestion,
    SideEffect,
    EvidenceSource,
    SitePage,
    Revision,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def load_demo_content() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


class LoadDemoContentTests(TestCase):
    def test_creates_the_published_therapy_and_site_pages(self):
        load_demo_content()
        therapy = Therapy.objects.published().get(slug="177lu-octreotate")
        self.assertEqual(therapy.sections.count(), 7)
        self.assertEqual(therapy.side_effects.count(), 4)
        self.assertTrue(therapy.key_facts.exists())
        self.assertTrue(therapy.faqs.exists())
        self.assertEqual(
            set(SitePage.objects.published().values_list("slug", flat=True)),
            {"privacy", "accessibility", "terms"},
        )

    def test_pages_are_published_with_their_approval_in_their_history(self):
        load_demo_content()
        therapy = Therapy.objects.get(slug="177lu-octreotate")
        approval = Revision.objects.for_page(therapy).get()
        self.assertEqual(approval.kind, Revision.Kind.APPROVED)
        self.assertEqual(len(approval.content["parts"]["sections"]), 7)
        self.assertEqual(therapy.sources.count(), 2)
        for page in SitePage.objects.all():
            with self.subTest(page=page):
                self.assertEqual(Revision.objects.for_page(page).get().kind, "published")

    def test_the_demo_pages_pass_the_plain_english_checks(self):
        load_demo_content()
        for page in [*Therapy.objects.all(), *SitePage.objects.all()]:
            with self.subTest(page=page):
                self.assertEqual(plain_english.check(page).warnings, [])

    def test_running_twice_creates_nothing_twice(self):
        self.assertIn("created", load_demo_content())
        counts = row_counts()
        self.assertIn("nothing to do", load_demo_content())
        self.assertEqual(row_counts(), counts)

    def test_never_overwrites_or_restores_what_an_editor_changed(self):
        load_demo_content()
        therapy = Therapy.objects.get(slug="177lu-octreotate")
        therapy.title = "Lutetium-177 octreotate (edited)"
        therapy.save()
        therapy.faqs.first().delete()
        SitePage.objects.filter(slug="terms").update(body="Our own terms.")
        counts = row_counts()

        load_demo_content()

        self.assertEqual(row_counts(), counts)
        therapy.refresh_from_db()
        self.assertEqual(therapy.title, "Lutetium-177 octreotate (edited)")
        self.assertEqual(SitePage.objects.get(slug="terms").body, "Our own terms.")
