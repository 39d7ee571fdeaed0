"""The response policy (clock or working hours), triage staff availability, communication
needs, and the satisfaction question.

Enquiries already stored keep their promise: each becomes due soon when the queue used to
turn it amber, ENQUIRY_DUE_SOON_HOURS clock hours before it is due.
"""

from datetime import timedelta

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def due_soon_as_before(apps, schema_editor):
    Enquiry = apps.get_model("enquiries", "Enquiry")
    window = timedelta(hours=settings.ENQUIRY_DUE_SOON_HOURS)
    Enquiry.objects.update(due_soon_at=F("due_at") - window)


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0008_remove_outboundemail_and_alert_columns"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClosureDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField()),
                (
                    "reason",
                    models.CharField(
                        help_text="For staff, e.g. “Christmas closure”.", max_length=100
                    ),
                ),
            ],
            options={
                "verbose_name": "closure day",
                "ordering": ["date"],
            },
        ),
        migrations.CreateModel(
            name="ResponsePolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "counting",
                    models.CharField(
                        choices=[
                            ("clock", "Clock hours: day and night, every day"),
                            ("working", "Working hours: only while the triage team is working"),
                        ],
                        default="clock",
                        help_text="Working hours never promise a reply at a time nobody is working.",
                        max_length=10,
                        verbose_name="count the hours in",
                    ),
                ),
                (
                    "hours",
                    models.PositiveSmallIntegerField(
                        default=24,
                        help_text="Counted as chosen above: 8 working hours is one working day.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(336),
                        ],
                        verbose_name="reply within (hours)",
                    ),
                ),
                (
                    "nation",
                    models.CharField(
                        choices=[
                            ("ENG", "England"),
                            ("WLS", "Wales"),
                            ("SCT", "Scotland"),
                            ("NIR", "Northern Ireland"),
                        ],
                        default="ENG",
                        help_text="With working hours, the team does not work on this nation's bank holidays.",
                        max_length=3,
                        verbose_name="bank holidays of",
                    ),
                ),
                (
                    "round_robin",
                    models.BooleanField(
                        default=False,
                        help_text="Assign each new enquiry to one of the triage staff marked as taking new enquiries, whoever was given one least recently.",
                        verbose_name="share out new enquiries",
                    ),
                ),
            ],
            options={
                "verbose_name": "response policy",
                "verbose_name_plural": "response policy",
            },
        ),
        migrations.CreateModel(
            name="SatisfactionAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "answered",
                    models.BooleanField(editable=False, verbose_name="we answered their question"),
                ),
                (
                    "comment",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="What they chose to add. Erased with their other details.",
                    ),
                ),
                (
                    "answered_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="received"
                    ),
                ),
            ],
            options={
                "verbose_name": "answer to “Did we answer your question?”",
                "verbose_name_plural": "answers to “Did we answer your question?”",
                "ordering": ["-answered_at"],
            },
        ),
        migrations.CreateModel(
            name="TeamHours",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "weekday",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "Monday"),
                            (1, "Tuesday"),
                            (2, "Wednesday"),
                            (3, "Thursday"),
                            (4, "Friday"),
                            (5, "Saturday"),
                            (6, "Sunday"),
                        ]
                    ),
                ),
                (
                    "opens",
                    models.TimeField(help_text="UK time, e.g. 09:00.", verbose_name="starts"),
                ),
                (
                    "closes",
                    models.TimeField(
                        help_text="UK time, e.g. 17:00, on the same day.", verbose_name="finishes"
                    ),
                ),
            ],
            options={
                "verbose_name": "working hours",
                "verbose_name_plural": "working hours (days without a row are not worked)",
                "ordering": ["weekday"],
            },
        ),
        migrations.CreateModel(
            name="TriageStaff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "available",
                    models.BooleanField(
                        default=True,
                        help_text="Untick while they are away: the round robin passes them by.",
                        verbose_name="taking new enquiries",
                    ),
                ),
                (
                    "last_assigned_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="The round robin gives the next enquiry to whoever waited longest.",
                        null=True,
                        verbose_name="last given an enquiry",
                    ),
                ),
            ],
            options={
                "verbose_name": "triage staff availability",
                "verbose_name_plural": "triage staff availability",
                "ordering": ["user__username"],
            },
        ),
        migrations.AddField(
            model_name="enquiry",
            name="due_soon_at",
            field=models.DateTimeField(
                editable=False,
                help_text="When the queue's badge turns amber: the promise's last hours, counted the same way.",
                null=True,
                verbose_name="reply due soon from",
            ),
        ),
        migrations.RunPython(due_soon_as_before, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enquiry",
            name="due_soon_at",
            field=models.DateTimeField(
                editable=False,
                help_text="When the queue's badge turns amber: the promise's last hours, counted the same way.",
                verbose_name="reply due soon from",
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="interpreter_language",
            field=models.CharField(
                blank=True, max_length=50, verbose_name="interpreter's language"
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="needs_bsl",
            field=models.BooleanField(
                default=False, verbose_name="British Sign Language interpreter"
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="needs_carer",
            field=models.BooleanField(
                default=False, verbose_name="a carer or relative speaks for them"
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="needs_easy_read",
            field=models.BooleanField(default=False, verbose_name="easy read"),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="needs_interpreter",
            field=models.BooleanField(
                default=False, verbose_name="interpreter for another language"
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="needs_large_print",
            field=models.BooleanField(default=False, verbose_name="large print"),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="other_communication_needs",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="other communication needs"
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="satisfaction_asked_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the one question after closing was queued; it is never asked twice.",
                null=True,
                verbose_name="asked whether we answered",
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="sensitive",
            field=models.BooleanField(
                default=False,
                help_text="Tick for an enquiry that must get no follow-up, such as a bereavement: it is never sent the question about whether we answered it.",
            ),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                help_text="The member of staff who will reply: one of the triage staff.",
                limit_choices_to={"is_staff": True},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_enquiries",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="contact_time",
            field=models.CharField(
                blank=True,
                choices=[
                    ("any", "Any time"),
                    ("morning", "Morning (9am to midday)"),
                    ("afternoon", "Afternoon (midday to 5pm)"),
                ],
                help_text="Not asked of people who chose email.",
                max_length=10,
                verbose_name="best time to call",
            ),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="due_at",
            field=models.DateTimeField(
                editable=False,
                help_text="Received time (or release from the spam hold) plus the promised response time, counted as the response policy counted it then.",
                verbose_name="reply due by",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(("due_soon_at__lte", models.F("due_at"))),
                name="enquiry_due_soon_before_due",
            ),
        ),
        migrations.AddConstraint(
            model_name="responsepolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(("pk", 1)), name="responsepolicy_only_one"
            ),
        ),
        migrations.AddField(
            model_name="closureday",
            name="policy",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="closures",
                to="enquiries.responsepolicy",
            ),
        ),
        migrations.AddField(
            model_name="satisfactionanswer",
            name="enquiry",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="satisfaction",
                to="enquiries.enquiry",
            ),
        ),
        migrations.AddField(
            model_name="teamhours",
            name="policy",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="team_hours",
                to="enquiries.responsepolicy",
            ),
        ),
        migrations.AddField(
            model_name="triagestaff",
            name="user",
            field=models.OneToOneField(
                limit_choices_to=models.Q(("groups__name", "Triage staff"), ("is_active", True)),
                on_delete=django.db.models.deletion.CASCADE,
                related_name="triage",
                to=settings.AUTH_USER_MODEL,
                verbose_name="member of the triage staff",
            ),
        ),
        migrations.AddConstraint(
            model_name="closureday",
            constraint=models.UniqueConstraint(
                fields=("policy", "date"),
                name="closureday_one_per_date",
                violation_error_message="This date is already a closure day.",
            ),
        ),
        migrations.AddConstraint(
            model_name="teamhours",
            constraint=models.UniqueConstraint(
                fields=("policy", "weekday"),
                name="teamhours_one_per_weekday",
                violation_error_message="This day already has working hours.",
            ),
        ),
        migrations.AddConstraint(
            model_name="teamhours",
            constraint=models.CheckConstraint(
                condition=models.Q(("closes__gt", models.F("opens"))),
                name="teamhours_finish_after_start",
                violation_error_message="The finishing time must be after the starting time, on the same day.",
            ),
        ),
    ]
