"""Carry each review reminder already sent into the outbox, where "once per state" now lives.

One sent email per address a reminder went to, about its therapy page, with the once-key
the code now queues reminders with, so no page is reminded twice about one due date and
state. Their text was never stored: the rows say so.
"""

from datetime import date
from email.utils import make_msgid

from django.db import migrations


def move_reminders(apps, schema_editor):
    ReviewReminder = apps.get_model("therapies", "ReviewReminder")
    Email = apps.get_model("outbox", "OutboundEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    therapy_type, _ = ContentType.objects.get_or_create(app_label="therapies", model="therapy")
    Email.objects.bulk_create(
        Email(
            content_type=therapy_type,
            object_id=reminder.therapy_id,
            kind=f"review_{reminder.state}",
            once_key=f"review_{reminder.state}:{reminder.review_due.isoformat()}",
            to_address=address,
            subject=f"Review reminder: {reminder.therapy.title}",
            body="Sent before emails were kept in the outbox: its text was not stored.",
            message_id=make_msgid(domain="localhost"),
            status="sent",
            attempts=1,
            created_at=reminder.sent_at,
            queued_at=reminder.sent_at,
            next_attempt_at=None,
            sent_at=reminder.sent_at,
        )
        for reminder in ReviewReminder.objects.select_related("therapy")
        for address in dict.fromkeys(reminder.sent_to.split())
    )


def move_reminders_back(apps, schema_editor):
    """One reminder row per page, due date and state, from the once-keyed reminder emails."""
    ReviewReminder = apps.get_model("therapies", "ReviewReminder")
    Therapy = apps.get_model("therapies", "Therapy")
    Email = apps.get_model("outbox", "OutboundEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    therapy_type = ContentType.objects.filter(app_label="therapies", model="therapy").first()
    emails = Email.objects.filter(
        content_type=therapy_type,
        object_id__in=Therapy.objects.values("pk"),
        kind__in=["review_due_soon", "review_overdue"],
    ).exclude(once_key="")
    reminders = {}
    for email in emails.order_by("created_at", "pk"):
        _, review_due = email.once_key.split(":")
        claim = (email.object_id, review_due, email.kind.removeprefix("review_"))
        reminder = reminders.setdefault(claim, {"sent_at": email.created_at, "sent_to": []})
        reminder["sent_to"].append(email.to_address)
    ReviewReminder.objects.bulk_create(
        ReviewReminder(
            therapy_id=therapy_id,
            review_due=date.fromisoformat(review_due),
            state=state,
            sent_at=reminder["sent_at"],
            sent_to="\n".join(dict.fromkeys(reminder["sent_to"])),
        )
        for (therapy_id, review_due, state), reminder in reminders.items()
    )
    emails.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("therapies", "0006_sitepage_to_pages"),
        ("outbox", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_reminders, move_reminders_back)]
