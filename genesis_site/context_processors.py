from django.conf import settings


def clinic(request):
    """The clinic's name and contact details, for every template."""
    return {"clinic": settings.CLINIC, "site_url": settings.SITE_URL}


def breadcrumbs(request):
    """No breadcrumb trail unless the view sets one (BreadcrumbsMixin), so base.html can
    always read ``breadcrumbs`` without tripping the missing-variable check."""
    return {"breadcrumbs": []}
