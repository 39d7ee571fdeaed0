"""The privacy notice names the data controller and data protection contact from settings."""

from django.db import migrations, models


def tick_the_privacy_notice(apps, schema_editor):
    # The footer links to /privacy/: that page (and its draft copy, same slug) is the notice.
    SitePage = apps.get_model("pages", "SitePage")
    SitePage.objects.filter(slug="privacy").update(shows_data_controller=True)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitepage",
            name="shows_data_controller",
            field=models.BooleanField(
                default=False,
                help_text="Tick on the privacy notice: above the text, it names the data controller and the data protection contact, from the site's settings (CLINIC_DATA_CONTROLLER, CLINIC_DPO_EMAIL), so they are right whoever runs the site.",
                verbose_name="names who is responsible for personal data",
            ),
        ),
        migrations.RunPython(tick_the_privacy_notice, migrations.RunPython.noop),
    ]
