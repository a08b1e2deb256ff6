from django.urls import path

from cvv.www.public_views import views

app_name = "public"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("sources/", views.sources, name="sources"),
    path("accessibilite/", views.accessibility, name="accessibility"),
]
