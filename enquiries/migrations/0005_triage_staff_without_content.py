"""Take the therapy and centre view permissions away from "Triage staff".

0002 gave them so the triage queue could name each enquiry's therapy and centre and filter by
them, but the queue does both without them; all they did was open the content admin, drafts
included, to triage staff. Triage sees no content editing at all.
"""

from django.db import migrations

GROUP_NAME = "Triage staff"
CONTENT_PERMISSIONS = [("therapies", "view_therapy"), ("centres", "view_centre")]


def content_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in CONTENT_PERMISSIONS
    ]


def remove(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(*content_permissions(apps))


def restore(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.add(*content_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("enquiries", "0004_spam_hold")]

    operations = [migrations.RunPython(remove, restore)]
