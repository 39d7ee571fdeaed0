from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, ListView

from editorial.views import PublishedPageMixin
from genesis_site.client import client_address
from genesis_site.seo import PageMeta
from genesis_site.views import BreadcrumbsMixin, PageMetaMixin
from therapies import services, structured_data
from therapies.forms import HelpfulForm
from therapies.models import Therapy, published_therapies


class TherapyListView(BreadcrumbsMixin, PageMetaMixin, ListView):
    template_name = "therapies/therapy_list.html"
    context_object_name = "therapy_list"
    title = "Therapies we offer"

    def get_queryset(self):
        return published_therapies.all(now=timezone.now())

    def get_breadcrumbs(self):
        return [("Therapies", None)]

    def get_page_meta(self):
        return PageMeta(
            title=self.title,
            description=(
                "The targeted cancer treatments our Theranostics service offers, explained in "
                "plain English: who they are for, what happens and how to ask us about them."
            ),
            path=self.request.path,
            structured_data=structured_data.therapy_list_page(
                self.object_list, path=self.request.path, title=self.title
            ),
        )


class TherapyDetailView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    model = Therapy

    @classmethod
    def get_page_queryset(cls, pages, now):
        return pages.with_page_content()

    def get_breadcrumbs(self):
        return [("Therapies", reverse("therapies:list")), (self.object.title, None)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(feedback_form=HelpfulForm(), **kwargs)

    def get_structured_data(self):
        return structured_data.therapy_page(self.object)


def is_same_origin_post(request) -> bool:
    """Whether the browser says this POST comes from a page of this site.

    Every current browser sends Sec-Fetch-Site with a form submission, and older ones at
    least Origin; a page on another site can forge neither. This is OWASP's "Fetch
    Metadata" defence against cross-site request forgery.
    """
    if (site := request.headers.get("Sec-Fetch-Site")) is not None:
        return site == "same-origin"
    return request.headers.get("Origin") == f"{request.scheme}://{request.get_host()}"


# Protected by is_same_origin_post() instead of a CSRF token: a token in the form would set
# a cookie on every visitor to every therapy page, and a shared page cache must never store
# an answer that sets a cookie, so no therapy page could be cached.
@method_decorator(csrf_exempt, name="dispatch")
class TherapyFeedbackView(BreadcrumbsMixin, PageMetaMixin, FormView):
    """The answer to "Was this page helpful?" at the end of a therapy page (no JavaScript)."""

    form_class = HelpfulForm
    template_name = "therapies/feedback.html"
    page_title = "Was this page helpful?"
    noindex = True  # a step of the therapy page, not a page of its own

    def dispatch(self, request, *args, **kwargs):
        self.therapy = get_object_or_404(Therapy.objects.published(), slug=kwargs["slug"])
        if request.method == "POST" and not is_same_origin_post(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def page_description(self):
        return f"Tell us whether our page about {self.therapy.title} was helpful."

    def get_breadcrumbs(self):
        return [
            ("Therapies", reverse("therapies:list")),
            (self.therapy.title, self.therapy.get_absolute_url()),
            ("Feedback", None),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(therapy=self.therapy, **kwargs)

    def form_valid(self, form):
        # The address is hashed with the site's secret and kept only in the cache, for a day.
        client = salted_hmac("therapies.feedback", client_address(self.request), algorithm="sha256")
        services.feedback_record(
            therapy=self.therapy,
            helpful=form.cleaned_data["helpful"],
            client_key=client.hexdigest(),
        )
        return redirect("therapies:feedback_thanks", slug=self.therapy.slug)


class TherapyFeedbackThanksView(BreadcrumbsMixin, PageMetaMixin, DetailView):
    template_name = "therapies/feedback_thanks.html"
    context_object_name = "therapy"
    page_title = "Thank you for your feedback"
    page_description = "Thank you for telling us whether our page was helpful."
    noindex = True

    def get_queryset(self):
        return Therapy.objects.published()

    def get_breadcrumbs(self):
        return [
            ("Therapies", reverse("therapies:list")),
            (self.object.title, self.object.get_absolute_url()),
            ("Thank you", None),
        ]
