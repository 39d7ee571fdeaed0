from django.urls import path

from glossary import views

app_name = "glossary"

urlpatterns = [
    path("glossary/", views.GlossaryView.as_view(), name="index"),
    path("glossary/<slug:slug>/", views.GlossaryTermView.as_view(), name="term"),
]
