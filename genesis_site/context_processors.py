from django.conf import settings


def clinic(request):
    """The clinic's name and contact details, for every template.

    ``breadcrumbs`` is empty unless the view sets a trail (BreadcrumbsMixin), so
    base.html can always read it without tripping the missing-variable check.
    """
    return {"clinic": settings.CLINIC, "site_url": settings.SITE_URL, "breadcrumbs": []}
