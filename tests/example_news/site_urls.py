"""The site's URLs with the news pages' included, as genesis_site/urls.py would include them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from genesis_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    # Made again here: genesis_site/urls.py made its admin URLs before the news admin existed.
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("tests.example_news.urls")),
    *(pattern for pattern in site_urlpatterns if getattr(pattern, "app_name", None) != "admin"),
]
