from django.apps import AppConfig


class AftercareConfig(AppConfig):
    """The "after your treatment" planner on therapy pages.

    Not a content app (genesis_site.site_content): its answers depend on the date a patient
    types, so they are never cached or listed in the sitemap, and nothing it does is stored.
    """

    name = "aftercare"
