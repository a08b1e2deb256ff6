"""Records of the rent collection: franchises and steps of a lease, reminders of unpaid
calls, tenants' credits, bank statements and their lines, annual charges statements and the
deposit returned at exit. Money in Decimal with database constraints."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cvv.fonciere.enums import AdjustmentKind, BankLineState, CreditOrigin

MONEY = {"max_digits": 14, "decimal_places": 2}

__all__ = [
    "BankLine",
    "BankStatement",
    "ChargesStatement",
    "DepositReturn",
    "LeaseAdjustment",
    "RentRegularisation",
    "RentReminder",
    "RentSetting",
    "RentSettingNotice",
    "TenantCredit",
]


class LeaseAdjustment(models.Model):
    """A rent-free period (franchise) or a rent step (palier) stipulated by the lease."""

    lease = models.ForeignKey("fonciere.Lease", models.CASCADE, related_name="adjustments")
    kind = models.CharField("nature", max_length=10, choices=AdjustmentKind.choices)
    start = models.DateField("du")
    end = models.DateField("au (inclus)")
    annual_rent = models.DecimalField(
        "loyer annuel HT du palier (€)", **MONEY, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "franchise ou palier"
        ordering = ["lease", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="fonciere_adj_dates"),
            models.CheckConstraint(
                condition=Q(kind="franchise", annual_rent__isnull=True)
                | Q(kind="palier", annual_rent__gte=0),
                name="fonciere_adj_rent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"


class RentReminder(models.Model):
    """A reminder of an unpaid call (level 1 reminder, 2 second reminder, 3 formal notice)."""

    rent_call = models.ForeignKey("fonciere.RentCall", models.CASCADE, related_name="reminders")
    level = models.PositiveSmallIntegerField("niveau")
    sent_on = models.DateField("envoyée le")
    amount_due = models.DecimalField("reste dû (€)", **MONEY)
    # Whether it was also e-mailed to the lease's contact address (the address is not copied).
    emailed = models.BooleanField("envoyée par courriel", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "relance"
        ordering = ["rent_call", "level"]
        constraints = [
            models.UniqueConstraint(fields=["rent_call", "level"], name="fonciere_reminder_level"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3) & Q(amount_due__gt=0),
                name="fonciere_reminder_valid",
            ),
        ]

    def __str__(self):
        return f"Relance n° {self.level} du {self.sent_on:%d/%m/%Y}"


class TenantCredit(models.Model):
    """What the foncière owes a tenant (overpayment, charges regularisation in its favour);
    `remaining` is applied to later calls or refunded with the deposit."""

    lease = models.ForeignKey("fonciere.Lease", models.PROTECT, related_name="credits")
    on = models.DateField("le")
    origin = models.CharField("origine", max_length=12, choices=CreditOrigin.choices)
    amount = models.DecimalField("montant (€)", **MONEY)
    remaining = models.DecimalField("reste à imputer (€)", **MONEY)
    label = models.CharField("libellé", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "avoir du preneur"
        ordering = ["lease", "on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(remaining__gte=0) & Q(remaining__lte=F("amount")),
                name="fonciere_credit_valid",
            )
        ]

    def __str__(self):
        return f"Avoir de {self.amount} € du {self.on:%d/%m/%Y}"


class BankStatement(models.Model):
    filename = models.CharField("fichier", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField("données de démonstration", default=False)

    class Meta:
        verbose_name = "relevé bancaire"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"Relevé n° {self.pk} ({self.filename})"


class BankLine(models.Model):
    statement = models.ForeignKey(BankStatement, models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField("ligne")
    booked_on = models.DateField("date")
    label = models.CharField("libellé", max_length=300)
    amount = models.DecimalField("montant (€)", **MONEY)
    proposed_call = models.ForeignKey(
        "fonciere.RentCall", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    match_reason = models.CharField("motif du rapprochement", max_length=200, blank=True)
    state = models.CharField("état", max_length=12, choices=BankLineState.choices)
    payment = models.OneToOneField(
        "fonciere.Payment", models.SET_NULL, null=True, blank=True, related_name="bank_line"
    )
    credit = models.OneToOneField(
        TenantCredit, models.SET_NULL, null=True, blank=True, related_name="bank_line"
    )

    class Meta:
        verbose_name = "ligne de relevé"
        ordering = ["statement", "line_no"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fonciere_bank_line_positive")
        ]

    def __str__(self):
        return f"Ligne {self.line_no} — {self.label}"


class ChargesStatement(models.Model):
    """The annual statement of the charges of `year` (before 30 September of year + 1,
    L145-40-2 and R145-36 C. com.): actual charges against the provisions called."""

    lease = models.ForeignKey("fonciere.Lease", models.PROTECT, related_name="charges_statements")
    year = models.PositiveSmallIntegerField("année")
    actual_charges = models.DecimalField("charges réelles imputables au preneur (€)", **MONEY)
    provisions = models.DecimalField("provisions appelées (€)", **MONEY)
    deadline = models.DateField("à adresser avant le")
    sent_on = models.DateField("adressé le")
    detail = models.TextField("inventaire et répartition", blank=True)
    regularisation_call = models.OneToOneField(
        "fonciere.RentCall", models.PROTECT, null=True, blank=True, related_name="+"
    )
    credit = models.OneToOneField(
        TenantCredit, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "décompte annuel de charges"
        ordering = ["lease", "year"]
        constraints = [
            models.UniqueConstraint(fields=["lease", "year"], name="fonciere_charges_year"),
            models.CheckConstraint(
                condition=Q(actual_charges__gte=0) & Q(provisions__gte=0),
                name="fonciere_charges_not_negative",
            ),
        ]

    def __str__(self):
        return f"Décompte de charges {self.year}"

    @property
    def balance(self) -> Decimal:
        """Positive: the tenant owes it; negative: the foncière owes it."""
        return self.actual_charges - self.provisions


class DepositReturn(models.Model):
    """The deposit at the lease's exit: unpaid rent and charges deducted, credits added."""

    lease = models.OneToOneField("fonciere.Lease", models.PROTECT, related_name="deposit_return")
    on = models.DateField("le")
    deposit = models.DecimalField("dépôt de garantie (€)", **MONEY)
    deducted = models.DecimalField("impayés imputés (€)", **MONEY)
    credits = models.DecimalField("avoirs restitués (€)", **MONEY)
    returned = models.DecimalField("restitué au preneur (€)", **MONEY)
    still_due = models.DecimalField("reste dû par le preneur (€)", **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "restitution du dépôt de garantie"
        constraints = [
            models.CheckConstraint(
                condition=Q(deposit__gte=0) & Q(deducted__gte=0) & Q(credits__gte=0)
                & Q(returned__gte=0) & Q(still_due__gte=0) & Q(deducted__lte=F("deposit")),
                name="fonciere_deposit_return_valid",
            )
        ]  # fmt: skip

    def __str__(self):
        return f"Restitution du dépôt du {self.on:%d/%m/%Y}"


class RentSetting(models.Model):
    """A new rent fixed during the lease (triennial revision, L145-38 C. com.; renewal,
    L145-34): from `effective_on` it is the base that indexation starts again from, with
    its own reference quarter. Rent calls already issued are not changed."""

    KINDS = [("revision", "Révision triennale"), ("renouvellement", "Renouvellement")]
    lease = models.ForeignKey("fonciere.Lease", models.CASCADE, related_name="rent_settings")
    kind = models.CharField("nature", max_length=16, choices=KINDS)
    effective_on = models.DateField("en vigueur le")
    annual_rent = models.DecimalField("loyer annuel HT fixé (€)", **MONEY)
    reference_quarter = models.CharField("trimestre de référence", max_length=7)
    article = models.CharField("fondement", max_length=200)
    explanation = models.CharField("explication", max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "loyer fixé en cours de bail"
        ordering = ["lease", "effective_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_rent__gte=0), name="fonciere_rent_setting_not_negative"
            ),
            models.UniqueConstraint(
                fields=["lease", "effective_on"], name="fonciere_rent_setting_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} au {self.effective_on:%d/%m/%Y}"


class RentRegularisation(models.Model):
    """What the calls issued before a rent fixed during the lease (`setting`) owe at the new
    rent (`cvv.fonciere.regularisation`), frozen when the rent is recorded: `lines` (one per
    call: period, rent billed, rent due, difference, as text), `amount` their sum (positive:
    owed by the tenant, billed once as a line of the next call generated, `billed_on`;
    negative: the tenant's credit at once, `credit`)."""

    setting = models.OneToOneField(RentSetting, models.CASCADE, related_name="regularisation")
    lines = models.JSONField("appels régularisés", default=list)
    amount = models.DecimalField("régularisation à prévoir (€)", **MONEY)
    # The annual rent due the day before the new rent (None: an index value was missing).
    previous_rent = models.DecimalField("loyer annuel précédent (€)", **MONEY, null=True)
    billed_on = models.ForeignKey(
        "fonciere.RentCall", models.PROTECT, null=True, blank=True, related_name="+"
    )
    credit = models.OneToOneField(
        TenantCredit, models.PROTECT, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField("réglée le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "régularisation de loyer"
        ordering = ["setting"]
        constraints = [
            models.CheckConstraint(
                condition=Q(billed_on__isnull=True) | Q(credit__isnull=True),
                name="fonciere_regularisation_settled_once",
            )
        ]

    def __str__(self):
        return f"Régularisation de {self.amount} € ({self.setting})"

    @property
    def settled(self) -> bool:
        return self.amount == 0 or self.settled_at is not None


class RentSettingNotice(models.Model):
    """The e-mail telling the tenant of a rent fixed during the lease: at most one per
    setting (unique), written by `cvv.core.once.create_once` when it is sent."""

    setting = models.OneToOneField(RentSetting, models.CASCADE, related_name="notice")
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)
    recipients = models.PositiveSmallIntegerField("destinataires", default=1)

    class Meta:
        verbose_name = "information du preneur sur son nouveau loyer"

    def __str__(self):
        return f"Information du preneur ({self.setting})"
