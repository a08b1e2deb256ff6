from django.urls import path

from cvv.www.documents_views import views

app_name = "documents"
urlpatterns = [
    path("communes/<str:code>/", views.vault, name="vault"),
    path("<int:pk>/telecharger/", views.download, name="download"),
]
