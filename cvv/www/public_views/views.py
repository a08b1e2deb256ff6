from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse

from cvv.territories import reference
from cvv.territories.models import Commune, Territoire

PROGRAMME_ACTIONS = [
    (
        "Réseau des managers de commerce et de centre-ville",
        "Annuaire, information, mise en relation entre pairs, formations et demandes de conseil.",
    ),
    (
        "Accompagnement stratégique et technique des projets communaux",
        "Appels à candidatures, sélection, accompagnement par commune (conseillers, phases, plan "
        "d’actions, réunions, livrables, expertises) et boîte à outils.",
    ),
    (
        "Le fonds FIMACS",
        "Demandes de financement des communes accompagnées, instruction, comité, conventions, "
        "paiements sur justificatifs, enveloppes, selon un règlement qui rééquilibre l’aide vers "
        "les petites communes et les plus fragiles.",
    ),
    (
        "La foncière métropolitaine",
        "Acquisition, gestion, location et cession de locaux commerciaux (murs et fonds).",
    ),
    (
        "Coordination avec les autres programmes métropolitains",
        "Innovation, tiers-lieux, logistique urbaine, économie circulaire.",
    ),
    ("Les Assises annuelles des centres-villes", "Inscriptions, sessions, prix."),
    (
        "L’Observatoire de l’attractivité des centres-villes",
        "Indicateurs par commune, centralité, territoire et année, à partir des données ouvertes "
        "officielles (SIRENE, BPE, INSEE) et des relevés de terrain ; cartes, graphiques, "
        "téléchargements et API ouverte.",
    ),
    (
        "La mise en relation des acteurs économiques",
        "Enseignes, porteurs de projet, commerçants et artisans qui cherchent un local ; communes, "
        "foncière et agences qui en proposent.",
    ),
]


# Public pages that show an action at work (URL name, link text), when the module exists.
ACTION_LINKS = {
    3: ("fimacs:rebalancing", "Où va le fonds : le rééquilibrage"),
    7: ("observatory:index", "Consulter l’observatoire"),
}


def _actions():
    actions = []
    for number, (title, text) in enumerate(PROGRAMME_ACTIONS, start=1):
        link = None
        if number in ACTION_LINKS:
            url_name, label = ACTION_LINKS[number]
            link = (reverse(url_name), label)  # a renamed page fails here, not silently
        actions.append({"title": title, "text": text, "link": link})
    return actions


@login_not_required
def landing(request):
    context = {
        "actions": _actions(),
        "communes_count": Commune.objects.count(),
        "territoires_count": Territoire.objects.count(),
        "population": sum(Commune.objects.values_list("population", flat=True)),
    }
    return render(request, "public/landing.html", context)


@login_not_required
def sources(request):
    return render(request, "public/sources.html", {"sources": reference.load_sources()})


@login_not_required
def accessibility(request):
    return render(request, "public/accessibility.html")


@login_not_required
def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


@login_not_required
def error_500(request):
    return render(request, "errors/500.html", status=500)
