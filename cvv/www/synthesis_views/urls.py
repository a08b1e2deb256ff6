from django.urls import path

from cvv.www.synthesis_views import views

app_name = "synthesis"

urlpatterns = [
    path("rapport-annuel/", views.annual_report, name="annual_report"),
    path("<str:code>/", views.commune_summary, name="commune"),
]
