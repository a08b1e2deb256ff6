from django.urls import path

from cvv.www.accounts_views import proconnect, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", proconnect.logout, name="logout"),
    path("proconnect/", proconnect.ProConnectLoginView.as_view(), name="proconnect_login"),
    path(
        "proconnect/retour/",
        proconnect.ProConnectCallbackView.as_view(),
        name="proconnect_callback",
    ),
    path("proconnect/deconnecte/", proconnect.logout_done, name="proconnect_logout_done"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profil/", views.profile, name="profile"),
    path("profil/titre/", views.role_form_update, name="role_form"),
    path("jetons/nouveau/", views.token_create, name="token_create"),
    path("jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
]
