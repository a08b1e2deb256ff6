from django.urls import path

from cvv.www.premises_views import views

app_name = "premises"
urlpatterns = [
    path("", views.premises_list, name="list"),
    path("nouveau/", views.premises_create, name="create"),
    path("<int:pk>/", views.premises_detail, name="detail"),
    path("<int:pk>/modifier/", views.premises_edit, name="edit"),
    path("<int:pk>/statut/", views.premises_status, name="status"),
]
