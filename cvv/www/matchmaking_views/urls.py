from django.urls import path

from cvv.www.matchmaking_views import (
    views,
    views_directory,
    views_introductions,
    views_photos,
    views_proposals,
)

app_name = "matchmaking"
urlpatterns = [
    path("", views.offers_public, name="public"),
    path("locaux/<int:pk>/", views.offer_public, name="public_offer"),
    path(
        "locaux/<int:pk>/photos/<int:document_pk>/",
        views_photos.offer_photo,
        name="public_offer_photo",
    ),
    path("offres/", views.offers, name="offers"),
    path("offres/nouvelle/", views.offer_create, name="offer_create"),
    path("offres/<int:pk>/", views.offer_detail, name="offer"),
    path("offres/<int:pk>/<slug:action>/", views.offer_transition, name="offer_transition"),
    path("recherches/", views.searches, name="searches"),
    path("recherches/nouvelle/", views.search_create, name="search_create"),
    path("recherches/<int:pk>/", views.search_detail, name="search"),
    path("recherches/<int:pk>/<slug:action>/", views.search_transition, name="search_transition"),
    path(
        "recherches/<int:pk>/offres/<int:offer_pk>/mise-en-relation/",
        views.introduction_request,
        name="introduction_request",
    ),
    path(
        "recherches/<int:pk>/offres/<int:offer_pk>/ecarter/",
        views_introductions.search_dismiss,
        name="search_dismiss",
    ),
    path(
        "offres/<int:pk>/recherches/<int:search_pk>/ecarter/",
        views_introductions.offer_dismiss,
        name="offer_dismiss",
    ),
    path("rapprochements-ecartes/", views_introductions.dismissed, name="dismissed"),
    path("resultats/", views_introductions.results_page, name="results"),
    path("mises-en-relation/", views_introductions.introductions, name="introductions"),
    path(
        "mises-en-relation/<int:pk>/",
        views_introductions.introduction_detail,
        name="introduction",
    ),
    path(
        "mises-en-relation/<int:pk>/messages/",
        views_introductions.introduction_message,
        name="introduction_message",
    ),
    path(
        "mises-en-relation/<int:pk>/<slug:action>/",
        views_introductions.introduction_transition,
        name="introduction_transition",
    ),
    path("annuaire/", views_directory.directory, name="directory"),
    path("annuaire/ma-fiche/", views_directory.profile_edit, name="profile_edit"),
    path("annuaire/ma-fiche/supprimer/", views_directory.profile_delete, name="profile_delete"),
    path("annuaire/mes-donnees/", views_directory.my_data, name="my_data"),
    path("inscription/", views_directory.register, name="register"),
    path("annuaire/mon-compte/supprimer/", views_directory.account_delete, name="account_delete"),
    path(
        "annuaire/<int:pk>/<slug:action>/",
        views_directory.profile_transition,
        name="profile_transition",
    ),
    path("communes/<str:code>/activites/", views.wanted, name="wanted"),
    path("propositions/", views_proposals.proposal_list, name="proposals"),
    path("propositions/nouvelle/", views_proposals.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/", views_proposals.proposal_detail, name="proposal"),
    path("propositions/<int:pk>/modifier/", views_proposals.proposal_edit, name="proposal_edit"),
    path(
        "propositions/<int:pk>/<slug:action>/",
        views_proposals.proposal_transition,
        name="proposal_transition",
    ),
]
