"""The directory of economic actors: the profile an actor keeps for its organisation
(activities, communes of interest, a brand's opening criteria), its consents (being listed,
being contacted, each dated), validated by the Métropole before it is listed.

Public API: `ActorProfile`; services `profile_save(*, actor, organisation, **fields)`,
`profile_delete(*, actor, profile)`;
workflow `cvv.matchmaking.workflows.PROFILE_WORKFLOW`;
selectors `directory(user, q="")`, `profiles_editable_by(user)`, `personal_data(user)`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.matchmaking.enums import ProfileState
from cvv.observatory.nomenclature import CATEGORY_SLUGS
from cvv.organisations.access import get_access


class ActorProfile(models.Model):
    organisation = models.OneToOneField(
        "organisations.Organisation", models.CASCADE, related_name="actor_profile"
    )
    presentation = models.TextField("présentation", max_length=3000, blank=True)
    activity_categories = models.JSONField("catégories d’activité", default=list, blank=True)
    communes = models.ManyToManyField(
        "territories.Commune", blank=True, related_name="+", verbose_name="communes d’intérêt"
    )
    opening_criteria = models.TextField(
        "critères d’ouverture (enseignes)", max_length=3000, blank=True
    )
    listed = models.BooleanField("accepte de figurer dans l’annuaire", default=False)
    contactable = models.BooleanField("accepte d’être contacté", default=False)
    consent_at = models.DateTimeField("consentements donnés le", null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        "état", max_length=10, choices=ProfileState.choices, default=ProfileState.PENDING
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "fiche d’acteur économique"
        ordering = ["organisation__name"]

    def __str__(self):
        return f"Fiche de {self.organisation.name}"


def directory(user, q=""):
    """Validated profiles whose organisation agreed to be listed (signed-in users only)."""
    if not get_access(user).is_authenticated:
        return ActorProfile.objects.none()
    items = ActorProfile.objects.filter(state=ProfileState.VALIDATED, listed=True)
    if q:
        items = items.filter(
            models.Q(organisation__name__icontains=q) | models.Q(presentation__icontains=q)
        )
    return items.select_related("organisation").prefetch_related("communes")


def profiles_editable_by(user):
    from cvv.matchmaking.selectors import search_organisations

    return ActorProfile.objects.filter(organisation__in=search_organisations(user))


def profiles_visible_to(user):
    """Staff every profile (to validate), an actor its own, others the directory."""
    access = get_access(user)
    if access.is_metropole_staff:
        return ActorProfile.objects.select_related("organisation")
    return (directory(user) | profiles_editable_by(user)).distinct()


@transaction.atomic
def profile_save(*, actor, organisation, communes=(), **fields) -> ActorProfile:
    from cvv.matchmaking.selectors import search_organisations

    if not search_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("Vous n’agissez pas pour cette organisation.")
    if set(fields.get("activity_categories", [])) - set(CATEGORY_SLUGS):
        raise ValidationError({"activity_categories": "Catégorie d’activité inconnue."})
    allowed = {"presentation", "activity_categories", "opening_criteria", "listed", "contactable"}
    if set(fields) - allowed:
        raise TypeError(f"Unknown fields: {sorted(set(fields) - allowed)}")
    profile, created = ActorProfile.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.consent_at, profile.consent_by = timezone.now(), actor
    profile.full_clean()
    profile.save()
    profile.communes.set(communes)
    log_action(
        "matchmaking.profile.create" if created else "matchmaking.profile.update",
        actor=actor,
        obj=profile,
        data={"listed": profile.listed, "contactable": profile.contactable},
    )
    return profile


@transaction.atomic
def profile_delete(*, actor, profile):
    if not profiles_editable_by(actor).filter(pk=profile.pk).exists():
        raise PermissionDenied("Vous n’agissez pas pour cette organisation.")
    log_action("matchmaking.profile.delete", actor=actor, obj=profile.organisation)
    profile.delete()


def personal_data(user) -> dict:
    """What the platform keeps about the person in matchmaking (JSON export)."""
    from cvv.matchmaking.models import Introduction, Search

    profiles = profiles_editable_by(user).prefetch_related("communes")
    return {
        "compte": {"email": user.email, "prénom": user.first_name, "nom": user.last_name},
        "organisations": [
            {"nom": m.organisation.name, "rôle": m.get_role_display()}
            for m in user.memberships.select_related("organisation")
        ],
        "fiches": [
            {
                "organisation": p.organisation.name,
                "présentation": p.presentation,
                "catégories": p.activity_categories,
                "communes": [c.code for c in p.communes.all()],
                "critères d’ouverture": p.opening_criteria,
                "dans l’annuaire": p.listed,
                "accepte d’être contacté": p.contactable,
                "consentements du": p.consent_at.isoformat() if p.consent_at else None,
                "état": p.get_state_display(),
            }
            for p in profiles
        ],
        "recherches": [
            {"référence": s.reference, "intitulé": s.title, "état": s.get_state_display()}
            for s in Search.objects.filter(created_by=user)
        ],
        "mises en relation demandées": [
            {"référence": i.reference, "état": i.get_state_display()}
            for i in Introduction.objects.filter(requested_by=user)
        ],
    }
