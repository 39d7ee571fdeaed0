from django.conf import settings
from django.http import HttpResponseServerError
from django.template.loader import render_to_string
from django.urls import reverse


class BreadcrumbsMixin:
    """Give a page its breadcrumb trail, shown by base.html and sent as BreadcrumbList JSON-LD.

    Views override ``get_breadcrumbs()`` to return ``[(label, url), ...]`` after Home;
    the last item is the current page (its url may be ``None``).
    """

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        crumbs = self.get_breadcrumbs()
        context["breadcrumbs"] = [("Home", reverse("therapies:home")), *crumbs] if crumbs else []
        return context


def server_error(request):
    """The 500 page in the site's look.

    Rendered without the request, so no context processor runs: whatever broke
    (the database, the session store, a context processor) cannot break this page too.
    """
    return HttpResponseServerError(render_to_string("500.html", {"clinic": settings.CLINIC}))
