from django.urls import path

from aftercare import views

app_name = "aftercare"

# The treatment date is in the query string only: the server log leaves query strings out.
urlpatterns = [
    path("therapies/<slug:slug>/after-treatment/", views.PlanView.as_view(), name="plan"),
    path(
        "therapies/<slug:slug>/after-treatment/calendar.ics",
        views.CalendarView.as_view(),
        name="calendar",
    ),
    path(
        "therapies/<slug:slug>/after-treatment/travel-card/",
        views.TravelCardView.as_view(),
        name="travel_card",
    ),
]
