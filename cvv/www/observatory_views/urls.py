from django.urls import path

from cvv.www.observatory_views import views_public, views_staff, views_surveys

app_name = "observatory"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("tableau/", views_public.table, name="table"),
    path("communes/<str:code>/", views_public.commune, name="commune"),
    path("methodologie/", views_public.methodology, name="methodology"),
    path("sources/", views_public.sources, name="sources"),
    path("telechargements/", views_public.downloads, name="downloads"),
    path("telechargements/fichier/", views_public.download, name="download"),
    path("releves/modele.<str:fmt>", views_public.survey_template, name="survey_template"),
    path("imports/", views_staff.imports, name="imports"),
    path("imports/nouveau/", views_staff.import_new, name="import_new"),
    path("imports/<int:pk>/", views_staff.import_detail, name="import_detail"),
    path("calcul/", views_staff.compute, name="compute"),
    path("releves/", views_surveys.survey_list, name="surveys"),
    path("releves/nouveau/", views_surveys.survey_new, name="survey_new"),
    path("releves/sw.js", views_surveys.survey_service_worker, name="survey_service_worker"),
    path("releves/<int:pk>/", views_surveys.survey_detail, name="survey_detail"),
    path("releves/<int:pk>/locaux/", views_surveys.premise_add, name="premise_add"),
    path(
        "releves/<int:pk>/locaux/<int:premise_pk>/supprimer/",
        views_surveys.premise_delete,
        name="premise_delete",
    ),
    path("releves/<int:pk>/<str:name>/", views_surveys.survey_transition, name="survey_transition"),
    path(
        "communes/<str:code>/centralites/<int:pk>/tracer/",
        views_surveys.perimeter_draw,
        name="perimeter_draw",
    ),
]
