"""Emails about the clinical review: the reviewers hear when a draft is submitted, its editors
when it is approved or returned.

Each email is queued in the outbox in the same transaction as the step it tells of, so a step
rolled back sends nothing; the task worker sends it after commit, never inside the request.
The emails are about the live page (its id is the same for the page and its draft copy), so
the outbox's list links each to the page's admin.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.urls import reverse

from editorial.models import CONTENT_CHANGES, Revision
from editorial.publishing import Publishable
from outbox import services as outbox


class ReviewEmail(models.TextChoices):
    """The value names the templates in templates/editorial/email/."""

    SUBMITTED = "page_submitted", "Page submitted for clinical review"
    APPROVED = "page_approved", "Page clinically approved"
    RETURNED = "page_returned", "Page returned to the editor"


# Superusers may approve anything, but they run the site: they are not told of every review.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def reviewers(page: Publishable, *, but: AbstractBaseUser) -> list[str]:
    """The addresses of the staff who may approve ``page`` (other than ``but``), and the
    editorial inbox."""
    users = get_user_model().objects.with_perm(
        type(page).permission("publish"), include_superusers=False, backend=PERMISSION_BACKEND
    )
    emails = users.filter(is_staff=True).exclude(pk=but.pk).values_list("email", flat=True)
    return _addresses([*emails, settings.EDITORIAL_REVIEW_EMAIL])


def editors(page: Publishable, *, but: AbstractBaseUser) -> list[str]:
    """The addresses of whoever submitted ``page`` for review and whoever changed it last,
    other than ``but`` (the reviewer telling them)."""
    history = Revision.objects.for_page(page).select_related("created_by")
    steps = [
        history.filter(kind=Revision.Kind.SUBMITTED).first(),
        history.filter(kind__in=CONTENT_CHANGES).first(),
    ]
    return _addresses(
        step.created_by.email
        for step in steps
        if step is not None
        and step.created_by is not None
        and step.created_by.is_active
        and step.created_by.pk != but.pk
    )


def _addresses(addresses) -> list[str]:
    return list(dict.fromkeys(address for address in addresses if address))


def review_emails_queue(
    *, kind: ReviewEmail, page: Publishable, revision: Revision, to: list[str]
) -> None:
    """Queue one email per address in ``to`` telling of ``revision``, a step of ``page``."""
    live = page.live_page
    opts = live._meta
    context = {
        "page": page,
        "page_type": opts.verbose_name,
        "page_types": opts.verbose_name_plural,
        "revision": revision,
        "clinic": settings.CLINIC,
        "admin_url": settings.SITE_URL
        + reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[live.pk]),
    }
    for address in to:
        outbox.email_queue(
            about=live,
            kind=kind,
            template=f"editorial/email/{kind}",
            context=context,
            to=address,
        )
