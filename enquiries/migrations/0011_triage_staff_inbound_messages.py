"""Let "Triage staff" read enquirers' replies and attach the unmatched ones by hand."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Triage staff"
CODENAMES = ["view_inboundmessage", "change_inboundmessage"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("enquiries")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="enquiries", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("enquiries", "0010_conversation")]

    operations = [migrations.RunPython(grant, revoke)]
