"""Matchmaking: offers of premises, searches of economic actors, the activities a commune's
town centre wants, and contact requests sent from the public page.

Public API: `Offer` (a `cvv.premises.models.Premises` put on offer, with its deal and
confidential contact fields), `Search` (what an actor seeks), `WantedActivity` (one
category a commune wants in its town centre), `ContactRequest` (a message from the public
page). Writes through `cvv.matchmaking.services`, reads through `cvv.matchmaking.selectors`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cvv.matchmaking.enums import (
    DealKind,
    DismissReason,
    DismissSide,
    IntroductionState,
    OfferState,
    SearchState,
)
from cvv.premises.enums import ActivityCategory

MONEY = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class Offer(models.Model):
    premises = models.ForeignKey("premises.Premises", models.PROTECT, related_name="offers")
    deal_kind = models.CharField("type de transaction", max_length=20, choices=DealKind.choices)
    monthly_rent = models.DecimalField("loyer mensuel hors charges (€)", **MONEY)
    price = models.DecimalField("prix (€)", **MONEY)
    monthly_charges = models.DecimalField("charges mensuelles (€)", **MONEY)
    entry_fee = models.DecimalField("droit d’entrée (€)", **MONEY)
    available_from = models.DateField("disponible à partir du", null=True, blank=True)
    public_help = models.CharField(
        "aide publique proposée",
        max_length=300,
        blank=True,
        help_text="Loyer minoré, bail à l’essai, aide aux travaux, accompagnement…",
    )
    description = models.TextField("présentation", blank=True)
    # Confidential: shown to the publisher and the Métropole only, until an introduction.
    contact_name = models.CharField("contact (confidentiel)", max_length=200, blank=True)
    contact_email = models.EmailField("e-mail du contact (confidentiel)", blank=True)
    contact_phone = models.CharField(
        "téléphone du contact (confidentiel)", max_length=30, blank=True
    )
    state = models.CharField(
        "état", max_length=12, choices=OfferState.choices, default=OfferState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "offre de local"
        verbose_name_plural = "offres de locaux"
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_rent__isnull=True) | Q(monthly_rent__gte=0),
                name="offer_rent_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="offer_price_not_negative"
            ),
        ]

    def __str__(self):
        return f"Offre {self.reference} — {self.premises.address}, {self.premises.commune.nom}"

    @property
    def reference(self):
        return f"O-{self.pk:05d}"


class Search(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", models.CASCADE, related_name="premises_searches"
    )
    title = models.CharField("intitulé", max_length=200)
    naf_code = models.CharField("code NAF", max_length=6, blank=True)
    activity_category = models.CharField(
        "catégorie d’activité", max_length=30, choices=ActivityCategory.choices
    )
    deal_kinds = models.JSONField("types de transaction acceptés", default=list)
    min_surface_m2 = models.DecimalField("surface minimale (m²)", max_digits=8, decimal_places=1)
    max_surface_m2 = models.DecimalField("surface maximale (m²)", max_digits=8, decimal_places=1)
    communes = models.ManyToManyField(
        "territories.Commune", blank=True, related_name="+", verbose_name="communes visées"
    )
    territoires = models.ManyToManyField(
        "territories.Territoire", blank=True, related_name="+", verbose_name="territoires visés"
    )
    radius_centre = models.ForeignKey(
        "territories.Commune",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="autour de la commune",
    )
    radius_km = models.DecimalField(
        "rayon (km)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    max_monthly_rent = models.DecimalField("loyer mensuel maximal (€)", **MONEY)
    max_price = models.DecimalField("prix maximal (€)", **MONEY)
    annual_turnover = models.DecimalField("chiffre d’affaires annuel visé (€)", **MONEY)
    needs_extraction = models.BooleanField("extraction nécessaire", default=False)
    needs_step_free = models.BooleanField("plain-pied exigé", default=False)
    needs_ground_floor = models.BooleanField("rez-de-chaussée exigé", default=False)
    min_frontage_m = models.DecimalField(
        "vitrine minimale (m)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    wanted_from = models.DateField("installation souhaitée à partir du", null=True, blank=True)
    state = models.CharField(
        "état", max_length=10, choices=SearchState.choices, default=SearchState.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "recherche de local"
        verbose_name_plural = "recherches de locaux"
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_surface_m2__gt=0)
                & Q(max_surface_m2__gte=models.F("min_surface_m2")),
                name="search_surface_range",
            ),
            models.CheckConstraint(
                condition=(Q(radius_km__isnull=True) & Q(radius_centre__isnull=True))
                | (Q(radius_km__gt=0) & Q(radius_km__lte=50) & Q(radius_centre__isnull=False)),
                name="search_radius_complete",
            ),
        ]

    def __str__(self):
        return f"Recherche {self.reference} — {self.title}"

    @property
    def reference(self):
        return f"R-{self.pk:05d}"


class WantedActivity(models.Model):
    """One activity category a commune wants in its town centre, prefilled from the
    observatory (`source` keeps the figures it was proposed from) and adjustable."""

    commune = models.ForeignKey("territories.Commune", models.CASCADE, related_name="+")
    category = models.CharField("catégorie", max_length=30, choices=ActivityCategory.choices)
    source = models.CharField("origine", max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "activité souhaitée par la commune"
        ordering = ["commune__code", "category"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "category"], name="wanted_activity_once")
        ]

    def __str__(self):
        return f"{self.get_category_display()} ({self.commune.nom})"


class ContactRequest(models.Model):
    offer = models.ForeignKey(Offer, models.CASCADE, related_name="contact_requests")
    name = models.CharField("nom", max_length=200)
    email = models.EmailField("e-mail")
    message = models.TextField("message", max_length=3000)
    client_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "demande de contact"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Demande de contact de {self.name} sur l’offre {self.offer.reference}"


class Introduction(models.Model):
    """A search's actor asks to meet who offers a premises; the offer's managers accept
    (both sides' contact details are then shown to each other) or decline."""

    offer = models.ForeignKey(Offer, models.CASCADE, related_name="introductions")
    search = models.ForeignKey(Search, models.CASCADE, related_name="introductions")
    score = models.PositiveSmallIntegerField("score du rapprochement")
    message = models.TextField("message", max_length=2000, blank=True)
    state = models.CharField(
        "état",
        max_length=12,
        choices=IntroductionState.choices,
        default=IntroductionState.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField("acceptée ou refusée le", null=True, blank=True)
    signed_on = models.DateField("bail signé le", null=True, blank=True)
    filled_after_days = models.PositiveIntegerField(
        "jours de vacance jusqu’à la signature", null=True, blank=True
    )
    outcome_reason = models.CharField("motif de l’abandon", max_length=300, blank=True)
    reminded_at = models.DateTimeField("dernière relance", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "search"], name="introduction_once_per_pair")
        ]

    def __str__(self):
        return f"Mise en relation {self.reference}"

    @property
    def reference(self):
        return f"MR-{self.pk:05d}"


class IntroductionVisit(models.Model):
    introduction = models.ForeignKey(Introduction, models.CASCADE, related_name="visits")
    on = models.DateField("date de la visite")
    note = models.CharField("compte rendu", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "visite d’un local"
        ordering = ["on", "pk"]

    def __str__(self):
        return f"Visite du {self.on:%d/%m/%Y} ({self.introduction.reference})"


class IntroductionMessage(models.Model):
    """A message between the two parties of an accepted introduction."""

    introduction = models.ForeignKey(Introduction, models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("message", max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "message d’une mise en relation"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Message sur la mise en relation {self.introduction.reference}"


class DismissedMatch(models.Model):
    """A match one side set aside, with its reason. Hidden from that side's list only; the
    score of the pair is never changed (the reasons are shown, counted and exported)."""

    offer = models.ForeignKey(Offer, models.CASCADE, related_name="dismissals")
    search = models.ForeignKey(Search, models.CASCADE, related_name="dismissals")
    side = models.CharField("écarté par", max_length=10, choices=DismissSide.choices)
    reason = models.CharField("motif", max_length=12, choices=DismissReason.choices)
    note = models.CharField("précision", max_length=300, blank=True)
    score = models.PositiveSmallIntegerField("score au moment où il a été écarté")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rapprochement écarté"
        verbose_name_plural = "rapprochements écartés"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "search", "side"], name="dismissed_once_per_side"
            )
        ]

    def __str__(self):
        return f"Rapprochement {self.offer.reference} / {self.search.reference} écarté"


class SearchAnnouncement(models.Model):
    """One row per search and person told of it (`tasks.notify_new_search`), committed
    before the e-mail is sent: a rerun of the task sends nothing to those already told
    (at most once — see the task). `sent_at` stays empty until the e-mail went out, so a
    row without it is an announcement decided but perhaps never sent."""

    search = models.ForeignKey(Search, models.CASCADE, related_name="announcements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    offers = models.PositiveIntegerField("locaux annoncés")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)

    class Meta:
        verbose_name = "annonce d’une nouvelle recherche"
        constraints = [
            models.UniqueConstraint(fields=["search", "user"], name="matchmaking_announce_once")
        ]

    def __str__(self):
        return f"{self.search.reference} — {self.user}"


class IntroductionEmail(models.Model):
    """One row per e-mail-worthy occurrence of an introduction and address told of it
    (`tasks.send_introduction_email`), committed before the e-mail is sent: a rerun of the
    task sends nothing to the addresses already told (at most once, as `SearchAnnouncement`).
    `occurrence` names the one happening of `event`: the id of the row that records it —
    the visit, the message, or the audit entry of the request, the stage change or the
    reminder (`stages`) — so that two visits, two messages or two reminders each send."""

    introduction = models.ForeignKey(Introduction, models.CASCADE, related_name="emails")
    event = models.CharField("évènement", max_length=24)
    occurrence = models.PositiveBigIntegerField("occurrence")
    address = models.EmailField("destinataire")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "e-mail d’une mise en relation"
        constraints = [
            models.UniqueConstraint(
                fields=["introduction", "event", "occurrence", "address"],
                name="matchmaking_introduction_email_once",
            )
        ]

    def __str__(self):
        return f"{self.introduction.reference} — {self.event} — {self.address}"


from cvv.matchmaking.directory import ActorProfile  # noqa: E402, F401  (the directory's model)
from cvv.matchmaking.proposals import OfferProposal  # noqa: E402, F401  (agencies' offers)
