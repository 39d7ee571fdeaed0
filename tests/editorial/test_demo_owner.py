"""Demo pages have an owner, so their review reminders reach a person, not only the inbox."""

from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from editorial.roles import MARKETING_EDITORS
from outbox.models import OutboundEmail
from tests.factories import make_superuser
from therapies.models import Therapy


def load_demo_content() -> None:
    call_command("load_demo_content", stdout=StringIO())


class DemoOwnerTests(TestCase):
    def test_with_no_superuser_a_demo_editor_who_cannot_sign_in_owns_the_demo_page(self):
        load_demo_content()
        owner = Therapy.objects.get(slug="177lu-octreotate").owner
        self.assertEqual(owner.get_username(), "demo-editor")
        self.assertEqual(owner.email, "demo-editor@example.org")
        self.assertFalse(owner.has_usable_password())
        self.assertTrue(owner.is_staff)
        self.assertFalse(owner.is_superuser)
        self.assertEqual([group.name for group in owner.groups.all()], [MARKETING_EDITORS])

    def test_the_first_superuser_owns_the_demo_page_when_there_is_one(self):
        first = make_superuser(email="first@example.org")
        make_superuser(email="second@example.org")
        load_demo_content()
        self.assertEqual(Therapy.objects.get(slug="177lu-octreotate").owner, first)
        self.assertFalse(get_user_model().objects.filter(username="demo-editor").exists())

    def test_loading_again_makes_no_second_editor_and_keeps_the_owner(self):
        load_demo_content()
        load_demo_content()
        self.assertEqual(get_user_model().objects.filter(username="demo-editor").count(), 1)

    @override_settings(EDITORIAL_REVIEW_EMAIL="web-team@example.org")
    def test_the_demo_pages_review_reminder_reaches_its_owner_and_the_inbox(self):
        load_demo_content()
        today = timezone.localdate()
        Therapy.objects.update(last_reviewed=today - timedelta(days=365), next_review_due=today)
        call_command("send_review_reminders", stdout=StringIO())
        self.assertCountEqual(
            OutboundEmail.objects.values_list("to_address", flat=True),
            ["demo-editor@example.org", "web-team@example.org"],
        )
