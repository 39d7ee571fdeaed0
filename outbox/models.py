from datetime import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from outbox import registry


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    # The mail server took it, but the recipient's server sent it back (a bounce report).
    BOUNCED = "bounced", "Bounced"


class OutboundEmailQuerySet(models.QuerySet):
    def about(self, obj: models.Model):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def due(self, now: datetime | None = None):
        return self.filter(status=EmailStatus.QUEUED, next_attempt_at__lte=now or timezone.now())

    def stuck_sending(self, *, claimed_before: datetime):
        """Emails a worker started sending but never finished: the worker died mid-send."""
        return self.filter(status=EmailStatus.SENDING, claimed_at__lt=claimed_before)

    def waiting(self, *, queued_before: datetime):
        """Emails not yet sent (nor given up on) that were queued before ``queued_before``."""
        return self.filter(
            status__in=[EmailStatus.QUEUED, EmailStatus.SENDING], queued_at__lt=queued_before
        )


class OutboundEmail(models.Model):
    """One email to one recipient, stored with the change that caused it and sent later by
    the task worker. Every email the site sends is one of these."""

    Status = EmailStatus

    # What the email is about (an enquiry, a therapy page...). A generic link, so the outbox
    # imports no app that sends email; each declares a GenericRelation (Enquiry.emails)
    # through which erasure, retention and subject access find its emails.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, editable=False
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    about = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=40, editable=False)
    once_key = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text="Queueing another email about the same thing with the same key, to the same "
        "address, does nothing: e.g. one overdue alert per enquiry.",
    )

    to_address = models.EmailField("to")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    message_id = models.CharField(
        max_length=200,
        help_text="The same on every attempt, so mail programs can hide a rare duplicate.",
    )
    headers = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="More headers, e.g. In-Reply-To and References, which thread a conversation.",
    )

    status = models.CharField(max_length=10, choices=EmailStatus, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField("created", default=timezone.now)
    queued_at = models.DateTimeField(
        "queued", default=timezone.now, help_text="When it was last put in the queue."
    )
    next_attempt_at = models.DateTimeField(
        "next attempt", null=True, blank=True, default=timezone.now
    )
    claimed_at = models.DateTimeField("sending since", null=True, blank=True)
    sent_at = models.DateTimeField("sent", null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "email"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.QUEUED) | Q(next_attempt_at__isnull=False),
                name="outbox_queued_has_next_attempt",
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENT) | Q(sent_at__isnull=False),
                name="outbox_sent_has_sent_at",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "once_key", "to_address"],
                condition=~Q(once_key=""),
                name="outbox_once_per_key_and_address",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.kind_label} ({self.status})"

    @property
    def kind_label(self) -> str:
        return registry.kind_label(self.kind)


class WorkerHeartbeat(models.Model):
    """The last time each task worker looked for work; /healthz reads the newest."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField("process id")
    started_at = models.DateTimeField("started", default=timezone.now)
    last_seen_at = models.DateTimeField("last looked for work", default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = "task worker"
        indexes = [models.Index(fields=["last_seen_at"])]

    def __str__(self):
        return f"{self.host} (process {self.pid})"
