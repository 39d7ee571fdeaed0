from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("enquiries/", include("enquiries.urls")),
    path("", include("centres.urls")),
    path("", include("therapies.urls")),
]
