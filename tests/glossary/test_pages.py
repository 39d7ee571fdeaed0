"""The A to Z glossary, each term's own page, and terms going through clinical approval."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from editorial import services
from editorial.models import Revision
from editorial.publishing import Status
from glossary.models import GlossaryTerm
from tests.factories import (
    make_clinical_reviewer,
    make_glossary_term,
    make_marketing_editor,
    make_therapy,
    make_therapy_section,
)

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


class GlossaryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_glossary_term(term="Remission", slug="remission", definition="Cancer has shrunk.")
        make_glossary_term(term="PRRT", slug="prrt", definition="Radiation carried to cells.")
        make_glossary_term(term="Radionuclide", slug="radionuclide")
        make_glossary_term(term="177Lu", slug="lu-177")
        make_glossary_term(term="Dosimetry", slug="dosimetry", status=Status.DRAFT)

    def test_lists_published_terms_a_to_z_under_their_letters_with_anchors(self):
        response = self.client.get(reverse("glossary:index"))
        self.assertContains(response, "<h1>Medical words explained</h1>", html=True)
        self.assertContains(response, '<dt id="prrt">PRRT</dt>', html=True)
        self.assertContains(response, "<dd><p>Cancer has shrunk.</p></dd>", html=True)
        self.assertNotContains(response, "Dosimetry")
        letters = [letter for letter, _terms in response.context["letters"]]
        self.assertEqual(letters, ["0–9", "P", "R"])
        self.assertEqual(
            [term.slug for term in response.context["letters"][2][1]],
            ["radionuclide", "remission"],
        )
        self.assertContains(response, '<a href="#letter-p">P</a>', html=True)
        self.assertContains(response, '<h2 id="letter-p">P</h2>', html=True)

    def test_each_term_has_its_own_page(self):
        response = self.client.get(reverse("glossary:term", kwargs={"slug": "prrt"}))
        self.assertContains(response, "<h1>PRRT</h1>", html=True)
        self.assertContains(response, '<a href="/glossary/#prrt">')
        self.assertContains(response, "<title>PRRT: what it means |")
        draft = reverse("glossary:term", kwargs={"slug": "dosimetry"})
        self.assertEqual(self.client.get(draft).status_code, 404)

    def test_the_sitemap_lists_the_glossary_and_published_terms(self):
        sitemap = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("/glossary/</loc>", sitemap)
        self.assertIn("/glossary/prrt/</loc>", sitemap)
        self.assertNotIn("/glossary/dosimetry/", sitemap)

    def test_the_footer_links_to_the_glossary(self):
        self.assertContains(
            self.client.get("/"), '<a href="/glossary/">Medical words explained</a>', html=True
        )


class GlossaryWorkflowTests(TestCase):
    """Definitions are health information: only a clinical reviewer publishes them."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.term = make_glossary_term(term="PRRT", slug="prrt", definition="The old words.")
        cls.therapy = make_therapy()
        make_therapy_section(cls.therapy, body="It is a kind of PRRT.")

    def edit_draft(self, definition: str) -> GlossaryTerm:
        draft = services.draft_start(page=self.term, by=self.editor)
        draft.definition = definition
        draft.save()
        services.draft_saved(draft=draft, by=self.editor)
        return draft

    def test_a_draft_changes_no_page_until_a_clinical_reviewer_approves_it(self):
        draft = self.edit_draft("The new words.")
        services.submit_for_review(draft=draft, by=self.editor)
        therapy_page = self.therapy.get_absolute_url()
        self.assertContains(self.client.get(therapy_page), "The old words.")
        with self.assertRaises(PermissionDenied):
            services.publish(draft=draft, by=self.editor, next_review_due=NEXT_YEAR)

        services.publish(draft=draft, by=self.reviewer, next_review_due=NEXT_YEAR)

        self.assertContains(self.client.get(therapy_page), "The new words.")
        self.assertContains(self.client.get(reverse("glossary:index")), "The new words.")
        self.term.refresh_from_db()
        self.assertEqual(self.term.next_review_due, NEXT_YEAR)
        kinds = Revision.objects.for_page(self.term).values_list("kind", flat=True)
        self.assertIn(Revision.Kind.APPROVED, kinds)

    def test_editors_preview_the_draft_at_the_terms_address(self):
        self.edit_draft("The new words.")
        self.client.force_login(self.editor)
        preview = self.client.get(self.term.get_preview_url())
        self.assertContains(preview, "Preview: not published.")
        self.assertContains(preview, "The new words.")
        self.assertIn("no-store", preview["Cache-Control"])

    def test_the_admin_lists_terms_for_editors_and_asks_for_clinical_review(self):
        draft = self.edit_draft("The new words.")
        self.client.force_login(self.editor)
        changelist = self.client.get(reverse("admin:glossary_glossaryterm_changelist"))
        self.assertContains(changelist, "PRRT")
        form = self.client.get(reverse("admin:glossary_glossaryterm_change", args=[draft.pk]))
        self.assertContains(form, "Save and submit for clinical review")


class GlossaryDemoTests(TestCase):
    def test_the_demo_loader_publishes_the_demo_terms_with_their_approval(self):
        call_command("load_demo_content", verbosity=0)
        slugs = set(GlossaryTerm.objects.published().values_list("slug", flat=True))
        self.assertLessEqual(
            {
                "prrt",
                "neuroendocrine-tumour",
                "somatostatin-analogue",
                "infusion",
                "radionuclide",
                "amino-acids-for-kidney-protection",
            },
            slugs,
        )
        prrt = GlossaryTerm.objects.get(slug="prrt")
        self.assertTrue(Revision.objects.for_page(prrt).filter(kind=Revision.Kind.APPROVED))
        therapy_page = self.client.get("/therapies/177lu-octreotate/")
        self.assertContains(therapy_page, "What does “peptide receptor radionuclide therapy” mean?")
