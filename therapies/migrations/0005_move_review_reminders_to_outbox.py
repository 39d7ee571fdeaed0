"""Carry each review reminder already sent into the outbox, where "once per state" now lives.

One sent email per address a reminder went to, about its therapy page, with the once-key
the code now queues reminders with, so no page is reminded twice about one due date and
state. Their text was never stored: the rows say so.
"""

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


class Migration(migrations.Migration):
    dependencies = [
        ("therapies", "0004_editorial_roles"),
        ("outbox", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_reminders)]
