"""The site's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from genesis_site import urls as site_urls


def broken(request):
    raise RuntimeError("A bug, to show the 500 page.")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test/broken/", broken),
    path("test/forbidden/", forbidden),
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500
