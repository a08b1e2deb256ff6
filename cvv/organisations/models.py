from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from cvv.organisations.enums import ROLE_ORGANISATION_KINDS, OrganisationKind, Role, role_title


class Organisation(models.Model):
    kind = models.CharField("type", max_length=20, choices=OrganisationKind.choices)
    name = models.CharField("nom", max_length=200)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="La commune représentée (type commune) ou la commune d’implantation.",
    )
    territoire = models.ForeignKey(
        "territories.Territoire",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    partner_type = models.CharField(
        "nature du partenaire",
        max_length=80,
        blank=True,
        help_text="Pour les partenaires : CCI, CMA, Banque des Territoires, EPF…",
    )
    email = models.EmailField("e-mail de contact", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site web", blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    description = models.TextField("présentation", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "organisation"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune"],
                condition=models.Q(kind="commune"),
                name="organisation_one_per_commune",
            ),
            models.UniqueConstraint(
                fields=["territoire"],
                condition=models.Q(kind="territoire"),
                name="organisation_one_per_territoire",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="commune") | models.Q(commune__isnull=False),
                name="organisation_commune_kind_has_commune",
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in an organisation. Roles give permissions; the organisation
    gives the scope (a commune agent acts for that commune only)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    title = models.CharField("fonction", max_length=200, blank=True)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "appartenance"
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.role_title} — {self.organisation}"

    @property
    def role_title(self):
        """The role's title in the form the person chose (feminine, neutral…)."""
        return role_title(self.role, self.user.role_form)

    def clean(self):
        allowed = ROLE_ORGANISATION_KINDS.get(self.role, set())
        if self.organisation_id and self.organisation.kind not in allowed:
            raise ValidationError(
                {
                    "role": f"Le rôle « {self.get_role_display()} » ne peut pas être exercé dans "
                    f"une organisation de type « {self.organisation.get_kind_display()} »."
                }
            )
