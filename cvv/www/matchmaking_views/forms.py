import time

from django import forms
from django.core import signing

from cvv.core.forms import AccessibleForm, AmountField, BoundedDateField
from cvv.matchmaking.enums import DealKind, DismissReason
from cvv.premises.enums import ActivityCategory
from cvv.territories.models import Territoire

TOKEN_SALT = "cvv.matchmaking.contact"
MIN_SECONDS = 3  # a person does not fill in the form faster
MAX_SECONDS = 6 * 3600


def _money(label):
    return AmountField(label=label, required=False, max_digits=12, decimal_places=2, min_value=0)


def _area(label, required=True):
    return AmountField(label=label, required=required, max_digits=8, decimal_places=1, min_value=1)


class OfferForm(AccessibleForm):
    premises = forms.ModelChoiceField(label="Local du registre", queryset=None)
    deal_kind = forms.ChoiceField(label="Type de transaction", choices=DealKind.choices)
    monthly_rent = _money("Loyer mensuel hors charges (€)")
    price = _money("Prix (€), pour une cession ou une vente")
    monthly_charges = _money("Charges mensuelles (€)")
    entry_fee = _money("Droit d’entrée (€)")
    available_from = BoundedDateField(label="Disponible à partir du", required=False)
    public_help = forms.CharField(
        label="Aide publique proposée",
        max_length=300,
        required=False,
        help_text="Loyer minoré, bail à l’essai, aide aux travaux, accompagnement…",
    )
    description = forms.CharField(
        label="Présentation", required=False, max_length=3000, widget=forms.Textarea
    )
    contact_name = forms.CharField(label="Contact (confidentiel)", max_length=200, required=False)
    contact_email = forms.EmailField(label="E-mail du contact (confidentiel)", required=False)
    contact_phone = forms.CharField(
        label="Téléphone du contact (confidentiel)", max_length=30, required=False
    )

    def __init__(self, *args, premises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].queryset = premises


class SearchForm(AccessibleForm):
    organisation = forms.ModelChoiceField(label="Pour le compte de", queryset=None)
    title = forms.CharField(label="Intitulé", max_length=200)
    activity_category = forms.ChoiceField(
        label="Catégorie d’activité", choices=ActivityCategory.choices
    )
    naf_code = forms.CharField(label="Code NAF (facultatif)", max_length=6, required=False)
    deal_kinds = forms.MultipleChoiceField(
        label="Types de transaction acceptés",
        choices=DealKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    min_surface_m2 = _area("Surface minimale (m²)")
    max_surface_m2 = _area("Surface maximale (m²)")
    communes = forms.ModelMultipleChoiceField(
        label="Communes visées (aucune : toute la Métropole)", queryset=None, required=False
    )
    territoires = forms.ModelMultipleChoiceField(
        label="Territoires visés (toutes leurs communes)", queryset=None, required=False
    )
    radius_centre = forms.ModelChoiceField(
        label="Ou autour de la commune", queryset=None, required=False
    )
    radius_km = AmountField(
        label="Dans un rayon de (km, autour de sa mairie, jusqu’au local)",
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
    )
    max_monthly_rent = _money("Loyer mensuel maximal (€)")
    max_price = _money("Prix maximal (€)")
    annual_turnover = _money("Chiffre d’affaires annuel visé (€, facultatif)")
    needs_extraction = forms.BooleanField(label="Extraction nécessaire", required=False)
    needs_step_free = forms.BooleanField(label="Accès de plain-pied exigé", required=False)
    needs_ground_floor = forms.BooleanField(label="Rez-de-chaussée exigé", required=False)
    min_frontage_m = AmountField(
        label="Vitrine minimale (m)", required=False, max_digits=6, decimal_places=2, min_value=0
    )
    wanted_from = BoundedDateField(label="Installation souhaitée à partir du", required=False)

    def __init__(self, *args, organisations, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["communes"].queryset = communes
        self.fields["radius_centre"].queryset = communes
        self.fields["territoires"].queryset = Territoire.objects.all()


class WithdrawForm(AccessibleForm):
    reason = forms.CharField(label="Motif du retrait", max_length=300)


class DeclineForm(AccessibleForm):
    reason = forms.CharField(label="Motif du refus", max_length=300)


class WantedForm(AccessibleForm):
    categories = forms.MultipleChoiceField(
        label="Activités souhaitées dans le centre-ville",
        choices=ActivityCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def contact_token(offer_pk, now=None) -> str:
    return signing.dumps({"o": offer_pk, "t": int(now or time.time())}, salt=TOKEN_SALT)


class ContactForm(AccessibleForm):
    """Spam-resistant without a third party: a honeypot field people leave empty (hidden by
    the stylesheet, labelled for screen readers), a signed time token (too fast or too old
    is refused) and a rate limit per address (in the view)."""

    name = forms.CharField(label="Votre nom", max_length=200)
    email = forms.EmailField(label="Votre e-mail")
    message = forms.CharField(label="Votre message", max_length=3000, widget=forms.Textarea)
    website = forms.CharField(
        label="Laissez ce champ vide",
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot"}
        ),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, offer_pk, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_pk, self.now = offer_pk, now

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Ce champ doit rester vide.")
        return ""

    def clean(self):
        cleaned = super().clean()
        check_token(self, cleaned.get("token", ""), self.offer_pk, self.now)
        return cleaned


def check_token(form, token, key, now=None):
    """The signed time token of a public form: issued for `key`, neither too fresh (a
    robot) nor too old."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        data = {}
    age = int(now or time.time()) - int(data.get("t", 0))
    if data.get("o") != key or not MIN_SECONDS <= age <= MAX_SECONDS:
        form.add_error(
            None, "Formulaire expiré ou envoyé trop vite : rechargez la page et réessayez."
        )


REGISTRATION_KEY = "inscription"


class RegistrationForm(AccessibleForm):
    """An economic actor registers: its organisation, the person, the two consents. Guarded
    like the contact form (honeypot, signed time token; rate limit in the view)."""

    organisation_name = forms.CharField(label="Nom de l’organisation", max_length=200)
    kind = forms.ChoiceField(label="Type d’organisation", choices=())
    siren = forms.CharField(label="SIREN (facultatif, 9 chiffres)", max_length=11, required=False)
    first_name = forms.CharField(label="Votre prénom", max_length=150)
    last_name = forms.CharField(label="Votre nom", max_length=150)
    email = forms.EmailField(
        label="Votre e-mail",
        help_text="Vous y recevrez le lien pour choisir votre mot de passe.",
    )
    phone = forms.CharField(label="Téléphone (facultatif)", max_length=30, required=False)
    presentation = forms.CharField(
        label="Présentation de l’organisation (facultatif)",
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )
    listed = forms.BooleanField(
        label="J’accepte que mon organisation figure dans l’annuaire des acteurs", required=False
    )
    contactable = forms.BooleanField(
        label="J’accepte d’être contacté par les communes et la Métropole", required=False
    )
    website = ContactForm.base_fields["website"]
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kinds, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.now = now

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Ce champ doit rester vide.")
        return ""

    def clean(self):
        cleaned = super().clean()
        check_token(self, cleaned.get("token", ""), REGISTRATION_KEY, self.now)
        return cleaned


class DismissForm(AccessibleForm):
    reason = forms.ChoiceField(
        label="Motif", choices=DismissReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Précision (obligatoire pour « Autre motif »)", max_length=300, required=False
    )


class VisitForm(AccessibleForm):
    on = BoundedDateField(label="Date de la visite")
    note = forms.CharField(label="Compte rendu", max_length=500, required=False)


class SignForm(AccessibleForm):
    on = BoundedDateField(label="Date de signature du bail")


class AbandonForm(AccessibleForm):
    reason = forms.CharField(label="Motif de l’abandon", max_length=300)


class MessageForm(AccessibleForm):
    body = forms.CharField(label="Votre message", max_length=3000, widget=forms.Textarea)
