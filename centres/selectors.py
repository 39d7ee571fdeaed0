from django.db.models import Prefetch

from centres.models import Centre, Specialist


def therapy_page_prefetches() -> list[Prefetch]:
    """For a Therapy queryset: the active centres and specialists its page blocks show.

    ``Therapy.objects.published().prefetch_related(*therapy_page_prefetches())``
    """
    return [
        Prefetch("centres", queryset=Centre.objects.active()),
        Prefetch("specialists", queryset=Specialist.objects.active()),
    ]
