from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Last in genesis_site/urls.py: any other route wins over a page's address.
    path("<slug:slug>/", views.SitePageView.as_view(), name="page"),
]
