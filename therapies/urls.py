from django.urls import path

from therapies import views

app_name = "therapies"

urlpatterns = [
    path("therapies/", views.TherapyListView.as_view(), name="list"),
    path("therapies/<slug:slug>/", views.TherapyDetailView.as_view(), name="detail"),
    path(
        "therapies/<slug:slug>/feedback/",
        views.TherapyFeedbackView.as_view(),
        name="feedback",
    ),
    path(
        "therapies/<slug:slug>/feedback/thanks/",
        views.TherapyFeedbackThanksView.as_view(),
        name="feedback_thanks",
    ),
]
