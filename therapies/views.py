from django.views.generic import DetailView, ListView, TemplateView

from centres.selectors import therapy_page_prefetches
from therapies.models import Therapy


class HomeView(TemplateView):
    template_name = "therapies/home.html"


class TherapyListView(ListView):
    def get_queryset(self):
        return Therapy.objects.published()


class TherapyDetailView(DetailView):
    def get_queryset(self):
        return Therapy.objects.published().prefetch_related(*therapy_page_prefetches())


class SitePageView(TemplateView):
    template_name = "therapies/site_page.html"
