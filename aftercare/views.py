"""The aftercare planner's answers: the dated plan, its calendar file and the travel card.

The treatment date arrives in the query string of a GET (a plain form on the therapy page),
never in the path, because the server log records paths without their query strings. The
answers are worked out for the request and forgotten: nothing is stored, and every answer
tells browsers and caches not to keep it (``Cache-Control: no-store, private``).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import TemplateView, View

from aftercare.forms import TreatmentDateForm
from aftercare.ics import plan_calendar
from aftercare.planner import plan_for
from genesis_site.seo import PageMeta
from genesis_site.views import BreadcrumbsMixin
from therapies.models import Therapy


class PlannerMixin:
    """The published therapy named in the URL (with its steps) and the date form."""

    def dispatch(self, request, *args, **kwargs):
        therapies = Therapy.objects.published().prefetch_related("aftercare_steps")
        self.therapy = get_object_or_404(therapies, slug=kwargs["slug"])
        if not self.therapy.aftercare_steps.all():
            raise Http404("This therapy has no aftercare planner.")
        self.form = TreatmentDateForm(request.GET or None)
        self.plan = (
            plan_for(self.therapy, self.form.cleaned_data["treated_on"])
            if self.form.is_valid()
            else None
        )
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def url_with_date(self, name: str) -> str:
        """The planner's page ``name`` for the same date (the query string as sent)."""
        url = reverse(f"aftercare:{name}", kwargs={"slug": self.therapy.slug})
        return f"{url}?{self.request.GET.urlencode()}" if self.request.GET else url

    def plan_url(self) -> str:
        """The plan page with the same date, which says what is wrong with it, if anything."""
        return self.url_with_date("plan")


class PlanView(PlannerMixin, BreadcrumbsMixin, TemplateView):
    template_name = "aftercare/plan.html"

    def get_breadcrumbs(self):
        return [
            ("Therapies", reverse("therapies:list")),
            (self.therapy.title, self.therapy.get_absolute_url()),
            ("Your dates after treatment", None),
        ]

    def get_context_data(self, **kwargs):
        title = "Your dates after treatment"
        return super().get_context_data(
            therapy=self.therapy,
            form=self.form,
            plan=self.plan,
            title=title,
            calendar_url=self.url_with_date("calendar"),
            travel_card_url=self.url_with_date("travel_card"),
            page_meta=PageMeta(
                title=f"{title}: {self.therapy.title}",
                description=(
                    f"Enter the date of your {self.therapy.title} to see the dates of your "
                    "precautions, blood tests and next treatment."
                ),
                path=self.request.path,
                noindex=True,
            ),
            **kwargs,
        )


class CalendarView(PlannerMixin, View):
    """The plan as an .ics file of all-day events, to import into a calendar app."""

    def get(self, request, *args, **kwargs):
        if self.plan is None:
            return redirect(self.plan_url())
        return HttpResponse(
            plan_calendar(self.plan, now=timezone.now()),
            content_type="text/calendar; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="after-{self.therapy.slug}.ics"'
            },
        )


class TravelCardView(PlannerMixin, BreadcrumbsMixin, TemplateView):
    """A card to print and carry: radiation detectors at airports may pick up the treatment."""

    template_name = "aftercare/travel_card.html"

    def get(self, request, *args, **kwargs):
        if self.plan is None or self.plan.travel_card_until is None:
            return redirect(self.plan_url())
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            ("Therapies", reverse("therapies:list")),
            (self.therapy.title, self.therapy.get_absolute_url()),
            ("Your dates after treatment", self.plan_url()),
            ("Travel card", None),
        ]

    def get_context_data(self, **kwargs):
        title = "Your travel card"
        return super().get_context_data(
            therapy=self.therapy,
            plan=self.plan,
            title=title,
            plan_url=self.plan_url(),
            page_meta=PageMeta(
                title=f"{title}: {self.therapy.title}",
                description="A card to print and carry when you travel after your treatment.",
                path=self.request.path,
                noindex=True,
            ),
            **kwargs,
        )
