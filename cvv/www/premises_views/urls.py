from django.urls import path

from cvv.www.premises_views import pieces, views

app_name = "premises"
urlpatterns = [
    path("", views.premises_list, name="list"),
    path("nouveau/", views.premises_create, name="create"),
    path("<int:pk>/", views.premises_detail, name="detail"),
    path("<int:pk>/modifier/", views.premises_edit, name="edit"),
    path("<int:pk>/statut/", views.premises_status, name="status"),
    path("<int:pk>/pieces/<slug:slot>/", pieces.premises_piece, name="piece"),
    path(
        "<int:pk>/pieces/<int:piece_pk>/retirer/",
        pieces.premises_piece_remove,
        name="piece_remove",
    ),
]
