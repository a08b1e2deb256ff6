from django.urls import path

from cvv.www.organisations_views import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/inviter/", views.member_invite, name="invite"),
]
