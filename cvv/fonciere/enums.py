from django.db import models


class OpportunitySource(models.TextChoices):
    DIA_COMMERCE = "dia_commerce", "Déclaration de cession dans le périmètre de sauvegarde"
    DIA_DPU = "dia_dpu", "Déclaration d’intention d’aliéner (DPU)"
    AMICABLE = "amiable", "Vente amiable"
    COMMUNE_REQUEST = "demande_commune", "Demande d’une commune accompagnée"
    SURVEY = "releve", "Vacance repérée par un relevé"


class RightHolder(models.TextChoices):
    COMMUNE = "commune", "La commune"
    EPT = "ept", "L’établissement public territorial (délégation)"
    FONCIERE = "fonciere", "La foncière (délégation, art. L214-1-1 C. urb.)"
    OTHER = "autre", "Autre délégataire"
    NONE = "", "Sans droit de préemption"


class OpportunityState(models.TextChoices):
    RECEIVED = "recue", "Reçue"
    SUSPENDED = "suspendue", "Délai suspendu (demande de pièces ou visite)"
    STUDY = "etude", "En étude"
    PREEMPTED = "preemptee", "Préemption décidée"
    RENOUNCED = "renoncee", "Renonciation"
    TACIT_RENUNCIATION = "renonciation_tacite", "Renonciation tacite (délai expiré)"
    ACQUIRED = "acquise", "Acquise"


class LeaseKind(models.TextChoices):
    COMMERCIAL = "commercial", "Bail commercial (3-6-9)"
    DEROGATORY = "derogatoire", "Bail dérogatoire (3 ans au plus)"
    PRECARIOUS = "precaire", "Convention d’occupation précaire"
    # A "boutique à l'essai": a derogatory lease (L145-5 C. com., 3 years at most) at a
    # moderate rent, letting a trader test the premises before a commercial lease.
    SHOP_TRIAL = "boutique_essai", "Boutique à l’essai (bail dérogatoire)"


class LeaseState(models.TextChoices):
    DRAFT = "projet", "En projet"
    ACTIVE = "en_cours", "En cours"
    ENDED = "termine", "Terminé"


class Frequency(models.TextChoices):
    MONTHLY = "mensuel", "Mensuelle"
    QUARTERLY = "trimestriel", "Trimestrielle"


class Index(models.TextChoices):
    ILC = "ILC", "ILC (indice des loyers commerciaux)"
    ILAT = "ILAT", "ILAT (indice des loyers des activités tertiaires)"


class CallKind(models.TextChoices):
    TERM = "terme", "Appel de l’échéance"
    REGULARISATION = "regularisation", "Régularisation de charges"


class PaymentSource(models.TextChoices):
    MANUAL = "manuel", "Saisi"
    BANK = "releve", "Relevé bancaire"
    DEPOSIT = "depot", "Imputé sur le dépôt de garantie"
    CREDIT = "avoir", "Imputé sur un avoir"


class AdjustmentKind(models.TextChoices):
    FRANCHISE = "franchise", "Franchise de loyer"
    STEP = "palier", "Palier de loyer"


class CreditOrigin(models.TextChoices):
    OVERPAYMENT = "trop_percu", "Trop-perçu"
    CHARGES = "charges", "Régularisation de charges en faveur du preneur"
    RENT = "loyer", "Régularisation de loyer en faveur du preneur"


class BankLineState(models.TextChoices):
    PROPOSED = "proposee", "Rapprochement proposé"
    UNMATCHED = "sans_appel", "Sans appel correspondant"
    CONFIRMED = "confirmee", "Paiement enregistré"
    DISMISSED = "ecartee", "Écartée"
