from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from genesis_site import views

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("enquiries/", include("enquiries.urls")),
    path("", include("centres.urls")),
    path("", include("therapies.urls")),
    path("", include("aftercare.urls")),
    path("", include("glossary.urls")),
    # Last: its /<slug>/ route would hide any route after it.
    path("", include("pages.urls")),
]

# Uploaded photos: served by Django in development only (static() is empty when DEBUG is off).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# 400, 403 and 404 (and CSRF failures) use Django's own views, which render
# templates/400.html, 403.html, 404.html and 403_csrf.html with the request.
handler500 = "genesis_site.views.server_error"
