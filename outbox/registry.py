"""What the outbox needs to know about the apps that send email, without importing them.

Each app that queues email registers, from its ``AppConfig.ready()``, the model its
emails are about and the kinds of email it sends::

    registry.register(
        Enquiry,
        kinds=EnquiryEmail,  # a TextChoices: the value stored, the label staff read
        personal_values=Enquiry.personal_values,
        on_staff_access=services.audit_email_access,
    )

``personal_values(obj)`` lists what must never reach a log or a stored error while one of
its emails is being sent (genesis_site.privacy). ``on_staff_access(user=, emails=,
access=, search_term=)`` records that a member of staff opened, resent or was shown in a
list emails about it, or searched the emails (an audit log).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class Access(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    RESEND = "resend", "Resent"


@dataclass(frozen=True)
class Subject:
    personal_values: Callable[[models.Model], Iterable[str]] | None
    on_staff_access: Callable[..., None] | None


_subjects: dict[type[models.Model], Subject] = {}
_kind_labels: dict[str, str] = {}


def register(
    model: type[models.Model],
    *,
    kinds: type[models.TextChoices],
    personal_values: Callable[[models.Model], Iterable[str]] | None = None,
    on_staff_access: Callable[..., None] | None = None,
) -> None:
    """Add ``kinds``; several apps may send emails about one model, each registering it."""
    for value, label in kinds.choices:
        if _kind_labels.setdefault(value, label) != label:
            raise ImproperlyConfigured(f"Two apps register the email kind {value!r}.")
    known = _subjects.get(model, Subject(None, None))
    _subjects[model] = Subject(
        personal_values or known.personal_values, on_staff_access or known.on_staff_access
    )


def kind_label(kind: str) -> str:
    return _kind_labels.get(kind, kind)


def kind_choices() -> list[tuple[str, str]]:
    return sorted(_kind_labels.items(), key=lambda choice: choice[1])


def personal_values(about: models.Model | None) -> list[str]:
    subject = _subjects.get(type(about))
    if subject is None or subject.personal_values is None:
        return []
    return list(subject.personal_values(about))


def record_staff_access(*, user, emails: Iterable, access: Access) -> None:
    """Tell each email's app that ``user`` opened or resent it, grouped by app."""
    for model, group in _by_model(emails).items():
        subject = _subjects.get(model)
        if subject is not None and subject.on_staff_access is not None:
            subject.on_staff_access(user=user, emails=group, access=access)


def record_staff_listing(*, user, emails: Iterable, search_term: str) -> None:
    """Tell each app that ``user`` was shown a page of the email list: the emails about its
    objects, and the words searched for. Every app hears of a search, even one that found
    none of its emails: the words may be the name of someone it holds emails about."""
    by_model = _by_model(emails)
    for model, subject in _subjects.items():
        shown = by_model.get(model, [])
        if subject.on_staff_access is not None and (shown or search_term.strip()):
            subject.on_staff_access(
                user=user, emails=shown, access=Access.LIST, search_term=search_term
            )


def _by_model(emails: Iterable) -> dict[type[models.Model], list]:
    by_model: dict[type[models.Model], list] = {}
    for email in emails:
        by_model.setdefault(type(email.about), []).append(email)
    return by_model
