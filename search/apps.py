from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from genesis_site.site_content import SiteContent


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"
    site_content = SiteContent(
        demo="search.demo",
        # No page shows the index, the editors' words or the counts of searches that
        # found nothing: saving them (each search that finds nothing does) must leave the
        # cached pages alone. The index follows the pages, not the other way round.
        not_on_pages=frozenset(
            {"indexedpage", "indexentry", "synonym", "pinnedpage", "unansweredsearch"}
        ),
        kept_by_editors=frozenset({"synonym", "pinnedpage"}),
        read_by_editors=frozenset({"unansweredsearch"}),
    )

    def ready(self):
        # Each content app says what it offers to search in its own search_documents.py,
        # as each says what it offers to the admin in admin.py (see search.registry).
        autodiscover_modules("search_documents")
