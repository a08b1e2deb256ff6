from django.urls import path

from cvv.www.letters_views import views

app_name = "letters"
urlpatterns = [
    path("", views.template_list, name="list"),
    path("documents/<int:pk>/convertir/", views.letter_retry, name="retry"),
    path("<str:kind>/", views.template_detail, name="detail"),
    path("<str:kind>/retablir/", views.template_restore, name="restore"),
    path("<str:kind>/modele.odt", views.template_download, name="download"),
    path("<str:kind>/versions/<int:version>.odt", views.template_download, name="download_version"),
    path("<str:kind>/apercu.odt", views.template_preview, name="preview"),
]
