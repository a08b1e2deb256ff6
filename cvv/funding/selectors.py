"""Scoped reads of the FIMACS fund.

- Métropole staff see every dossier;
- a commune's people see their commune's dossiers (another commune's: 404);
- territory agents see (read only) the dossiers of their territory's communes;
- partner experts see only the opinions asked of their organisation, not the dossiers.
"""

from decimal import Decimal

from django.shortcuts import get_object_or_404

from cvv.audit.selectors import entries_for_object, entries_shown
from cvv.funding.engine import percent
from cvv.funding.models import Dossier, Opinion, PaymentRequest
from cvv.organisations.access import get_access, visible
from cvv.organisations.enums import EXPERT_ROLES


def dossiers_visible_to(user):
    return visible(
        Dossier.objects.select_related("commune__territoire", "edition", "reglement", "action"),
        user,
    )


def dossier_for_view(user, pk) -> Dossier:
    return get_object_or_404(dossiers_visible_to(user), pk=pk)


# What people outside the Métropole's staff (the commune, its territory) see of a dossier's
# history: an explicit allow-list, so a new kind of entry stays private until listed here.
# Action -> whether its data (a transition's reason, a rejection's motive) is shown. Private
# instruction work (annotations, opinions requested or given, envelope bookkeeping) is
# never listed; going back to instruction shows the step, not the internal reason.
PUBLIC_HISTORY = {
    "funding.dossier.created": True,
    "funding.dossier.updated": True,
    "funding.dossier.document_attached": True,
    "funding.dossier.document_detached": True,
    "documents.piece.placed": True,
    "documents.piece.removed": True,
    "documents.piece.accepted": True,
    "documents.piece.to_replace": True,
    "funding.dossier.message": True,
    "funding.dossier.works_started": True,
    "funding.dossier.submit": True,
    "funding.dossier.request_completion": True,
    "funding.dossier.resubmit": True,
    "funding.dossier.start_instruction": True,
    "funding.dossier.refuse_ineligible": True,
    "funding.dossier.mark_ready": True,
    "funding.dossier.back_to_instruction": False,
    "funding.dossier.grant": True,
    "funding.dossier.refuse": True,
    "funding.dossier.defer": True,
    "funding.dossier.reschedule": True,
    "funding.dossier.sign_convention": True,
    "funding.dossier.start_payments": True,
    "funding.dossier.close": True,
    "funding.dossier.withdraw": True,
    "funding.dossier.lapse": True,
    "funding.convention.generated": True,
    "funding.payment.requested": True,
    "funding.payment.validated": True,
    "funding.payment.rejected": True,
}


def dossier_history(user, dossier, *, limit=50):
    """The dossier's history as `user` may read it: everything for the Métropole's staff,
    the public steps (PUBLIC_HISTORY) for everyone else."""
    if get_access(user).is_metropole_staff:
        return list(entries_for_object(dossier)[:limit])
    return entries_shown(dossier, shown=PUBLIC_HISTORY, limit=limit)


def is_commune_member(user, dossier) -> bool:
    """Works for the dossier's commune (`Access.is_commune_side`)."""
    return get_access(user).is_commune_side(dossier.commune)


def opinions_for_expert(user):
    access = get_access(user)
    if not access.has_role(*EXPERT_ROLES):
        return Opinion.objects.none()
    return Opinion.objects.filter(
        kind=Opinion.Kind.PARTNER, organisation_id__in=access.organisation_ids
    ).select_related("dossier__commune", "organisation")


def opinion_for_expert(user, pk) -> Opinion:
    return get_object_or_404(opinions_for_expert(user), pk=pk)


def granted_split(dossier):
    """The aid granted per category as the committee decided it: the amounts stored at the
    decision (never recomputed, so a later change of the règlement or of the engine leaves
    them as they were), with the rates retained, in the règlement's category table order."""
    if dossier.granted_amount is None:
        return []
    stored = dossier.granted_by_category or {}
    rates = dossier.granted_rates or {}
    labels = dict(dossier.reglement.categories.values_list("code", "label"))
    order = [code for code in labels if code in stored] + [c for c in stored if c not in labels]
    return [
        {
            "code": code,
            "label": labels.get(code, code),
            "rate": percent(Decimal(rates[code])) if code in rates else "—",
            "amount": Decimal(stored[code]),
        }
        for code in order
    ]


def payments_visible_to(user):
    return PaymentRequest.objects.filter(dossier__in=dossiers_visible_to(user)).select_related(
        "dossier__commune"
    )


def already_granted_in_edition(commune, edition, *, exclude=None):
    """Sum of FIMACS aid granted to the commune in the edition (final amount once closed or
    lapsed)."""
    qs = Dossier.objects.filter(commune=commune, edition=edition, state__in=Dossier.AID_STATES)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    total = 0
    for granted, final in qs.values_list("granted_amount", "final_amount"):
        total += final if final is not None else (granted or 0)
    return total


def dossier_document_visible(user, document) -> bool:
    """Document vault grant: instructors see a dossier's documents (they are staff anyway);
    partner experts see the documents of the dossiers they were asked an opinion on."""
    access = get_access(user)
    if not access.has_role(*EXPERT_ROLES):
        return False
    return Opinion.objects.filter(
        kind=Opinion.Kind.PARTNER,
        organisation_id__in=access.organisation_ids,
        dossier__documents__document=document,
    ).exists()
