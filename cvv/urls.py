from django.contrib import admin
from django.urls import include, path

from cvv.api.urls import api

urlpatterns = [
    path("", include("cvv.www.public_views.urls")),
    path("compte/", include("cvv.www.accounts_views.urls")),
    path("tableau-de-bord/", include("cvv.www.dashboard_views.urls")),
    path("territoires/", include("cvv.www.territories_views.urls")),
    path("organisations/", include("cvv.www.organisations_views.urls")),
    path("journal/", include("cvv.www.audit_views.urls")),
    path("observatoire/", include("cvv.www.observatory_views.urls")),
    path("documents/", include("cvv.www.documents_views.urls")),
    path("modeles-de-documents/", include("cvv.www.letters_views.urls")),
    path("programme/", include("cvv.www.programme_views.urls")),
    path("fimacs/", include("cvv.www.funding_views.urls")),
    path("avis-exterieur/", include("cvv.www.funding_views.external")),
    path("evenements/", include("cvv.www.events_views.urls")),
    path("coordination/", include("cvv.www.coordination_views.urls")),
    path("impact/", include("cvv.www.impact_views.urls")),
    path("synthese/", include("cvv.www.synthesis_views.urls")),
    path("locaux/", include("cvv.www.premises_views.urls")),
    path("fonciere/", include("cvv.www.fonciere_views.urls")),
    path("reseau/", include("cvv.www.network_views.urls")),
    path("mise-en-relation/", include("cvv.www.matchmaking_views.urls")),
    path("api/v1/", api.urls),
    path("admin-technique/", admin.site.urls),
]

handler403 = "cvv.www.public_views.views.error_403"
handler404 = "cvv.www.public_views.views.error_404"
handler500 = "cvv.www.public_views.views.error_500"
