from django.urls import path

from cvv.www.fonciere_views import views

app_name = "fonciere"
urlpatterns = [
    path("", views.opportunities, name="opportunities"),
    path("opportunites/nouvelle/", views.opportunity_create, name="opportunity_create"),
    path("opportunites/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path("opportunites/<int:pk>/action/<slug:name>/", views.opportunity_action,
         name="opportunity_action"),
    path("opportunites/<int:pk>/acquisition/", views.opportunity_acquire,
         name="opportunity_acquire"),
    path("baux/", views.leases, name="leases"),
    path("baux/nouveau/", views.lease_create, name="lease_create"),
    path("baux/<int:pk>/", views.lease_detail, name="lease"),
    path("baux/<int:pk>/action/<slug:name>/", views.lease_action, name="lease_action"),
]  # fmt: skip

# The chain: a commune's safeguard records, an opportunity's analysis and committee.
from cvv.www.fonciere_views import chain  # noqa: E402

urlpatterns += [
    path("communes/<str:code>/sauvegarde/", chain.safeguard, name="safeguard"),
    path("opportunites/<int:pk>/analyse/", chain.analysis, name="analysis"),
]

from cvv.www.fonciere_views import portfolio  # noqa: E402

urlpatterns += [
    path("portefeuille/", portfolio.portfolio, name="portfolio"),
    path("acquisitions/<int:pk>/", portfolio.acquisition, name="acquisition"),
]
