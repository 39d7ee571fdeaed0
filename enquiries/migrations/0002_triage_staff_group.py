"""Create the "Triage staff" group with exactly what triage needs, and nothing more.

They can see and update enquiries (status, assignee, the actions in the queue), add
internal notes, see each enquiry's emails and resend them. They cannot add or delete
enquiries, change what the enquirer sent, or edit or delete notes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Triage staff"
PERMISSIONS = [
    ("enquiries", "view_enquiry"),
    ("enquiries", "change_enquiry"),
    ("enquiries", "view_enquirynote"),
    ("enquiries", "add_enquirynote"),
    ("enquiries", "view_outboundemail"),
    ("enquiries", "change_outboundemail"),
    # The admin shows each enquiry's therapy and centre, and lets staff filter by them.
    ("therapies", "view_therapy"),
    ("centres", "view_centre"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make them now.
    for app_label in {app_label for app_label, _ in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PERMISSIONS
        ]
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("centres", "0001_initial"),
        ("therapies", "0001_initial"),
        ("enquiries", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
