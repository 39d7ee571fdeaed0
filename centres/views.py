from django.views.generic import DetailView, ListView

from centres.models import Centre


class CentreListView(ListView):
    def get_queryset(self):
        return Centre.objects.active()


class CentreDetailView(DetailView):
    def get_queryset(self):
        return Centre.objects.active()
