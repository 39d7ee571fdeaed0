"""Staff preview: a page's latest version at the page's own address, exactly as it will look.

``/therapies/<slug>/?preview`` shows a member of staff who may edit or publish the page its
draft (or the page itself before it is first published), with the "Preview: not published"
banner. They must be signed in as the admin asks (with ADMIN_REQUIRE_2FA, password and
authenticator code): a password alone, like everyone else and staff without ``?preview``,
gets exactly what the public sees.
"""

from functools import cached_property

from django.contrib import admin
from django.http import Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from editorial.publishing import PREVIEW_PARAMETER
from editorial.services import may
from genesis_site.queries import PreparedQuery


def next_step(user, model) -> str:
    """What the preview banner asks of this viewer for the public to see a ``model`` page:
    only what their permissions let them do."""
    may_publish = may(user, "publish", model)
    if model.needs_clinical_approval:
        if may_publish:
            return (
                "A clinical reviewer who did not make its last change approves it in the admin "
                "to show it to the public."
            )
        return (
            "Submit it for clinical review in the admin: the public sees it once a clinical "
            "reviewer approves it."
        )
    if may_publish:
        return "Publish it in the admin to show it to the public."
    return "The public sees it once someone who may publish it does so in the admin."


class PreviewMixin:
    """For a DetailView of a Publishable ``model``; override ``get_page_queryset()``.

    The public page is fetched by a query compiled once per process (a PreparedQuery):
    it depends only on the address, the clock and ``get_page_values()``.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()

    def get_page_values(self) -> dict:
        """The values besides the clock that ``get_page_queryset()`` depends on."""
        return {}

    @classmethod
    def get_page_queryset(cls, pages, now, **values):
        """``pages`` (public or preview) with what the page shows at ``now`` prefetched.

        A function of its arguments alone: the public page's query is built once.
        """
        return pages

    @classmethod
    def public_pages(cls) -> PreparedQuery:
        if "_public_pages" not in cls.__dict__:
            cls._public_pages = PreparedQuery(
                lambda slug, now, **values: cls.get_page_queryset(
                    cls.model.objects.published(now), now, **values
                ).filter(slug=slug)
            )
        return cls._public_pages

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
            pages = self.model.with_drafts.latest_versions()
        else:
            pages = self.model.objects.published(self.now)
        return self.get_page_queryset(pages, self.now, **self.get_page_values())

    def get_object(self, queryset=None):
        if queryset is not None or self.is_preview_request:
            return super().get_object(queryset)
        try:
            return self.public_pages().get(
                slug=self.kwargs[self.slug_url_kwarg], now=self.now, **self.get_page_values()
            )
        except self.model.DoesNotExist:
            raise Http404(f"No published {self.model._meta.verbose_name} here.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_live()
        # The public page's version, for {% rendered_once %}; a preview is rendered anew.
        context["content_version"] = getattr(self.object, "fetched_version", None)
        if context["is_preview"]:
            context["preview_next_step"] = next_step(self.request.user, self.model)
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_preview_request:
            # A draft must never be kept by a browser or a shared cache.
            add_never_cache_headers(response)
        return response
