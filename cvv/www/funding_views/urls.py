from django.urls import path

from cvv.www.funding_views import (
    committee,
    dashboard,
    dossiers,
    external,
    instruction,
    letters,
    payments,
    queues,
    reglements,
)

app_name = "fimacs"
urlpatterns = [
    path("", dossiers.dossier_list, name="dossiers"),
    path("nouveau/", dossiers.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/modifier/", dossiers.dossier_edit, name="dossier_edit"),
    path("dossiers/<int:pk>/apercu/", dossiers.dossier_preview, name="dossier_preview"),
    path("dossiers/<int:pk>/pieces/", dossiers.dossier_attach, name="dossier_attach"),
    path(
        "dossiers/<int:pk>/pieces/<int:attachment_pk>/retirer/",
        dossiers.dossier_detach,
        name="dossier_detach",
    ),
    path(
        "dossiers/<int:pk>/commune/<slug:name>/",
        dossiers.dossier_commune_action,
        name="dossier_commune_action",
    ),
    path(
        "dossiers/<int:pk>/instruction/<slug:name>/",
        instruction.dossier_instruct,
        name="dossier_instruct",
    ),
    path("dossiers/<int:pk>/avis/", instruction.opinion_request, name="opinion_request"),
    path(
        "dossiers/<int:pk>/avis-exterieur/",
        external.external_opinion_request,
        name="external_opinion_request",
    ),
    path(
        "dossiers/<int:pk>/file/<slug:action>/", queues.dossier_queue_action, name="dossier_queue"
    ),
    path("dossiers/<int:pk>/notes/", instruction.annotation_add, name="annotation_add"),
    path("dossiers/<int:pk>/messages/", instruction.message_post, name="message_post"),
    path(
        "dossiers/<int:pk>/convention/generer/",
        committee.convention_generate,
        name="convention_generate",
    ),
    path("dossiers/<int:pk>/convention/signer/", committee.convention_sign, name="convention_sign"),
    path(
        "dossiers/<int:pk>/convention.odt",
        committee.convention_download,
        name="convention_download",
    ),
    path("dossiers/<int:pk>/convention.pdf", letters.convention_pdf, name="convention_pdf"),
    path(
        "dossiers/<int:pk>/lettre-de-decision/generer/",
        letters.decision_letter_generate,
        name="decision_letter_generate",
    ),
    path(
        "dossiers/<int:pk>/lettre-de-decision.odt",
        letters.decision_letter_download,
        {"fmt": "odt"},
        name="decision_letter_odt",
    ),
    path(
        "dossiers/<int:pk>/lettre-de-decision.pdf",
        letters.decision_letter_download,
        {"fmt": "pdf"},
        name="decision_letter_pdf",
    ),
    path("dossiers/<int:pk>/versements/", payments.payment_request, name="payment_request"),
    path(
        "dossiers/<int:pk>/versements/<int:payment_pk>/decision/",
        payments.payment_decide,
        name="payment_decide",
    ),
    path("avis/", instruction.opinion_list, name="opinions"),
    path("avis/<int:pk>/", instruction.opinion_detail, name="opinion"),
    path("versements/", payments.payment_list, name="payments"),
    path("budget/", payments.budget, name="budget"),
    path("comites/", committee.session_list, name="sessions"),
    path("comites/<int:pk>/", committee.session_detail, name="session"),
    path("comites/<int:pk>/ordre-du-jour/", committee.session_agenda_add, name="session_agenda"),
    path(
        "comites/<int:pk>/points/<int:item_pk>/decision/",
        committee.session_decide,
        name="session_decide",
    ),
    path("comites/<int:pk>/cloture/", committee.session_close, name="session_close"),
    path("comites/<int:pk>/proces-verbal.odt", committee.session_minutes, name="session_minutes"),
    path("comites/<int:pk>/decisions/", committee.session_decisions, name="session_decisions"),
    path("reglements/", reglements.reglement_list, name="reglements"),
    path("reglements/<slug:code>/", reglements.reglement_detail, name="reglement"),
    path("reglements/<slug:code>/deriver/", reglements.reglement_derive, name="reglement_derive"),
    path("reglements/<slug:code>/modifier/", reglements.reglement_edit, name="reglement_edit"),
    path("reglements/<slug:code>/voter/", reglements.reglement_adopt, name="reglement_adopt"),
    path("reequilibrage/", dashboard.rebalancing_view, name="rebalancing"),
    path("simulation/", dashboard.simulation, name="simulation"),
]
