from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from centres import structured_data
from centres.forms import CentreSearchForm
from centres.models import Centre, Specialist, exceptions_from
from editorial.preview import PreviewMixin
from genesis_site.queries import PreparedQuery
from genesis_site.views import BreadcrumbsMixin


class StructuredDataMixin(BreadcrumbsMixin):
    """Adds ``structured_data``: the page's own JSON-LD objects (base.html adds the breadcrumbs)."""

    def get_structured_data(self) -> list[dict]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = self.get_structured_data()
        return context


class CentreListView(StructuredDataMixin, ListView):
    template_name = "centres/centre_list.html"
    context_object_name = "centres"

    # Most visits ask for every centre: that query is compiled once per process.
    every_centre = PreparedQuery(
        lambda now, exceptions_since: Centre.objects.active(now).for_listing(exceptions_since, now)
    )

    def get_queryset(self):
        self.now = timezone.now()
        self.form = CentreSearchForm(self.request.GET or None)
        if not self.form.is_filtering:
            return self.every_centre.all(now=self.now, exceptions_since=exceptions_from(self.now))
        centres = Centre.objects.active(self.now).for_listing(exceptions_from(self.now), self.now)
        return self.form.filter(centres)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for centre in context["centres"]:
            centre.status = centre.opening_status(self.now)
        context["form"] = self.form
        return context

    def get_breadcrumbs(self):
        return [("Our centres", None)]


class CentreDetailView(PreviewMixin, StructuredDataMixin, DetailView):
    model = Centre
    context_object_name = "centre"

    def get_page_values(self):
        return {"exceptions_since": exceptions_from(self.now)}

    @classmethod
    def get_page_queryset(cls, pages, now, exceptions_since):
        return pages.for_detail(exceptions_since, now)

    def get_context_data(self, **kwargs):
        centre = self.object
        specialists = centre.specialists.all()  # prefetched: those the public sees
        if centre.is_draft_copy:
            # Specialists link to the live centre: a draft's preview shows them from there.
            specialists = Specialist.objects.active(self.now).filter(centres=centre.draft_of_id)
        return super().get_context_data(
            status=centre.opening_status(self.now),
            week=centre.week(self.now),
            upcoming_exceptions=centre.upcoming_exceptions(self.now),
            specialists=specialists,
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [("Our centres", reverse("centres:list")), (self.object.name, None)]

    def get_structured_data(self):
        return [structured_data.medical_clinic(self.object, self.now)]


class SpecialistListView(StructuredDataMixin, ListView):
    template_name = "centres/specialist_list.html"
    context_object_name = "specialists"

    every_specialist = PreparedQuery(lambda now: Specialist.objects.active(now).for_listing(now))

    def get_queryset(self):
        return self.every_specialist.all(now=timezone.now())

    def get_breadcrumbs(self):
        return [("Our specialists", None)]


class SpecialistDetailView(PreviewMixin, StructuredDataMixin, DetailView):
    model = Specialist
    context_object_name = "specialist"

    @classmethod
    def get_page_queryset(cls, pages, now):
        return pages.for_listing(now)

    def get_breadcrumbs(self):
        return [
            ("Our specialists", reverse("centres:specialist_list")),
            (self.object.full_name, None),
        ]

    def get_structured_data(self):
        return [structured_data.physician(self.object)]
