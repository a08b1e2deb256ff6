"""Matches set aside with a reason.

A person who sees a match (a search's actor in the search's list, who manages the premises
in the offer's list) may dismiss it with a reason: the pair disappears from that side's
list only. Nothing else changes: the engine's scores ignore dismissals (no silent
learning); the reasons are shown on the staff page, counted and exported.

- `dismiss(*, actor, offer, search, side, reason, note="")`
- `dismissed_ids(side, *, search=None, offer=None)`: the other side's ids hidden.
- `dismissals_visible_to(user)`: staff all; each side its own.
- `reason_counts(queryset)`: [(label, count)] in the reasons' order.
- `EXPORT_COLUMNS`, `export_rows(queryset)`.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cvv.audit.services import log_action
from cvv.matchmaking import engine, selectors
from cvv.matchmaking.enums import DismissReason, DismissSide
from cvv.matchmaking.models import DismissedMatch
from cvv.matchmaking.workflows import manages_premises
from cvv.organisations.access import get_access


@transaction.atomic
def dismiss(*, actor, offer, search, side, reason, note="") -> DismissedMatch:
    access = get_access(actor)
    if side == DismissSide.SEARCH:
        allowed = selectors.search_organisations(actor).filter(pk=search.organisation_id).exists()
    elif side == DismissSide.OFFER:
        allowed = manages_premises(access, offer)
    else:
        raise ValidationError({"side": "Côté inconnu."})
    if not allowed:
        raise PermissionDenied("Vous ne pouvez pas écarter ce rapprochement.")
    if reason not in DismissReason.values:
        raise ValidationError({"reason": "Choisissez un motif."})
    note = (note or "").strip()[:300]
    if reason == DismissReason.OTHER and not note:
        raise ValidationError({"note": "Précisez le motif."})
    wanted = selectors.wanted_categories([offer.premises.commune.code])
    result = engine.match(selectors.offer_facts(offer, wanted), selectors.search_facts(search))
    if result is None:
        raise ValidationError("Ce local et cette recherche ne se correspondent pas.")
    try:
        with transaction.atomic():
            dismissal = DismissedMatch.objects.create(
                offer=offer,
                search=search,
                side=side,
                reason=reason,
                note=note,
                score=result.score,
                dismissed_by=actor,
            )
    except IntegrityError:
        raise ValidationError("Ce rapprochement est déjà écarté.") from None
    log_action(
        "matchmaking.match.dismiss",
        actor=actor,
        obj=dismissal,
        data={"offer": offer.pk, "search": search.pk, "side": side, "reason": reason},
    )
    return dismissal


def dismissed_ids(side, *, search=None, offer=None) -> set:
    queryset = DismissedMatch.objects.filter(side=side)
    if search is not None:
        return set(queryset.filter(search=search).values_list("offer_id", flat=True))
    return set(queryset.filter(offer=offer).values_list("search_id", flat=True))


def dismissals_visible_to(user):
    access = get_access(user)
    queryset = DismissedMatch.objects.select_related(
        "offer__premises__commune", "search__organisation", "dismissed_by"
    )
    if access.is_metropole_staff:
        return queryset
    return queryset.none()


def reason_counts(queryset):
    counts = Counter(queryset.values_list("reason", flat=True))
    return [(label, counts.get(value, 0)) for value, label in DismissReason.choices]


EXPORT_COLUMNS = [
    ("date", "Date"),
    ("offer", "Offre"),
    ("commune", "Commune"),
    ("search", "Recherche"),
    ("actor", "Acteur"),
    ("side", "Écarté par"),
    ("reason", "Motif"),
    ("note", "Précision"),
    ("score", "Score"),
    ("synthetic", "Données de démonstration"),
]


def export_rows(queryset):
    for d in queryset:
        yield {
            "date": d.created_at.date(),
            "offer": d.offer.reference,
            "commune": d.offer.premises.commune.nom,
            "search": d.search.reference,
            "actor": d.search.organisation.name,
            "side": d.get_side_display(),
            "reason": d.get_reason_display(),
            "note": d.note,
            "score": d.score,
            "synthetic": d.synthetic,
        }
