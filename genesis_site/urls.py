import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve

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
    path("search/", include("search.urls")),
    path("", include("centres.urls")),
    path("", include("therapies.urls")),
    # Last: its /<slug>/ route would hide any route after it.
    path("", include("pages.urls")),
]

# Uploaded photos, with DEBUG off too (Django's static() helper serves them only in debug).
# serve() refuses paths outside MEDIA_ROOT and lists no folders; with SERVE_MEDIA off the
# reverse proxy serves MEDIA_ROOT instead (README "Running in production").
if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# 403 and 404 (and CSRF failures) use Django's own views, which render
# templates/403.html, 404.html and 403_csrf.html with the request.
handler400 = "genesis_site.views.bad_request"
handler500 = "genesis_site.views.server_error"
