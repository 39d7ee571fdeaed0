from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from editorial.publishing import Publishable


class RevisionQuerySet(models.QuerySet):
    def for_page(self, page: Publishable):
        """The history of ``page``, whether given the live page or its draft copy."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(page),
            object_id=page.page_pk,
        )

    def approvals(self):
        return self.filter(kind=Revision.Kind.APPROVED)


class Revision(models.Model):
    """One step in a page's history: what happened, who did it, when, why, and the content."""

    class Kind(models.TextChoices):
        SAVED = "saved", "Draft saved"
        SUBMITTED = "submitted", "Submitted for clinical review"
        RETURNED = "returned", "Returned to the editor"
        APPROVED = "approved", "Clinically approved"
        SCHEDULED = "scheduled", "Approved to go live later"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Taken off the site"
        DISCARDED = "discarded", "Draft discarded"
        RESTORED = "restored", "Earlier version restored to the draft"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(help_text="The live page's id.")
    page = GenericForeignKey()
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.TextField("change note", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the site did it by itself, e.g. scheduled publishing.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(
        encoder=DjangoJSONEncoder, help_text="The page's fields and parts at the time."
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localtime(self.created_at):%d %b %Y %H:%M}"

    @property
    def by(self) -> str:
        if self.created_by is None:
            return "The site, by itself"
        return self.created_by.get_full_name() or self.created_by.get_username()
