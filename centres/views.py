import functools

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from centres import structured_data
from centres.forms import CentreSearchForm
from centres.models import Centre, Specialist, exceptions_from
from centres.selectors import CentreSearch, centres_search, with_distances
from editorial.views import PublishedPageMixin
from genesis_site.queries import PreparedQuery
from genesis_site.views import BreadcrumbsMixin, PageMetaMixin


class CentreListView(BreadcrumbsMixin, PageMetaMixin, ListView):
    template_name = "centres/centre_list.html"
    context_object_name = "centres"
    page_title = "Our centres"

    # Most visits ask for every centre: that query is compiled once per process.
    every_centre = PreparedQuery(
        lambda now, exceptions_since: Centre.objects.published(now).for_listing(
            exceptions_since, now
        )
    )

    def get_queryset(self):
        self.now = timezone.now()
        self.form = CentreSearchForm(self.request.GET or None)
        exceptions_since = exceptions_from(self.now)
        if self.form.is_filtering:
            self.search = centres_search(
                Centre.objects.published(self.now).for_listing(exceptions_since, self.now),
                therapy=self.form.chosen_therapy,
                text=self.form.text,
            )
        else:
            every_centre = self.every_centre.all(now=self.now, exceptions_since=exceptions_since)
            self.search = CentreSearch(with_distances(every_centre))
        return self.search.centres

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for centre in context["centres"]:
            centre.status = centre.opening_status(self.now)
        context["form"] = self.form
        context["search"] = self.search
        # Every centre, as fetched and as open now, for {% rendered_once %}; a search's
        # answer is rendered anew.
        context["content_version"] = (
            None
            if self.form.is_filtering
            else tuple((centre.fetched_version, centre.status) for centre in context["centres"])
        )
        return context

    @property
    def page_description(self):
        return (
            f"Where you can be treated by {settings.CLINIC['service_name']}: addresses, phone "
            "numbers, opening hours and the therapies each centre offers."
        )

    def get_breadcrumbs(self):
        return [("Our centres", None)]


class CentreDetailView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    model = Centre
    context_object_name = "centre"
    og_type = "website"

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
            specialists = Specialist.objects.published(self.now).filter(centres=centre.draft_of_id)
        return super().get_context_data(
            status=centre.opening_status(self.now),
            # Worked out only when the page's content is rendered, not when it is reused.
            week=functools.partial(centre.week, self.now),
            upcoming_exceptions=functools.partial(centre.upcoming_exceptions, self.now),
            specialists=specialists,
            **kwargs,
        )

    def get_page_title(self):
        return self.object.name

    def get_page_description(self):
        address = ", ".join(self.object.address_lines)
        return (
            f"{self.object.name}, {address}: opening hours, how to get here, therapies and "
            "specialists."
        )

    def get_breadcrumbs(self):
        return [("Our centres", reverse("centres:list")), (self.object.name, None)]

    def get_structured_data(self):
        return structured_data.medical_clinic(self.object, self.now)


class SpecialistListView(BreadcrumbsMixin, PageMetaMixin, ListView):
    template_name = "centres/specialist_list.html"
    context_object_name = "specialists"
    page_title = "Our specialists"

    @property
    def page_description(self):
        return (
            "The consultants and clinicians who treat patients at "
            f"{settings.CLINIC['service_name']}."
        )

    every_specialist = PreparedQuery(lambda now: Specialist.objects.published(now).for_listing(now))

    def get_queryset(self):
        return self.every_specialist.all(now=timezone.now())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Every specialist as fetched, for {% rendered_once %}.
        context["content_version"] = tuple(
            specialist.fetched_version for specialist in context["specialists"]
        )
        return context

    def get_breadcrumbs(self):
        return [("Our specialists", None)]


class SpecialistDetailView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    model = Specialist
    context_object_name = "specialist"
    og_type = "profile"

    @classmethod
    def get_page_queryset(cls, pages, now):
        return pages.for_listing(now)

    def get_breadcrumbs(self):
        return [
            ("Our specialists", reverse("centres:specialist_list")),
            (self.object.full_name, None),
        ]

    def get_page_title(self):
        return f"{self.object.full_name}, {self.object.role}"

    def get_structured_data(self):
        return structured_data.physician(self.object)
