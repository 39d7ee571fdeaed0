"""SitePage moves to the pages app, which takes over its table, rows and content type
(pages/migrations/0001_initial.py). Here it only leaves this app's model state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("therapies", "0005_revision_to_editorial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel("SitePage")])
    ]
