"""What every app's demo content shares: new demo pages go live as if signed off when loaded,
and have an owner, so their review reminders reach a person as well as the editorial inbox."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group

from editorial.models import Revision
from editorial.roles import MARKETING_EDITORS
from editorial.services import revision_record

DEMO_NOTE = "Demo content, published when it was loaded."
DEMO_EDITOR = {
    "username": "demo-editor",
    "email": "demo-editor@example.org",
    "first_name": "Demo",
    "last_name": "Editor",
    "is_staff": True,
}


def demo_owner() -> AbstractBaseUser:
    """Who owns the demo pages: the first superuser, if anyone has made one yet; else a
    marketing editor made for the demo, with no usable password (nobody signs in as them
    until a superuser sets one)."""
    users = get_user_model().objects
    superuser = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if superuser is not None:
        return superuser
    editor, created = users.get_or_create(username=DEMO_EDITOR["username"], defaults=DEMO_EDITOR)
    if created:
        editor.set_unusable_password()
        editor.save(update_fields=["password"])
        editor.groups.add(Group.objects.get(name=MARKETING_EDITORS))
    return editor


def record_demo_publication(page) -> Revision:
    """Record in a new demo ``page``'s history that it was published, or clinically approved
    if its page type needs that, by nobody in particular."""
    kind = Revision.Kind.APPROVED if page.needs_clinical_approval else Revision.Kind.PUBLISHED
    return revision_record(page=page, kind=kind, by=None, note=DEMO_NOTE)
