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
    path("portefeuille/objectifs/", portfolio.portfolio_targets, name="portfolio_targets"),
    path("acquisitions/<int:pk>/", portfolio.acquisition, name="acquisition"),
    path("echeances/", portfolio.calendar, name="calendar"),
]

# Rent collection (cvv/www/fonciere_views/collection_views.py).
from cvv.www.fonciere_views import collection_views as collection  # noqa: E402

urlpatterns += [
    path("baux/<int:pk>/franchises/", collection.lease_adjustment, name="lease_adjustment"),
    path("baux/<int:pk>/charges/", collection.lease_charges, name="lease_charges"),
    path("baux/<int:pk>/depot/", collection.lease_deposit, name="lease_deposit"),
    path("appels/<int:pk>/avis.pdf", collection.call_notice, name="call_notice"),
    path("appels/<int:pk>/avis.odt", collection.call_notice_odt, name="call_notice_odt"),
    path("appels/<int:pk>/quittance.pdf", collection.call_receipt, name="call_receipt"),
    path("appels/<int:pk>/relance/", collection.call_reminder, name="call_reminder"),
    path("relances/<int:pk>/lettre.pdf", collection.reminder_letter, name="reminder_letter"),
    path("impayes/", collection.arrears, name="arrears"),
    path("releves/", collection.bank_statements, name="bank_statements"),
    path("releves/<int:pk>/", collection.bank_statement, name="bank_statement"),
    path(
        "releves/lignes/<int:pk>/rapprocher/", collection.bank_line_assign, name="bank_line_assign"
    ),
]
