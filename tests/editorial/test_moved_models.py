"""A database made before the editorial and pages apps existed keeps its pages, history and roles.

Revision moved from therapies to editorial, SitePage from therapies to pages. The database is
taken back to where main left it (the roles migration is the last one before the move), filled
as editors would have filled it then, and migrated forward again, as a deployment does.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from editorial.models import Revision
from pages.models import SitePage
from tests.factories import make_marketing_editor
from therapies.models import Therapy

BEFORE_THE_ROLES = [("therapies", "0003_editorial_workflow"), ("editorial", None), ("pages", None)]
BEFORE_THE_MOVE = [("therapies", "0004_editorial_roles")]


def migrate(targets=None):
    """Migrate to ``targets`` (the latest migrations if None); the models as they were then."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return state.apps


class MovedModelsTests(TransactionTestCase):
    def test_pages_their_history_and_the_roles_survive_the_move(self):
        migrate(BEFORE_THE_ROLES)
        old = migrate(BEFORE_THE_MOVE)
        OldSitePage = old.get_model("therapies", "SitePage")
        OldTherapy = old.get_model("therapies", "Therapy")
        OldRevision = old.get_model("therapies", "Revision")
        OldContentType = old.get_model("contenttypes", "ContentType")
        privacy = OldSitePage.objects.create(
            title="Privacy notice", slug="privacy", summary="S.", body="B.", status="published"
        )
        draft = OldSitePage.objects.create(
            title="Privacy, clearer", slug="privacy", summary="S.", body="B.", draft_of=privacy
        )
        therapy = OldTherapy.objects.create(
            title="Lutetium therapy", slug="lutetium", summary="S.", status="published"
        )
        for page, model in [(privacy, "sitepage"), (therapy, "therapy")]:
            OldRevision.objects.create(
                content_type=OldContentType.objects.get(app_label="therapies", model=model),
                object_id=page.pk,
                kind="published",
                note=f"Old history of {page.title}",
                content={"fields": {"title": page.title}, "parts": {}},
            )
        site_page_type = OldContentType.objects.get(app_label="therapies", model="sitepage")

        migrate()

        # The site pages keep their ids, draft copies and addresses.
        privacy = SitePage.objects.get(pk=privacy.pk)
        self.assertEqual(privacy.get_draft().pk, draft.pk)
        self.assertContains(self.client.get("/privacy/"), "<h1>Privacy notice</h1>", html=True)
        self.assertEqual(ContentType.objects.get_for_model(SitePage).pk, site_page_type.pk)

        # Each page keeps its history, and new history gets new ids.
        for page in [privacy, Therapy.objects.get(pk=therapy.pk)]:
            with self.subTest(page=page.title):
                history = Revision.objects.for_page(page)
                self.assertEqual([r.note for r in history], [f"Old history of {page.title}"])
        old_ids = set(Revision.objects.values_list("pk", flat=True))
        new = Revision.objects.create(
            content_type_id=site_page_type.pk, object_id=privacy.pk, kind="saved", content={}
        )
        self.assertNotIn(new.pk, old_ids)

        # The roles keep their permissions, now on the pages app's site pages.
        editor = make_marketing_editor()
        self.assertTrue(editor.has_perm("pages.publish_sitepage"))
        self.assertTrue(editor.has_perm("pages.change_sitepage"))
        self.assertFalse(editor.has_perm("therapies.publish_therapy"))
        old_labels = Group.objects.get(name="Marketing editors").permissions.filter(
            content_type__app_label="therapies", codename__endswith="_sitepage"
        )
        self.assertFalse(old_labels.exists())
