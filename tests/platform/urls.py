"""The site's URLs plus views that fail on purpose, for the error handling tests."""

from django.db import OperationalError
from django.urls import path

from genesis_site import urls as site_urls


def database_locked(request):
    raise OperationalError("database is locked")


def broken_with_secrets(request):
    # A local variable and a POSTed value the error report must not show.
    health_details = request.POST.get("message", "")
    raise RuntimeError(f"A bug while handling {len(health_details)} characters.")


urlpatterns = [
    path("test/locked/", database_locked),
    path("test/broken/", broken_with_secrets),
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500
