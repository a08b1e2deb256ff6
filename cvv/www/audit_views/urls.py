from django.urls import path

from cvv.www.audit_views import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("objet/<int:content_type_id>/<str:object_id>/", views.object_entries, name="object"),
    path("personne/<int:user_id>/", views.person_entries, name="person"),
]
