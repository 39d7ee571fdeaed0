from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        # Each content app says what it offers to search in its own search_documents.py,
        # as each says what it offers to the admin in admin.py (see search.registry).
        autodiscover_modules("search_documents")
