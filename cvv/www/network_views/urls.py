from django.urls import path

from cvv.www.network_views import views, views_advice, views_information, views_questions

app_name = "network"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("membres/<int:pk>/", views.profile, name="profile"),
    path("membres/<int:pk>/contacter/", views.contact_create, name="contact_create"),
    path("mon-profil/", views.my_profile, name="my_profile"),
    path("mon-profil/projets/", views.project_add, name="project_add"),
    path("mon-profil/projets/<int:pk>/retirer/", views.project_delete, name="project_delete"),
    path("qui-a-deja-fait/", views.match, name="match"),
    path("mises-en-relation/", views.contacts, name="contacts"),
    path("mises-en-relation/<int:pk>/", views.contact, name="contact"),
    path("mises-en-relation/<int:pk>/action/", views.contact_transition, name="contact_transition"),
    path("questions/", views_questions.question_list, name="questions"),
    path("questions/poser/", views_questions.question_ask, name="question_ask"),
    path("questions/<int:pk>/", views_questions.question, name="question"),
    path("questions/<int:pk>/repondre/", views_questions.answer_post, name="answer_post"),
    path("reponses/<int:pk>/retenir/", views_questions.answer_accept, name="answer_accept"),
    path(
        "reponses/<int:pk>/boite-a-outils/",
        views_questions.answer_to_resource,
        name="answer_to_resource",
    ),
    path("themes/", views_questions.topics, name="topics"),
    path("actualites/", views_information.news, name="news"),
    path("lettres/", views_information.newsletters, name="newsletters"),
    path("lettres/<int:pk>/", views_information.newsletter, name="newsletter"),
    path("lettres/<int:pk>/envoyer/", views_information.newsletter_send, name="newsletter_send"),
    path("emplois/", views_information.jobs, name="jobs"),
    path("emplois/<int:pk>/", views_information.job, name="job"),
    path("emplois/<int:pk>/retirer/", views_information.job_close, name="job_close"),
    path("conseils/", views_advice.advice_list, name="advice_list"),
    path("conseils/demander/", views_advice.advice_create, name="advice_create"),
    path("conseils/<int:pk>/", views_advice.advice, name="advice"),
    path("conseils/<int:pk>/action/", views_advice.advice_transition, name="advice_transition"),
    path("desabonnement/<str:token>/", views_information.unsubscribe, name="unsubscribe"),
]
