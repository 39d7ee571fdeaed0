from django.urls import path

from enquiries import views

app_name = "enquiries"

urlpatterns = [
    path("new/", views.EnquiryCreateView.as_view(), name="create"),
    path("sent/", views.EnquirySentView.as_view(), name="sent"),
    path("answered/<str:token>/", views.SatisfactionView.as_view(), name="satisfaction"),
]
