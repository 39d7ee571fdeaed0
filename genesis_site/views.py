import sys

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db import DatabaseError, DataError, IntegrityError, NotSupportedError, ProgrammingError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.urls import get_script_prefix

from genesis_site import site_content


class BreadcrumbsMixin:
    """Give a page its breadcrumb trail, shown by base.html and sent as BreadcrumbList JSON-LD.

    Views override ``get_breadcrumbs()`` to return ``[(label, url), ...]`` after Home (the
    site's root address); the last item is the current page (its url may be ``None``).
    """

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        crumbs = self.get_breadcrumbs()
        context["breadcrumbs"] = [("Home", get_script_prefix()), *crumbs] if crumbs else []
        return context


class PageMetaMixin:
    """Give base_page.html its ``page_meta`` from the view's ``get_page_meta()``: title,
    description, canonical URL and JSON-LD (a genesis_site.seo.PageMeta)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_meta"] = self.get_page_meta()
        return context


def sitemap(request):
    """/sitemap.xml: the sections each content app declares (genesis_site.site_content)."""
    return sitemap_views.sitemap(request, sitemaps=site_content.sitemaps())


# Seconds a visitor (or a proxy) is asked to wait when the database is unavailable.
RETRY_AFTER_SECONDS = 30

# Database errors that are our bugs, not the database being away: these stay a 500.
BUG_DATABASE_ERRORS = (DataError, IntegrityError, NotSupportedError, ProgrammingError)


def database_unavailable(exception: BaseException | None) -> bool:
    """The database is locked, restarting or unreachable, so trying again later will work.

    Besides OperationalError and InterfaceError, a server shutting down mid-transaction
    surfaces as InternalError ("current transaction is aborted") or a bare DatabaseError.
    """
    return isinstance(exception, DatabaseError) and not isinstance(exception, BUG_DATABASE_ERRORS)


def server_error(request):
    """The 500 page in the site's look, or the 503 page when the database is unavailable.

    Django calls this for any exception a view or middleware did not handle, so it sees
    a locked SQLite file (another process held the write lock longer than the busy
    timeout) or a PostgreSQL server restarting, wherever the query was. Each request's
    writes are one transaction, so nothing was half-saved and trying again is safe.

    Rendered without the request, so no context processor runs: whatever broke
    (the database, the session store, a context processor) cannot break this page too.
    """
    if database_unavailable(sys.exception()):
        return HttpResponse(
            error_page("503.html"),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return HttpResponseServerError(error_page("500.html"))


def bad_request(request, exception):
    """The 400 page, rendered without the request like the 500 page.

    Django's own handler first runs the CSRF check, which reads the request body again:
    a body that could not be read the first time (a form in another charset) raised
    again inside the handler, and the visitor got the 500 page instead.
    """
    return HttpResponseBadRequest(error_page("400.html"))


def error_page(template_name: str) -> str:
    # templates/error_base.html reads nothing but the clinic's details.
    return render_to_string(template_name, {"clinic": settings.CLINIC})
