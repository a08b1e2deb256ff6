"""Home-page cards of the FIMACS fund, per role."""

from django.db.models import Count, Sum
from django.urls import reverse

from cvv.core.dashboard import Card
from cvv.funding.models import Dossier, Envelope, PaymentRequest
from cvv.funding.queues import QUEUES, queue_counts
from cvv.funding.selectors import dossiers_visible_to, opinions_for_expert
from cvv.organisations.enums import COMMUNE_ROLES, EXPERT_ROLES, FINANCE_ROLES, INSTRUCTION_ROLES


def _euros(value):
    return f"{int(value or 0):,} €".replace(",", "\u202f")


def cards(request, access):
    result = []
    if access.sees_some_commune:
        dossiers = dossiers_visible_to(request.user)
        counts = dict(dossiers.values_list("state").annotate(n=Count("pk")).order_by())
        lines = [
            (label, counts[value], reverse("fimacs:dossiers") + f"?etat={value}")
            for value, label in Dossier.State.choices
            if counts.get(value)
        ]
        granted = dossiers.filter(state__in=Dossier.COMMITTED_STATES).aggregate(
            g=Sum("granted_amount"), p=Sum("paid_total")
        )
        lines.append(("Aides accordées", _euros(granted["g"]), ""))
        lines.append(("Versé", _euros(granted["p"]), ""))
        links = [("Tous les dossiers", reverse("fimacs:dossiers"))]
        if access.has_role(*COMMUNE_ROLES):
            links.append(("Préparer un dossier", reverse("fimacs:dossier_create")))
        if access.is_metropole_staff:
            links += [
                ("Comités", reverse("fimacs:sessions")),
                ("Budget", reverse("fimacs:budget")),
                ("Simulation", reverse("fimacs:simulation")),
            ]
        result.append(Card(title="Fonds FIMACS", lines=lines, links=links, order=40))
    if access.has_role(*INSTRUCTION_ROLES):
        # The instructors' work queues; each count opens the list it counts.
        counts = queue_counts(dossiers_visible_to(request.user), request.user)
        result.append(
            Card(
                title="Mes files d’instruction FIMACS",
                order=39,
                lines=[
                    (label, counts[slug], reverse("fimacs:dossiers") + f"?file={slug}")
                    for slug, label in QUEUES
                    if slug != "tous"
                ],
            )
        )
    if access.has_role(*FINANCE_ROLES):
        pending = PaymentRequest.objects.filter(state=PaymentRequest.State.SUBMITTED).count()
        envelopes = Envelope.objects.aggregate(a=Sum("amount"), c=Sum("committed"))
        result.append(
            Card(
                title="Versements FIMACS",
                order=41,
                lines=[
                    ("Demandes à valider", pending, reverse("fimacs:payments")),
                    ("Enveloppes", _euros(envelopes["a"]), reverse("fimacs:budget")),
                    ("Engagé", _euros(envelopes["c"]), reverse("fimacs:budget")),
                ],
            )
        )
    if access.has_role(*EXPERT_ROLES):
        pending = opinions_for_expert(request.user).filter(verdict="").count()
        result.append(
            Card(
                title="Avis FIMACS demandés",
                order=42,
                lines=[("À rendre", pending, reverse("fimacs:opinions"))],
            )
        )
    return result
