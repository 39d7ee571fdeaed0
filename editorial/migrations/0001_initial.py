import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(help_text="The live page's id.")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("saved", "Draft saved"),
                            ("submitted", "Submitted for clinical review"),
                            ("returned", "Returned to the editor"),
                            ("approved", "Clinically approved"),
                            ("scheduled", "Approved to go live later"),
                            ("published", "Published"),
                            ("archived", "Taken off the site"),
                            ("discarded", "Draft discarded"),
                            ("restored", "Earlier version restored to the draft"),
                        ],
                        max_length=20,
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="change note")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "content",
                    models.JSONField(
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                        help_text="The page's fields and parts at the time.",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty when the site did it by itself, e.g. scheduled publishing.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id", "created_at"],
                        name="editorial_r_content_098275_idx",
                    )
                ],
            },
        ),
    ]
