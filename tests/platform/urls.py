"""The site's URLs plus views that fail on purpose, for the error handling tests."""

from django.db import IntegrityError, InternalError, OperationalError
from django.urls import path

from genesis_site import urls as site_urls


def database_locked(request):
    raise OperationalError("database is locked")


def database_shut_down_mid_transaction(request):
    # What PostgreSQL says to a transaction it aborted while shutting down.
    raise InternalError("current transaction is aborted, commands ignored until end of block")


def duplicate_row(request):
    raise IntegrityError("UNIQUE constraint failed")


def broken_with_secrets(request):
    # A local variable and a POSTed value the error report must not show.
    health_details = request.POST.get("message", "")
    raise RuntimeError(f"A bug while handling {len(health_details)} characters.")


urlpatterns = [
    path("test/locked/", database_locked),
    path("test/aborted/", database_shut_down_mid_transaction),
    path("test/duplicate/", duplicate_row),
    path("test/broken/", broken_with_secrets),
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500
