"""Each role, through the admin: it sees only what it may touch, and can do only that."""

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from editorial import services
from tests.factories import (
    make_centre_with_address,
    make_clinical_reviewer,
    make_enquiry,
    make_marketing_editor,
    make_site_page,
    make_specialist,
    make_therapy,
    make_triage_user,
    make_user,
)

SEARCH_SECTION = ["Pinned results", "Searches that found nothing", "Synonyms"]


def admin_sections(client) -> dict[str, list[str]]:
    """The admin index as the signed-in user sees it: {app: [model names]}."""
    response = client.get(reverse("admin:index"))
    return {
        app["name"]: [model["name"] for model in app["models"]]
        for app in response.context["app_list"]
    }


class RoleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Lutetium therapy")
        cls.page = make_site_page()
        cls.centre = make_centre_with_address()
        cls.enquiry = make_enquiry()
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.triage = make_triage_user()
        cls.draft = services.draft_start(page=cls.therapy, by=cls.editor)

    def test_marketing_editors_see_content_and_never_enquiries(self):
        self.client.force_login(self.editor)
        self.assertEqual(
            admin_sections(self.client),
            {
                "Therapies": ["Reviews due", "Therapies"],
                "Glossary": ["Glossary terms"],
                "Pages": ["Site pages"],
                "Centres": ["Centres", "Specialists"],
                "Enquiries": ["Saved replies"],
                "Site search": SEARCH_SECTION,
            },
        )
        enquiries = reverse("admin:enquiries_enquiry_changelist")
        self.assertEqual(self.client.get(enquiries).status_code, 403)
        change = reverse("admin:enquiries_enquiry_change", args=[self.enquiry.pk])
        self.assertEqual(self.client.get(change).status_code, 403)

    def test_clinical_reviewers_see_therapy_pages_and_read_the_search_words(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(
            admin_sections(self.client),
            {
                "Therapies": ["Reviews due", "Therapies"],
                "Glossary": ["Glossary terms"],
                "Site search": SEARCH_SECTION,
                "Enquiries": ["Saved replies"],
            },
        )
        for url in [
            reverse("admin:pages_sitepage_changelist"),
            reverse("admin:centres_centre_changelist"),
            reverse("admin:enquiries_enquiry_changelist"),
            reverse("admin:search_synonym_add"),
            reverse("admin:search_pinnedpage_add"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_triage_staff_see_no_content_editing(self):
        self.client.force_login(self.triage)
        # The enquiries and their emails (which triage staff resend), nothing else.
        self.assertEqual(
            admin_sections(self.client),
            {
                "Email and task worker": ["Emails"],
                "Enquiries": ["Enquiries", "Replies from enquirers"],
            },
        )
        self.draft.title = "Draft title"
        self.draft.save()
        specialist = make_specialist(centres=[self.centre])
        urls = [
            reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
            for page in [self.therapy, self.draft, self.page, self.centre, specialist]
            if (opts := page._meta)
            for view, args in [
                ("changelist", []),
                ("change", [page.pk]),
                ("history", [page.pk]),
                ("changes", [page.pk]),
                ("start_draft", [page.pk]),
                ("publish", [page.pk]),
            ]
        ]
        urls += [
            reverse("admin:therapies_therapy_add"),
            reverse("admin:therapies_reviewdue_changelist"),
        ]
        for url in urls:
            with self.subTest(url=url):
                # "Edit a draft" answers only POST; every other page is refused either way.
                if not url.endswith("/edit/"):
                    self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.post(url).status_code, 403)
        preview = self.client.get(self.therapy.get_preview_url())
        self.assertContains(preview, "<h1>Lutetium therapy</h1>", html=True)
        self.assertNotContains(preview, "Draft title")
        self.assertNotContains(preview, "Preview:")

    def test_a_view_permission_alone_opens_no_content(self):
        viewer = make_user(is_staff=True)
        viewer.user_permissions.set(
            Permission.objects.filter(codename__in=["view_therapy", "view_centre"])
        )
        self.client.force_login(viewer)
        self.assertEqual(admin_sections(self.client), {})
        for url in [
            reverse("admin:therapies_therapy_changelist"),
            reverse("admin:therapies_therapy_change", args=[self.draft.pk]),
            reverse("admin:centres_centre_change", args=[self.centre.pk]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_editors_write_therapy_pages_but_cannot_delete_pages(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("admin:therapies_therapy_add")).status_code, 200)
        draft_form = self.client.get(
            reverse("admin:therapies_therapy_change", args=[self.draft.pk])
        )
        self.assertContains(draft_form, "Save and submit for clinical review")
        self.assertContains(draft_form, "Discard this draft")
        for model, page in [("therapies_therapy", self.therapy), ("pages_sitepage", self.page)]:
            with self.subTest(model=model):
                url = reverse(f"admin:{model}_delete", args=[page.pk])
                self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)

    def test_editors_publish_centres_themselves(self):
        self.client.force_login(self.editor)
        draft = services.draft_start(page=self.centre, by=self.editor)
        change = self.client.get(reverse("admin:centres_centre_change", args=[draft.pk]))
        self.assertContains(change, "Save and review for publishing")
        publish = self.client.get(reverse("admin:centres_centre_publish", args=[draft.pk]))
        self.assertContains(publish, ">Publish</button>")


class RoleGroupTests(TestCase):
    def test_the_roles_have_exactly_their_permissions(self):
        parts = ["therapysection", "keyfact", "frequentlyaskedquestion", "sideeffect"]
        parts += ["evidencesource", "aftercarestep"]
        edit_parts = {
            f"therapies.{action}_{part}"
            for part in parts
            for action in ["view", "add", "change", "delete"]
        }
        expected = {
            "Marketing editors": edit_parts
            | {
                "therapies.view_therapy",
                "therapies.add_therapy",
                "therapies.change_therapy",
                "therapies.view_reviewdue",
                "glossary.view_glossaryterm",
                "glossary.add_glossaryterm",
                "glossary.change_glossaryterm",
                "pages.view_sitepage",
                "pages.add_sitepage",
                "pages.change_sitepage",
                "pages.publish_sitepage",
                "enquiries.view_savedreply",
                "enquiries.add_savedreply",
                "enquiries.change_savedreply",
                *(
                    f"centres.{action}_{model}"
                    for model in ["centre", "specialist"]
                    for action in ["view", "add", "change", "publish"]
                ),
                *(
                    f"centres.{action}_{model}"
                    for model in ["openinghours", "openingexception"]
                    for action in ["view", "add", "change", "delete"]
                ),
                *(
                    f"search.{action}_{model}"
                    for model in ["synonym", "pinnedpage"]
                    for action in ["view", "add", "change", "delete"]
                ),
                "search.view_unansweredsearch",
            },
            "Clinical reviewers": edit_parts
            | {
                "therapies.view_therapy",
                "therapies.change_therapy",
                "therapies.publish_therapy",
                "therapies.view_reviewdue",
                "enquiries.view_savedreply",
                "enquiries.change_savedreply",
                "enquiries.publish_savedreply",
                "glossary.view_glossaryterm",
                "glossary.change_glossaryterm",
                "glossary.publish_glossaryterm",
                "search.view_synonym",
                "search.view_pinnedpage",
                "search.view_unansweredsearch",
            },
        }
        for name, permissions in expected.items():
            with self.subTest(role=name):
                group = Group.objects.get(name=name)
                self.assertEqual(
                    {
                        f"{app}.{codename}"
                        for app, codename in group.permissions.values_list(
                            "content_type__app_label", "codename"
                        )
                    },
                    permissions,
                )


class RolesAfterMigrateTests(TestCase):
    """The roles follow the page types: every migrate gives each role exactly its permissions."""

    def test_migrate_restores_the_roles(self):
        editors = Group.objects.get(name="Marketing editors")
        editors.permissions.remove(Permission.objects.get(codename="publish_sitepage"))
        editors.permissions.add(Permission.objects.get(codename="view_enquiry"))
        Group.objects.get(name="Clinical reviewers").delete()

        call_command("migrate", verbosity=0)

        editor, reviewer = make_marketing_editor(), make_clinical_reviewer()
        self.assertTrue(editor.has_perm("pages.publish_sitepage"))
        self.assertFalse(editor.has_perm("enquiries.view_enquiry"))
        self.assertTrue(reviewer.has_perm("therapies.publish_therapy"))
        self.assertFalse(reviewer.has_perm("pages.change_sitepage"))
