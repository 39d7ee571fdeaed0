"""Markdown is rendered when a page is written, on every path that writes one.

Pages show the HTML stored beside each Markdown field (genesis_site.markdown), so each
way a page's rows are written must leave that HTML matching the Markdown: an edit, a
draft copy, publishing it, restoring an old version, and the migration that filled in
the rows that existed before.
"""

from datetime import timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from centres.models import Specialist
from editorial import content, services
from editorial.models import Revision
from genesis_site.markdown import render_stored_markdown
from pages.models import SitePage
from tests.factories import (
    make_clinical_reviewer,
    make_marketing_editor,
    make_site_page,
    make_specialist,
    make_therapy,
    make_therapy_section,
)
from therapies.models import TherapySection

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


class RenderedMarkdownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.therapy = make_therapy(introduction="The *first* introduction.")
        cls.section = make_therapy_section(cls.therapy, heading="Dose", body="One **dose**.")

    def test_an_edit_shows_at_once_rendered_and_sanitised(self):
        self.section.body = "Two **doses**.\n\n<script>alert('x')</script>"
        self.section.save()
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertContains(response, "<p>Two <strong>doses</strong>.</p>", html=True)
        self.assertNotContains(response, "alert(")

    def test_an_edited_draft_shows_in_its_preview_and_then_on_the_published_page(self):
        draft = services.draft_start(page=self.therapy, by=self.editor)
        draft.introduction = "The *second* introduction."
        draft.save()
        section = draft.sections.get()
        section.body = "Three **doses**."
        section.save()
        self.client.force_login(self.editor)
        preview = self.client.get(self.therapy.get_preview_url())
        self.assertContains(preview, "<em>second</em>", html=True)
        self.assertContains(preview, "<strong>doses</strong>", html=True)

        services.submit_for_review(draft=draft, by=self.editor)
        services.publish(draft=draft, by=self.reviewer, next_review_due=NEXT_YEAR)
        self.client.logout()
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertContains(response, "<p>The <em>second</em> introduction.</p>", html=True)
        self.assertContains(response, "<p>Three <strong>doses</strong>.</p>", html=True)

    def test_restoring_an_old_version_shows_its_text_in_the_preview(self):
        first = services.revision_record(
            page=self.therapy, kind=Revision.Kind.APPROVED, by=self.reviewer
        )
        self.section.body = "A *later* dose."
        self.section.save()
        services.restore(revision=first, by=self.editor)
        self.client.force_login(self.editor)
        preview = self.client.get(self.therapy.get_preview_url())
        self.assertContains(preview, "<p>One <strong>dose</strong>.</p>", html=True)
        self.assertNotContains(preview, "later")

    def test_history_keeps_the_markdown_not_the_html(self):
        snapshot = content.snapshot(self.therapy)
        self.assertEqual(snapshot["fields"]["introduction"], "The *first* introduction.")
        self.assertNotIn("introduction_html", snapshot["fields"])
        self.assertEqual(list(snapshot["parts"]["sections"][0]), ["order", "heading", "body"])

    def test_the_migration_renders_rows_written_before_it(self):
        site_page = make_site_page(body="A *privacy* notice.")
        specialist = make_specialist(biography="A **nuclear medicine** doctor.")
        # As the rows were before the migration added their HTML.
        TherapySection.objects.update(body_html="")
        SitePage.objects.update(body_html="")
        Specialist.objects.update(biography_html="")
        editor = SimpleNamespace(connection=connection)
        for app_label in ("therapies", "pages", "centres"):
            render_stored_markdown(apps, editor, app_label=app_label)

        self.assertContains(
            self.client.get(self.therapy.get_absolute_url()),
            "<p>One <strong>dose</strong>.</p>",
            html=True,
        )
        self.assertContains(
            self.client.get(site_page.get_absolute_url()),
            "<p>A <em>privacy</em> notice.</p>",
            html=True,
        )
        self.assertContains(
            self.client.get(specialist.get_absolute_url()),
            "<p>A <strong>nuclear medicine</strong> doctor.</p>",
            html=True,
        )
