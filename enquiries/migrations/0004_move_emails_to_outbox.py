"""Move every enquiry's emails into the outbox app, with the state of its SLA alerts.

Each email keeps its number (task records name emails by number) and is linked to its
enquiry through the outbox's generic link. The first email of each kind to each address
gets the once-key the code now queues it with: the first due-soon and overdue alerts
carry the state that the *_alert_sent_at columns held (an alert's column and its email
were always written together; only erasure deleted emails, and erased enquiries are no
longer alerted about). Queued tasks are pointed at the outbox's task, and staff
permissions on emails (the Triage staff group's) move to the outbox's email model.
"""

from django.core.management.color import no_style
from django.db import migrations

BATCH = 500


def move_emails(apps, schema_editor):
    OldEmail = apps.get_model("enquiries", "OutboundEmail")
    Email = apps.get_model("outbox", "OutboundEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    enquiry_type, _ = ContentType.objects.get_or_create(app_label="enquiries", model="enquiry")
    keyed = set()
    batch = []
    for old in OldEmail.objects.order_by("pk").iterator(chunk_size=BATCH):
        once = (old.enquiry_id, old.kind, old.to_address)
        batch.append(
            Email(
                id=old.id,
                content_type=enquiry_type,
                object_id=old.enquiry_id,
                kind=old.kind,
                once_key="" if once in keyed else old.kind,
                to_address=old.to_address,
                subject=old.subject,
                body=old.body,
                message_id=old.message_id,
                status=old.status,
                attempts=old.attempts,
                last_error=old.last_error,
                created_at=old.created_at,
                queued_at=old.created_at,
                next_attempt_at=old.next_attempt_at,
                claimed_at=old.claimed_at,
                sent_at=old.sent_at,
            )
        )
        keyed.add(once)
        if len(batch) == BATCH:
            Email.objects.bulk_create(batch)
            batch = []
    Email.objects.bulk_create(batch)
    # The rows came with their numbers: PostgreSQL's counter must start after them.
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Email]):
            cursor.execute(sql)

    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(
        task_path="enquiries.tasks.send_email"
    ).update(task_path="outbox.tasks.send_email")


def move_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old_type = ContentType.objects.filter(app_label="enquiries", model="outboundemail").first()
    if old_type is None:
        return  # permissions are made after migrating; none were made yet
    new_type, _ = ContentType.objects.get_or_create(app_label="outbox", model="outboundemail")
    for old in Permission.objects.filter(content_type=old_type):
        new, _ = Permission.objects.get_or_create(
            content_type=new_type, codename=old.codename, defaults={"name": old.name}
        )
        for group in old.group_set.all():
            group.permissions.add(new)
        for user in old.user_set.all():
            user.user_permissions.add(new)
    old_type.delete()  # and with it the old permissions


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0003_privacy"),
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(move_emails),
        migrations.RunPython(move_permissions),
    ]
