from django.urls import path

from cvv.www.impact_views import views

app_name = "impact"

urlpatterns = [path("", views.impact, name="impact")]
