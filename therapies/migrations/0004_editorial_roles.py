"""Create the editorial roles, each with exactly what it needs and nothing more.

Marketing editors write and publish site pages, centres and specialists, and write therapy
pages. Only Clinical reviewers approve (publish) therapy pages; they edit them too, to fix
what they find. Neither role sees enquiries: those belong to "Triage staff"
(enquiries/migrations/0002), who see no content editing. Neither may delete a page: a page
is taken off the site (archived) instead, so its history, and the enquiries that name it,
stay.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

THERAPY_PARTS = [
    "therapysection",
    "keyfact",
    "frequentlyaskedquestion",
    "sideeffect",
    "evidencesource",
]
EDIT_PARTS = ["view", "add", "change", "delete"]


def permissions(app_label, models, actions):
    return [(app_label, f"{action}_{model}") for model in models for action in actions]


ROLES = {
    "Marketing editors": [
        *permissions("therapies", ["therapy"], ["view", "add", "change"]),
        *permissions("therapies", THERAPY_PARTS, EDIT_PARTS),
        *permissions("therapies", ["sitepage"], ["view", "add", "change", "publish"]),
        ("therapies", "view_reviewdue"),
        *permissions("centres", ["centre", "specialist"], ["view", "add", "change", "publish"]),
        *permissions("centres", ["openinghours", "openingexception"], EDIT_PARTS),
    ],
    "Clinical reviewers": [
        *permissions("therapies", ["therapy"], ["view", "change", "publish"]),
        *permissions("therapies", THERAPY_PARTS, EDIT_PARTS),
        ("therapies", "view_reviewdue"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make them now.
    for app_label in ["therapies", "centres"]:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            ]
        )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("therapies", "0003_editorial_workflow"),
        ("centres", "0003_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
