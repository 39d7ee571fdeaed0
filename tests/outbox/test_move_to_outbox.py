"""A database made before the outbox keeps every email, and each "once per state" it held.

The enquiries' emails moved from enquiries.OutboundEmail to the outbox, the alert columns and
the review reminder rows became once-keys. The database is taken back to where main left it,
filled as the site would have filled it then, migrated forward as a deployment does, and back
again as a rollback would.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from enquiries import services as enquiry_services
from enquiries.models import Enquiry
from outbox.models import OutboundEmail
from tests.factories import make_outbound_email
from therapies import services as therapy_services
from therapies.models import ReviewReminder, Therapy

BEFORE_THE_OUTBOX = [("enquiries", "0006_audit_listings"), ("therapies", "0006_sitepage_to_pages")]


def migrate(targets=None):
    """Migrate to ``targets`` (the latest migrations if None); the models as they were then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    # Not the state migrate() returns: going back over two apps' interleaved migrations, it
    # keeps what the first one in the plan undid (the alert columns' removal).
    return executor.loader.project_state(targets).apps


class MoveToOutboxTests(TransactionTestCase):
    def test_emails_alerts_reminders_and_permissions_survive_the_move_and_its_undoing(self):
        old = migrate(BEFORE_THE_OUTBOX)
        now = timezone.now()
        enquiry = old.get_model("enquiries", "Enquiry").objects.create(
            reference="ENQ-MOVE01",
            form_token="move-01",
            received_at=now - timedelta(days=2),
            due_at=now - timedelta(days=1),
            overdue_alert_sent_at=now - timedelta(hours=20),
            full_name="Moved Enquirer",
            email="moved@example.org",
            consent_version="test",
            consent_given_at=now - timedelta(days=2),
        )
        OldEmail = old.get_model("enquiries", "OutboundEmail")
        acknowledgement = OldEmail.objects.create(
            enquiry=enquiry,
            kind="acknowledgement",
            to_address="moved@example.org",
            subject="We have your enquiry",
            body="Dear Moved Enquirer,",
            message_id="<ack@example.org>",
            status="sent",
            sent_at=now - timedelta(days=2),
            next_attempt_at=None,
        )
        alert = OldEmail.objects.create(
            enquiry=enquiry,
            kind="overdue_alert",
            to_address="theranostics@example.org",
            subject="Overdue",
            body="Overdue.",
            message_id="<alert@example.org>",
            created_at=now - timedelta(hours=20),
        )
        therapy = old.get_model("therapies", "Therapy").objects.create(
            title="Lutetium therapy",
            slug="lutetium",
            summary="S.",
            status="published",
            last_reviewed=timezone.localdate() - timedelta(days=366),
            next_review_due=timezone.localdate() - timedelta(days=1),
        )
        old.get_model("therapies", "ReviewReminder").objects.create(
            therapy=therapy,
            review_due=therapy.next_review_due,
            state="overdue",
            sent_to="owner@example.org\ntheranostics@example.org",
        )
        ContentType = old.get_model("contenttypes", "ContentType")
        email_type, _ = ContentType.objects.get_or_create(
            app_label="enquiries", model="outboundemail"
        )
        resend, _ = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=email_type,
            codename="change_outboundemail",
            defaults={"name": "Can change email"},
        )
        staff = old.get_model("auth", "User").objects.create(username="triage", is_staff=True)
        staff.user_permissions.add(resend)

        migrate()

        # Every email, with its number, about its enquiry; the overdue alert is not sent twice.
        moved = Enquiry.objects.get(reference="ENQ-MOVE01")
        self.assertEqual(
            list(moved.emails.order_by("pk").values_list("pk", "kind", "status", "once_key")),
            [
                (acknowledgement.pk, "acknowledgement", "sent", "acknowledgement"),
                (alert.pk, "overdue_alert", "queued", "overdue_alert"),
            ],
        )
        self.assertEqual(
            enquiry_services.sla_alerts_queue(within_hours=4).overdue, [], "alerted twice"
        )
        # New emails are numbered after them (PostgreSQL's counter was moved on).
        new = make_outbound_email(about=moved)
        self.assertGreater(new.pk, alert.pk)
        new.delete()

        # The review reminder already sent is one sent email per address: none goes again.
        reminders = OutboundEmail.objects.about(Therapy.objects.get(pk=therapy.pk))
        self.assertCountEqual(
            reminders.values_list("to_address", "kind", "status"),
            [
                ("owner@example.org", ReviewReminder.OVERDUE, "sent"),
                ("theranostics@example.org", ReviewReminder.OVERDUE, "sent"),
            ],
        )
        self.assertEqual(therapy_services.review_reminders_queue().queued, [])

        # Whoever could resend the enquiries' emails still can, from the outbox.
        staff = get_user_model().objects.get(username="triage")
        self.assertTrue(staff.has_perm("outbox.change_outboundemail"))

        old = migrate(BEFORE_THE_OUTBOX)

        # Undone: the emails, the alert's column and the reminder row are back where they were.
        old_enquiry = old.get_model("enquiries", "Enquiry").objects.get(reference="ENQ-MOVE01")
        self.assertEqual(
            list(old_enquiry.emails.order_by("pk").values_list("pk", "kind")),
            [(acknowledgement.pk, "acknowledgement"), (alert.pk, "overdue_alert")],
        )
        self.assertEqual(old_enquiry.overdue_alert_sent_at, alert.created_at)
        self.assertIsNone(old_enquiry.due_soon_alert_sent_at)
        reminder = old.get_model("therapies", "ReviewReminder").objects.get()
        self.assertEqual(
            (reminder.therapy_id, reminder.review_due, reminder.state, reminder.sent_to),
            (
                therapy.pk,
                therapy.next_review_due,
                "overdue",
                "owner@example.org\ntheranostics@example.org",
            ),
        )
        self.assertTrue(
            old.get_model("auth", "User")
            .objects.get(username="triage")
            .user_permissions.filter(
                content_type__app_label="enquiries", codename="change_outboundemail"
            )
            .exists()
        )
        migrate()
