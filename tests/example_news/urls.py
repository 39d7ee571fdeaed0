from django.urls import path

from tests.example_news import views

app_name = "news"

urlpatterns = [path("news/<slug:slug>/", views.NewsPageView.as_view(), name="page")]
