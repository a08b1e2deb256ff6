"""Writes of matchmaking. Keyword-only, atomic, audited.

- `offer_create(*, actor, premises, deal_kind, **fields)`: a draft offer on a premises the
  actor manages in the register.
- `offer_publish / offer_withdraw / offer_republish(*, actor, offer, reason="")`: workflow.
- `search_create(*, actor, organisation, communes=(), **fields)`: an active search of one
  of the actor's organisations (economic actor).
- `search_close / search_reopen(*, actor, search)`: workflow.
- `wanted_set(*, actor, commune, categories, sources=None)`: the activities the commune's
  town centre wants (its people or the Métropole's staff).
- `introduction_request(*, actor, search, offer, message="")`: the search's actor asks to
  meet who offers a published offer that matches the search (hard criteria hold).
- `introduction_accept / introduction_decline(*, actor, introduction, reason="")`: workflow.
- `contact_request(*, offer, name, email, message, client_key)`: a message from the public
  page (the view checks honeypot, time token and rate limit first).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.matchmaking import engine, selectors, tasks
from cvv.matchmaking.enums import DealKind, OfferState
from cvv.matchmaking.models import ContactRequest, Introduction, Offer, Search, WantedActivity
from cvv.matchmaking.workflows import OFFER_WORKFLOW, SEARCH_WORKFLOW
from cvv.observatory.nomenclature import CATEGORY_SLUGS
from cvv.organisations.access import get_access
from cvv.premises.selectors import premises_visible_to

OFFER_FIELDS = {
    "monthly_rent", "price", "monthly_charges", "entry_fee", "available_from", "public_help",
    "description", "contact_name", "contact_email", "contact_phone", "synthetic",
}  # fmt: skip
SEARCH_FIELDS = {
    "naf_code", "activity_category", "deal_kinds", "min_surface_m2", "max_surface_m2",
    "max_monthly_rent", "max_price", "annual_turnover", "needs_extraction", "needs_step_free",
    "needs_ground_floor", "min_frontage_m", "wanted_from", "synthetic", "radius_centre",
    "radius_km",
}  # fmt: skip


def _only(fields, allowed):
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


@transaction.atomic
def offer_create(*, actor, premises, deal_kind, **fields) -> Offer:
    _only(fields, OFFER_FIELDS)
    if not premises_visible_to(actor).filter(pk=premises.pk).exists():
        raise PermissionDenied("Vous ne gérez pas ce local.")
    if deal_kind not in DealKind.values:
        raise ValidationError({"deal_kind": "Type de transaction inconnu."})
    if deal_kind == DealKind.LETTING and fields.get("monthly_rent") is None:
        raise ValidationError({"monthly_rent": "Indiquez le loyer mensuel d’une location."})
    if deal_kind != DealKind.LETTING and fields.get("price") is None:
        raise ValidationError({"price": "Indiquez le prix de cette cession ou vente."})
    offer = Offer(premises=premises, deal_kind=deal_kind, created_by=actor, **fields)
    offer.full_clean()
    offer.save()
    log_action("matchmaking.offer.create", actor=actor, obj=offer)
    return offer


def offer_publish(*, actor, offer) -> Offer:
    return OFFER_WORKFLOW.apply(offer, "publish", actor=actor)


def offer_withdraw(*, actor, offer, reason) -> Offer:
    return OFFER_WORKFLOW.apply(offer, "withdraw", actor=actor, reason=reason)


def offer_republish(*, actor, offer) -> Offer:
    return OFFER_WORKFLOW.apply(offer, "republish", actor=actor)


@transaction.atomic
def search_create(*, actor, organisation, title, communes=(), territoires=(), **fields) -> Search:
    _only(fields, SEARCH_FIELDS)
    if not selectors.search_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("Vous n’agissez pas pour cette organisation.")
    kinds = list(fields.get("deal_kinds") or [])
    if not kinds or set(kinds) - set(DealKind.values):
        raise ValidationError({"deal_kinds": "Choisissez au moins un type de transaction."})
    low, high = fields.get("min_surface_m2"), fields.get("max_surface_m2")
    if low is None or high is None or low <= 0 or high < low:
        raise ValidationError(
            {"max_surface_m2": "La surface maximale doit être au moins la surface minimale."}
        )
    if (fields.get("radius_km") is None) != (fields.get("radius_centre") is None):
        raise ValidationError(
            {"radius_km": "Indiquez à la fois la commune au centre du rayon et le rayon."}
        )
    if fields.get("radius_km") is not None and not 0 < fields["radius_km"] <= 50:
        raise ValidationError({"radius_km": "Le rayon va de 0,1 à 50 km."})
    search = Search(organisation=organisation, title=title, created_by=actor, **fields)
    search.full_clean()
    search.save()
    search.communes.set(communes)
    search.territoires.set(territoires)
    log_action("matchmaking.search.create", actor=actor, obj=search)
    pk = search.pk
    transaction.on_commit(lambda: tasks.notify_new_search(pk))
    return search


def search_close(*, actor, search) -> Search:
    return SEARCH_WORKFLOW.apply(search, "close", actor=actor)


def search_reopen(*, actor, search) -> Search:
    return SEARCH_WORKFLOW.apply(search, "reopen", actor=actor)


@transaction.atomic
def wanted_set(*, actor, commune, categories, sources=None) -> list:
    if not get_access(actor).can_edit_commune(commune):
        raise PermissionDenied("Vous n’agissez pas pour cette commune.")
    categories = set(categories)
    if categories - set(CATEGORY_SLUGS):
        raise ValidationError({"categories": "Catégorie d’activité inconnue."})
    sources = sources or {}
    list(WantedActivity.objects.select_for_update().filter(commune=commune))
    WantedActivity.objects.filter(commune=commune).exclude(category__in=categories).delete()
    kept = set(WantedActivity.objects.filter(commune=commune).values_list("category", flat=True))
    WantedActivity.objects.bulk_create(
        WantedActivity(commune=commune, category=c, source=sources.get(c, "")[:400])
        for c in sorted(categories - kept)
    )
    log_action(
        "matchmaking.wanted.set",
        actor=actor,
        obj=commune,
        data={"categories": sorted(categories)},
        commune_code=commune.code,
    )
    return sorted(categories)


@transaction.atomic
def contact_request(*, offer, name, email, message, client_key) -> ContactRequest:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.state != OfferState.PUBLISHED:
        raise ValidationError("Cette offre n’est plus publiée.")
    request = ContactRequest(
        offer=offer, name=name, email=email, message=message, client_key=client_key
    )
    request.full_clean()
    request.save()
    log_action("matchmaking.offer.contact", actor=None, obj=offer, data={"request": request.pk})
    return request


@transaction.atomic
def introduction_request(*, actor, search, offer, message="") -> Introduction:
    if not selectors.search_organisations(actor).filter(pk=search.organisation_id).exists():
        raise PermissionDenied("Vous n’agissez pas pour l’acteur de cette recherche.")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.state != OfferState.PUBLISHED or search.state != "active":
        raise ValidationError("L’offre et la recherche doivent être en cours.")
    wanted = selectors.wanted_categories([offer.premises.commune.code])
    result = engine.match(selectors.offer_facts(offer, wanted), selectors.search_facts(search))
    if result is None:
        raise ValidationError("Ce local ne remplit pas les critères impératifs de la recherche.")
    if Introduction.objects.filter(offer=offer, search=search).exists():
        raise ValidationError("Une mise en relation a déjà été demandée pour ce local.")
    introduction = Introduction.objects.create(
        offer=offer, search=search, score=result.score, message=message[:2000], requested_by=actor
    )
    entry = log_action("matchmaking.introduction.request", actor=actor, obj=introduction)
    pk = introduction.pk  # the occurrence: the request's audit entry (see stages._notify)
    transaction.on_commit(lambda: tasks.send_introduction_email(pk, "requested", entry.pk))
    return introduction


def introduction_accept(*, actor, introduction) -> Introduction:
    from cvv.matchmaking.stages import introduction_accept as accept

    return accept(actor=actor, introduction=introduction)


def introduction_decline(*, actor, introduction, reason) -> Introduction:
    from cvv.matchmaking.stages import introduction_decline as decline

    return decline(actor=actor, introduction=introduction, reason=reason)
