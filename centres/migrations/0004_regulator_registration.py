"""Centres record their CQC registration as a location ID with the rating's date.

The CQC link is built from the location ID, so a link to another site can no longer be typed
in. A report link already saved keeps its location ID; any other link is dropped.
"""

import re

from django.db import migrations, models

import centres.validators

LOCATION_IN_URL = re.compile(r"/location/(1-[0-9]{9,11})(?:[/?#]|$)")


def location_ids_from_links(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    for centre in Centre.objects.exclude(cqc_url=""):
        if match := LOCATION_IN_URL.search(centre.cqc_url):
            centre.cqc_location_id = match[1]
            centre.save(update_fields=["cqc_location_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0003_editorial_workflow"),
    ]

    operations = [
        migrations.AddField(
            model_name="centre",
            name="cqc_location_id",
            field=models.CharField(
                blank=True,
                help_text="The centre's registration with the Care Quality Commission, as it ends the centre's address on cqc.org.uk, e.g. 1-123456789. The centre page links to it once the demo data note is cleared.",
                max_length=15,
                validators=[centres.validators.validate_cqc_location_id],
                verbose_name="CQC location ID",
            ),
        ),
        migrations.RunPython(location_ids_from_links, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="centre",
            name="cqc_url",
        ),
        migrations.AddField(
            model_name="centre",
            name="cqc_rating_date",
            field=models.DateField(
                blank=True,
                help_text="The date of the CQC report that gave the rating.",
                null=True,
                verbose_name="CQC rating published",
            ),
        ),
        migrations.AddConstraint(
            model_name="centre",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("cqc_location_id", ""),
                    ("cqc_location_id__regex", "^1-[0-9]{9,11}$"),
                    _connector="OR",
                ),
                name="centres_centre_cqc_location_id_format",
            ),
        ),
    ]
