"""Staff preview: a page's latest version at the page's own address, exactly as it will look.

``/therapies/<slug>/?preview`` shows a member of staff who may edit or publish the page its
draft (or the page itself before it is first published), with the "Preview: not published"
banner. They must be signed in as the admin asks (with ADMIN_REQUIRE_2FA, password and
authenticator code): a password alone, like everyone else and staff without ``?preview``,
gets exactly what the public sees.
"""

from functools import cached_property

from django.contrib import admin
from django.utils.cache import add_never_cache_headers

from editorial.publishing import PREVIEW_PARAMETER
from editorial.services import may


class PreviewMixin:
    """For a DetailView of a Publishable ``model``; override ``get_page_queryset()``."""

    def get_page_queryset(self, pages):
        """``pages`` (public or preview) with what the page shows prefetched."""
        return pages

    @cached_property
    def is_preview_request(self) -> bool:
        user = self.request.user
        return (
            PREVIEW_PARAMETER in self.request.GET
            # The admin's own gate: active staff, verified by their second factor if required.
            and admin.site.has_permission(self.request)
            and (may(user, "change", self.model) or may(user, "publish", self.model))
        )

    def get_queryset(self):
        if self.is_preview_request:
            return self.get_page_queryset(self.model.with_drafts.latest_versions())
        return self.get_page_queryset(self.model.objects.published())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_live()
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_preview_request:
            # A draft must never be kept by a browser or a shared cache.
            add_never_cache_headers(response)
        return response
