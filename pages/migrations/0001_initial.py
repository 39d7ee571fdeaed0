"""SitePage moves here from the therapies app, with its table, rows and content type.

The table is renamed, not copied, so page ids (which the page history refers to) stay. The
content type is renamed rather than made anew, so the history (Revision rows name it) and the
permissions (the roles hold them) stay with the pages. The constraints, named after the app,
are then made again under this app's name.
"""

import django.db.models.deletion
from django.db import migrations, models

OLD_TABLE = "therapies_sitepage"


def adopt(apps, schema_editor, *, source: str, target: str, table: tuple[str, str]) -> None:
    model = apps.get_model("pages", "SitePage")
    schema_editor.alter_db_table(model, *table)
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label=source, model="sitepage"
    ).update(app_label=target)


def from_therapies(apps, schema_editor):
    table = (OLD_TABLE, apps.get_model("pages", "SitePage")._meta.db_table)
    adopt(apps, schema_editor, source="therapies", target="pages", table=table)


def back_to_therapies(apps, schema_editor):
    table = (apps.get_model("pages", "SitePage")._meta.db_table, OLD_TABLE)
    adopt(apps, schema_editor, source="pages", target="therapies", table=table)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("therapies", "0006_sitepage_to_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SitePage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("in_review", "In review"),
                                    ("scheduled", "Approved, waiting to go live"),
                                    ("published", "Published"),
                                    ("archived", "Archived"),
                                ],
                                default="draft",
                                help_text="Changed by the buttons at the bottom of the page, not typed.",
                                max_length=20,
                            ),
                        ),
                        (
                            "go_live_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="Optional. When publishing, leave empty to go live at once, or choose a date and time: the site shows the change then, without anyone pressing a button.",
                                null=True,
                                verbose_name="go live at",
                            ),
                        ),
                        (
                            "take_down_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="Optional. The page leaves the site at this date and time by itself.",
                                null=True,
                                verbose_name="take down at",
                            ),
                        ),
                        ("title", models.CharField(max_length=120)),
                        (
                            "slug",
                            models.SlugField(
                                help_text="The end of the page address: privacy gives /privacy/."
                            ),
                        ),
                        (
                            "summary",
                            models.CharField(
                                help_text="One sentence; also the search engine description.",
                                max_length=300,
                            ),
                        ),
                        (
                            "body",
                            models.TextField(
                                help_text="Plain English in Markdown: a blank line starts a new paragraph, *italic*, **bold**, '- ' starts a bullet, [words](https://example.org) makes a link, ### a sub-heading."
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last updated"),
                        ),
                        (
                            "draft_of",
                            models.OneToOneField(
                                blank=True,
                                editable=False,
                                help_text="Set on a draft copy: the live page it will replace when published.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="draft",
                                to="pages.sitepage",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["title"],
                        "permissions": [("publish_sitepage", "Can publish site pages")],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("draft_of__isnull", True)),
                                fields=("slug",),
                                name="therapies_sitepage_unique_live_slug",
                                violation_error_code="unique",
                                violation_error_message="Another page of this kind already uses this address.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("take_down_at__isnull", True),
                                    ("go_live_at__isnull", True),
                                    ("take_down_at__gt", models.F("go_live_at")),
                                    _connector="OR",
                                ),
                                name="therapies_sitepage_take_down_after_go_live",
                                violation_error_message="The take-down time must be after the go-live time.",
                            ),
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(from_therapies, back_to_therapies),
        migrations.RemoveConstraint(
            model_name="sitepage", name="therapies_sitepage_unique_live_slug"
        ),
        migrations.RemoveConstraint(
            model_name="sitepage", name="therapies_sitepage_take_down_after_go_live"
        ),
        migrations.AddConstraint(
            model_name="sitepage",
            constraint=models.UniqueConstraint(
                condition=models.Q(("draft_of__isnull", True)),
                fields=("slug",),
                name="pages_sitepage_unique_live_slug",
                violation_error_code="unique",
                violation_error_message="Another page of this kind already uses this address.",
            ),
        ),
        migrations.AddConstraint(
            model_name="sitepage",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("take_down_at__isnull", True),
                    ("go_live_at__isnull", True),
                    ("take_down_at__gt", models.F("go_live_at")),
                    _connector="OR",
                ),
                name="pages_sitepage_take_down_after_go_live",
                violation_error_message="The take-down time must be after the go-live time.",
            ),
        ),
    ]
