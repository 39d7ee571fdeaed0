"""What every app's demo content shares: new demo pages go live as if signed off when loaded."""

from editorial.models import Revision
from editorial.services import revision_record

DEMO_NOTE = "Demo content, published when it was loaded."


def record_demo_publication(page) -> Revision:
    """Record in a new demo ``page``'s history that it was published, or clinically approved
    if its page type needs that, by nobody in particular."""
    kind = Revision.Kind.APPROVED if page.needs_clinical_approval else Revision.Kind.PUBLISHED
    return revision_record(page=page, kind=kind, by=None, note=DEMO_NOTE)
