from django.urls import path

from cvv.www.dashboard_views import views

app_name = "dashboard"
urlpatterns = [path("", views.home, name="home")]
