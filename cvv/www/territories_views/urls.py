from django.urls import path

from cvv.www.territories_views import views

app_name = "territories"
urlpatterns = [
    path("communes/", views.communes, name="communes"),
    path("territoire/<str:code>/", views.territoire, name="territoire"),
    path("communes/<str:code>/", views.commune, name="commune"),
    path("communes/<str:code>/fragilite/", views.commune_fragility, name="commune_fragility"),
    path("communes/<str:code>/centralites/", views.centralites, name="centralites"),
    path(
        "communes/<str:code>/centralites/nouvelle/",
        views.centralite_create,
        name="centralite_create",
    ),
    path(
        "communes/<str:code>/centralites/<int:pk>/perimetre/",
        views.centralite_upload,
        name="centralite_upload",
    ),
]
