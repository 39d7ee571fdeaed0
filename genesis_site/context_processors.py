from django.conf import settings


def clinic(request):
    """The clinic's name and contact details, for every template."""
    return {"clinic": settings.CLINIC, "site_url": settings.SITE_URL}
