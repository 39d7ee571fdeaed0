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
# (app label, model) of the emails' permissions, before and after.
EMAILS_BEFORE = ("enquiries", "outboundemail")
EMAILS_AFTER = ("outbox", "outboundemail")


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


def move_emails_back(apps, schema_editor):
    """Put the emails about enquiries back into the enquiries app, with the alert columns."""
    OldEmail = apps.get_model("enquiries", "OutboundEmail")
    Email = apps.get_model("outbox", "OutboundEmail")
    Enquiry = apps.get_model("enquiries", "Enquiry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    enquiry_type = ContentType.objects.filter(app_label="enquiries", model="enquiry").first()
    emails = Email.objects.filter(
        content_type=enquiry_type, object_id__in=Enquiry.objects.values("pk")
    )
    batch = []
    for email in emails.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(
            OldEmail(
                id=email.id,
                enquiry_id=email.object_id,
                kind=email.kind,
                to_address=email.to_address,
                subject=email.subject,
                body=email.body,
                message_id=email.message_id,
                status=email.status,
                attempts=email.attempts,
                last_error=email.last_error,
                created_at=email.created_at,
                next_attempt_at=email.next_attempt_at,
                claimed_at=email.claimed_at,
                sent_at=email.sent_at,
            )
        )
        if len(batch) == BATCH:
            OldEmail.objects.bulk_create(batch)
            batch = []
    OldEmail.objects.bulk_create(batch)
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [OldEmail]):
            cursor.execute(sql)
    for kind in ["due_soon_alert", "overdue_alert"]:
        for enquiry_id, created_at in emails.filter(once_key=kind).values_list(
            "object_id", "created_at"
        ):
            Enquiry.objects.filter(pk=enquiry_id).update(**{f"{kind}_sent_at": created_at})

    email_ids = list(emails.values_list("pk", flat=True))
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(
        task_path="outbox.tasks.send_email", args_kwargs__args__0__in=email_ids
    ).update(task_path="enquiries.tasks.send_email")
    Email.objects.filter(pk__in=email_ids).delete()


def move_permissions(apps, schema_editor):
    old_type = _move_permissions(apps, source=EMAILS_BEFORE, target=EMAILS_AFTER)
    if old_type is not None:
        old_type.delete()  # and with it the old permissions


def move_permissions_back(apps, schema_editor):
    _move_permissions(apps, source=EMAILS_AFTER, target=EMAILS_BEFORE)


def _move_permissions(apps, *, source: tuple[str, str], target: tuple[str, str]):
    """Give each group and user the permissions on ``target`` (app label, model) that they
    have on ``source``, instead. Returns the source's content type, None if it has none."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    source_type = ContentType.objects.filter(app_label=source[0], model=source[1]).first()
    if source_type is None:
        return None  # permissions are made after migrating; none were made yet
    target_type, _ = ContentType.objects.get_or_create(app_label=target[0], model=target[1])
    for old in Permission.objects.filter(content_type=source_type):
        new, _ = Permission.objects.get_or_create(
            content_type=target_type, codename=old.codename, defaults={"name": old.name}
        )
        for group in old.group_set.all():
            group.permissions.add(new)
            group.permissions.remove(old)
        for user in old.user_set.all():
            user.user_permissions.add(new)
            user.user_permissions.remove(old)
    return source_type


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0006_audit_listings"),
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(move_emails, move_emails_back),
        migrations.RunPython(move_permissions, move_permissions_back),
    ]
