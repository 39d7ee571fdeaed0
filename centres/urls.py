from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    path("centres/", views.CentreListView.as_view(), name="list"),
    path("centres/<slug:slug>/", views.CentreDetailView.as_view(), name="detail"),
    path("specialists/", views.SpecialistListView.as_view(), name="specialist_list"),
    path(
        "specialists/<slug:slug>/",
        views.SpecialistDetailView.as_view(),
        name="specialist_detail",
    ),
]
