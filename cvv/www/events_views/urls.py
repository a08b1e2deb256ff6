from django.urls import path

from cvv.www.events_views import views_jury as jury
from cvv.www.events_views import views_person as person
from cvv.www.events_views import views_public as public
from cvv.www.events_views import views_staff as staff

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("calendrier.ics", public.feed, name="feed"),
    path("nouveau/", staff.event_edit, name="new"),
    path("mes-inscriptions/", public.mine, name="mine"),
    path("palmares/", staff.laureates, name="laureates"),
    path("attestations/verifier/", public.verify, name="verify"),
    path("documents/<int:pk>/", public.session_document, name="session_document"),
    path("inscription/<str:token>/", public.registration, name="registration"),
    path("inscription/<str:token>/questionnaire/", public.survey_form, name="survey"),
    path("inscription/<str:token>/attestation.pdf", public.certificate, name="certificate"),
    path("inscription/<str:token>/badge.pdf", person.badge, name="badge"),
    path("inscription/<str:token>/code-qr.svg", person.qr_code, name="qr_code"),
    path("inscription/<str:token>/confirmer/", person.confirm_offer, name="confirm_offer"),
    path("inscription/<str:token>/ateliers/", person.choose_workshops, name="workshops"),
    path("candidatures/<int:pk>/notation/", jury.jury_score, name="jury_score"),
    path("candidatures/<int:pk>/<slug:name>/", staff.nomination_transition,
         name="nomination_transition"),
    path("<slug:slug>/", public.event_detail, name="detail"),
    path("<slug:slug>/modifier/", staff.event_edit, name="edit"),
    path("<slug:slug>/programme/", staff.programme_edit, name="programme"),
    path("<slug:slug>/agenda.ics", public.event_ics, name="ics"),
    path("<slug:slug>/inscription/", public.register, name="register"),
    path("<slug:slug>/etat/<slug:name>/", staff.event_transition, name="event_transition"),
    path("<slug:slug>/inscrits/", staff.registrations, name="registrations"),
    path("<slug:slug>/inscrits/<int:pk>/<slug:name>/", staff.registration_transition,
         name="registration_transition"),
    path("<slug:slug>/satisfaction/", staff.survey_results, name="survey_results"),
    path("<slug:slug>/accueil/", staff.check_in, name="check_in"),
    path("<slug:slug>/badges.pdf", staff.badges_pdf, name="badges"),
    path("<slug:slug>/lots/", staff.batch_request, name="batch_request"),
    path("<slug:slug>/supports/", staff.session_documents, name="session_documents"),
    path("<slug:slug>/supports/<int:pk>/retirer/", staff.session_document_remove,
         name="session_document_remove"),
    path("<slug:slug>/lots/<int:pk>/", staff.batch_status, name="batch_status"),
    path("<slug:slug>/lots/<int:pk>/fichier/", staff.batch_file, name="batch_file"),
    path("<slug:slug>/prix/<int:pk>/candidater/", staff.nominate, name="nominate"),
    path("<slug:slug>/candidatures/", staff.nominations, name="nominations"),
    path("<slug:slug>/prix/<int:pk>/jury/", jury.jury_setup, name="jury"),
]  # fmt: skip
