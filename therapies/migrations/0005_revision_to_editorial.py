"""Page history (Revision) moves to the editorial app: its rows are copied, ids and all.

Copied rather than renamed, so the editorial app's own first migration creates its table on a
new database without knowing this app. The content type is renamed rather than made anew, so
the Revision permissions keep their ids and whoever holds them keeps them.
"""

from django.core.management.color import no_style
from django.db import migrations

COLUMNS = [
    "id",
    "content_type_id",
    "object_id",
    "kind",
    "note",
    "created_by_id",
    "created_at",
    "content",
]


def move_revisions(apps, schema_editor, source: str, target: str) -> None:
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    old = apps.get_model(source, "Revision")
    new = apps.get_model(target, "Revision")
    columns = ", ".join(quote(column) for column in COLUMNS)
    schema_editor.execute(
        f"INSERT INTO {quote(new._meta.db_table)} ({columns}) "
        f"SELECT {columns} FROM {quote(old._meta.db_table)}"
    )
    old.objects.using(connection.alias).all().delete()
    # PostgreSQL numbers new rows from a sequence that has not seen the copied ids.
    for statement in connection.ops.sequence_reset_sql(no_style(), [new]):
        schema_editor.execute(statement)

    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(connection.alias)
    # A migrate of the target app alone may have made its content type already; nothing refers
    # to that one but its default permissions.
    content_types.filter(app_label=target, model="revision").delete()
    content_types.filter(app_label=source, model="revision").update(app_label=target)


def to_editorial(apps, schema_editor):
    move_revisions(apps, schema_editor, "therapies", "editorial")


def back_to_therapies(apps, schema_editor):
    move_revisions(apps, schema_editor, "editorial", "therapies")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0001_initial"),
        ("therapies", "0004_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(to_editorial, back_to_therapies),
        migrations.DeleteModel(name="Revision"),
    ]
