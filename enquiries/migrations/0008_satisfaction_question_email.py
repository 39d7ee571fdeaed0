"""The satisfaction question is one more kind of email about an enquiry.

Only the list of kinds changes (no column does); when emails move to the outbox app, the kind
joins the enquiries app's registered kinds instead and this migration has nothing to do.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0007_response_policy_and_communication_needs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboundemail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("acknowledgement", "Acknowledgement to the enquirer"),
                    ("centre_notification", "New enquiry notice to the centre"),
                    ("due_soon_alert", "Reply due soon alert to triage"),
                    ("overdue_alert", "Reply overdue alert to triage"),
                    ("satisfaction_question", "“Did we answer?” to the enquirer"),
                ],
                max_length=30,
            ),
        ),
    ]
