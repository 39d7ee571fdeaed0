"""What centres and specialists offer to site search (see search.registry)."""

from centres.models import Centre, Specialist
from search.registry import Document, register


def centre_documents(centres):
    for centre in centres:
        details = [
            ", ".join(centre.address_lines),
            centre.parking,
            centre.public_transport,
            centre.step_free_access,
        ]
        yield Document(
            page=centre,
            title=centre.name,
            url=centre.get_absolute_url(),
            text="\n\n".join(filter(None, details)),
            kind="Centre",
        )


def specialist_documents(specialists):
    for specialist in specialists:
        details = [
            specialist.role,
            specialist.summary,
            specialist.specialties.replace("\n", ", "),
            specialist.biography,
            f"Languages: {specialist.languages}" if specialist.languages else "",
        ]
        yield Document(
            page=specialist,
            title=specialist.full_name,
            url=specialist.get_absolute_url(),
            text="\n\n".join(filter(None, details)),
            kind="Specialist",
        )


register(Centre, centre_documents)
register(Specialist, specialist_documents)
