from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("enquiries/", include("enquiries.urls")),
    path("", include("centres.urls")),
    path("", include("therapies.urls")),
]

# 400, 403 and 404 (and CSRF failures) use Django's own views, which render
# templates/400.html, 403.html, 404.html and 403_csrf.html with the request.
handler500 = "genesis_site.views.server_error"
