from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class GenesisSiteConfig(AppConfig):
    name = "genesis_site"
    verbose_name = "Site"
    default = True

    def ready(self):
        from genesis_site import (
            checks,  # noqa: F401  (registers the production checks)
            page_cache,
        )

        page_cache.connect_signals()


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with `admin.site` being the two-factor `StaffAdminSite`."""

    default = False
    default_site = "genesis_site.admin.StaffAdminSite"
