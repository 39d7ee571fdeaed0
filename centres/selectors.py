from django.db.models import Prefetch

from centres.models import Centre, Specialist


def therapy_page_prefetches() -> list[Prefetch]:
    """For a Therapy queryset: the active centres and specialists its page blocks show.

    ``Therapy.objects.published().prefetch_related(*therapy_page_prefetches())``

    They link to the live page, so a draft copy's preview takes them from there
    (``therapy.live_page``); for a live page that costs no query.
    """
    return [
        Prefetch(f"{path}{relation}", queryset=model.objects.active())
        for path in ["", "draft_of__"]
        for relation, model in [("centres", Centre), ("specialists", Specialist)]
    ]
