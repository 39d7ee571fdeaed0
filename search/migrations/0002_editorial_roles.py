"""Editors keep the synonyms and pinned results and read the searches that found nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Marketing editors": [
        *(
            f"{action}_{model}"
            for model in ["synonym", "pinnedpage"]
            for action in ["view", "add", "change", "delete"]
        ),
        "view_unansweredsearch",
    ],
    "Clinical reviewers": ["view_synonym", "view_pinnedpage", "view_unansweredsearch"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make them now.
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="search", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="search"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("therapies", "0004_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
