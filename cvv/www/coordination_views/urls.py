from django.urls import path

from cvv.www.coordination_views import views

app_name = "coordination"

urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("programmes/nouveau/", views.programme_edit, name="programme_new"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/modifier/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_pk>/appels/nouveau/", views.call_edit, name="call_new"),
    path("programmes/<int:programme_pk>/appels/<int:pk>/", views.call_edit, name="call_edit"),
    path(
        "programmes/<int:programme_pk>/appels/<int:pk>/supprimer/",
        views.call_delete,
        name="call_delete",
    ),
    path("calendrier/", views.calendar, name="calendar"),
    path("participations/", views.participation_list, name="participations"),
    path("participations/nouvelle/", views.participation_edit, name="participation_new"),
    path("participations/<int:pk>/", views.participation_edit, name="participation_edit"),
    path(
        "participations/<int:pk>/supprimer/",
        views.participation_delete,
        name="participation_delete",
    ),
    path("participations/importer/", views.participation_import, name="participation_import"),
    path("participations/modele/", views.participation_template, name="participation_template"),
    path("orientations/", views.referral_list, name="referrals"),
    path("orientations/nouvelle/", views.referral_new, name="referral_new"),
    path("orientations/<int:pk>/", views.referral_detail, name="referral"),
    path(
        "orientations/<int:pk>/<slug:name>/",
        views.referral_transition,
        name="referral_transition",
    ),
]
