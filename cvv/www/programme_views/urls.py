from django.urls import path

from cvv.www.programme_views import views_accompaniment as acc
from cvv.www.programme_views import views_candidatures as cand
from cvv.www.programme_views import views_dashboard as dash
from cvv.www.programme_views import views_editions as ed
from cvv.www.programme_views import views_expertise as exp
from cvv.www.programme_views import views_help as aide
from cvv.www.programme_views import views_notifications as notif
from cvv.www.programme_views import views_plan as plan
from cvv.www.programme_views import views_selection as sel
from cvv.www.programme_views import views_toolbox as tool

app_name = "programme"
urlpatterns = [
    path("", cand.home, name="home"),
    # Editions, calls for applications, candidatures
    path("editions/", cand.editions, name="editions"),
    path("editions/nouvelle/", ed.edition_edit, name="edition_create"),
    path("editions/<int:number>/", cand.edition, name="edition"),
    path("editions/<int:number>/modifier/", ed.edition_edit, name="edition_edit"),
    path("editions/<int:number>/questions/", ed.question_add, name="question_add"),
    path(
        "editions/<int:number>/questions/<int:pk>/retirer/",
        ed.question_delete,
        name="question_delete",
    ),
    path("editions/<int:number>/criteres/", ed.criterion_add, name="criterion_add"),
    path(
        "editions/<int:number>/criteres/<int:pk>/retirer/",
        ed.criterion_delete,
        name="criterion_delete",
    ),
    path("editions/<int:number>/etat/", cand.edition_transition, name="edition_transition"),
    path(
        "editions/<int:number>/candidater/<str:code>/",
        cand.candidature_start,
        name="candidature_start",
    ),
    path("editions/<int:number>/classement/", sel.ranking, name="ranking"),
    path("candidatures/", cand.candidatures, name="candidatures"),
    path("candidatures/<int:pk>/", cand.candidature, name="candidature"),
    path("candidatures/<int:pk>/modifier/", cand.candidature_edit, name="candidature_edit"),
    path("candidatures/<int:pk>/deposer/", cand.candidature_submit, name="candidature_submit"),
    path("candidatures/<int:pk>/retirer/", cand.candidature_withdraw, name="candidature_withdraw"),
    path(
        "candidatures/<int:pk>/instruction/",
        cand.candidature_instruct,
        name="candidature_instruct",
    ),
    path("candidatures/<int:pk>/evaluation/", sel.review, name="review"),
    path("candidatures/<int:pk>/evaluation/remettre/", sel.review_submit, name="review_submit"),
    path("candidatures/<int:pk>/evaluation/rouvrir/", sel.review_reopen, name="review_reopen"),
    path("candidatures/<int:pk>/decision/", sel.decide, name="decide"),
    # Accompaniments
    path("accompagnements/", acc.accompaniments, name="accompaniments"),
    path("accompagnements/<int:pk>/", acc.accompaniment, name="accompaniment"),
    path("accompagnements/<int:pk>/phase/", acc.phase_advance, name="phase_advance"),
    path("accompagnements/<int:pk>/plan.<str:fmt>", acc.plan_export, name="plan_export"),
    path(
        "accompagnements/<int:pk>/etat/",
        acc.accompaniment_transition,
        name="accompaniment_transition",
    ),
    path("accompagnements/<int:pk>/equipe/", acc.team_add, name="team_add"),
    path(
        "accompagnements/<int:pk>/equipe/<int:member_pk>/retirer/",
        acc.team_remove,
        name="team_remove",
    ),
    path("accompagnements/<int:pk>/jalons/", acc.milestone_create, name="milestone_create"),
    path(
        "accompagnements/<int:pk>/jalons/<int:milestone_pk>/",
        acc.milestone_toggle,
        name="milestone_toggle",
    ),
    path("accompagnements/<int:pk>/livrables/", acc.deliverable_create, name="deliverable_create"),
    path(
        "accompagnements/<int:pk>/livrables/<int:deliverable_pk>/version/",
        acc.deliverable_version,
        name="deliverable_version",
    ),
    path("accompagnements/<int:pk>/messages/", acc.message_post, name="message_post"),
    path("accompagnements/<int:pk>/actions/nouvelle/", plan.action_create, name="action_create"),
    path("accompagnements/<int:pk>/reunions/nouvelle/", plan.meeting_create, name="meeting_create"),
    path(
        "accompagnements/<int:pk>/recommandations/nouvelle/",
        plan.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "accompagnements/<int:pk>/expertises/nouvelle/",
        exp.expertise_create,
        name="expertise_create",
    ),
    path("actions/<int:pk>/", plan.action, name="action"),
    path("actions/<int:pk>/statut/", plan.action_transition, name="action_transition"),
    path("reunions/<int:pk>/", plan.meeting, name="meeting"),
    path("reunions/<int:pk>/decisions/", plan.meeting_decision, name="meeting_decision"),
    path(
        "recommandations/<int:pk>/statut/",
        plan.recommendation_transition,
        name="recommendation_transition",
    ),
    path("expertises/", exp.expertise_list, name="expertise_list"),
    path("expertises/<int:pk>/", exp.expertise, name="expertise"),
    path("expertises/<int:pk>/etat/", exp.expertise_transition, name="expertise_transition"),
    # Help requests to the Métropole (any commune, accompanied or not)
    path("aide/", aide.help_requests, name="help_requests"),
    path("aide/demander/", aide.help_request_create, name="help_request_create"),
    path("aide/<int:pk>/", aide.help_request, name="help_request"),
    path("aide/<int:pk>/message/", aide.help_message_post, name="help_message_post"),
    path("aide/<int:pk>/etat/", aide.help_request_transition, name="help_request_transition"),
    # Staff dashboard, reminders
    path("pilotage/", dash.dashboard, name="dashboard"),
    path("pilotage/export.<str:fmt>", dash.dashboard_export, name="dashboard_export"),
    path("relances/", dash.reminder_preferences, name="reminder_preferences"),
    path("relances/lues/", notif.notifications_read, name="notifications_read"),
    path("notifications/", notif.notifications, name="notifications"),
    path("notifications/<int:pk>/lue/", notif.notification_read, name="notification_read"),
    path("notifications/<int:pk>/ouvrir/", notif.notification_open, name="notification_open"),
    # Toolbox
    path("boite-a-outils/", tool.toolbox, name="toolbox"),
    path("boite-a-outils/nouvelle/", tool.resource_edit, name="resource_create"),
    path("boite-a-outils/<int:pk>/", tool.resource, name="resource"),
    path("boite-a-outils/<int:pk>/modifier/", tool.resource_edit, name="resource_edit"),
    path(
        "boite-a-outils/<int:pk>/publication/",
        tool.resource_transition,
        name="resource_transition",
    ),
    path("boite-a-outils/<int:pk>/relecture/", tool.resource_reviewed, name="resource_reviewed"),
    path("boite-a-outils/<int:pk>/pieces/", tool.attachment_add, name="attachment_add"),
    path("boite-a-outils/<int:pk>/favori/", tool.bookmark, name="bookmark"),
    path(
        "boite-a-outils/pieces/<int:pk>/",
        tool.attachment_download,
        name="attachment_download",
    ),
]
