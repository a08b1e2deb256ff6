"""States and kinds of the events module, with their French labels."""

from django.db import models


class EventKind(models.TextChoices):
    TRAINING = "training", "Formation"
    WEBINAR = "webinar", "Webinaire"
    VISIT = "visit", "Visite de terrain"
    ASSISES = "assises", "Assises métropolitaines du centre-ville"


class EventState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    CANCELLED = "cancelled", "Annulé"


class Audience(models.TextChoices):
    PUBLIC = "public", "Ouvert à tous, sans compte"
    MEMBERS = "members", "Réservé aux membres de la plateforme"


class SessionKind(models.TextChoices):
    PLENARY = "plenary", "Plénière"
    WORKSHOP = "workshop", "Atelier"
    TALK = "talk", "Table ronde"
    VISIT = "visit", "Visite"
    BREAK = "break", "Pause"


class Category(models.TextChoices):
    ELECTED = "elected", "Élus"
    COMMUNE_AGENT = "commune_agent", "Agents des communes et des territoires"
    MANAGER = "manager", "Managers de commerce et de centre-ville"
    PARTNER = "partner", "Partenaires"
    TRADER = "trader", "Commerçants"
    PUBLIC = "public", "Grand public"


class QuestionKind(models.TextChoices):
    TEXT = "text", "Texte libre"
    CHOICE = "choice", "Choix dans une liste"
    YESNO = "yesno", "Oui / non"


class RegistrationState(models.TextChoices):
    PENDING = "pending", "En cours d’enregistrement"
    CONFIRMED = "confirmed", "Confirmée"
    WAITLISTED = "waitlisted", "En liste d’attente"
    OFFERED = "offered", "Place proposée, à confirmer"
    CANCELLED = "cancelled", "Annulée"
    ATTENDED = "attended", "Présent"


ACTIVE_STATES = (RegistrationState.PENDING, RegistrationState.CONFIRMED,
                 RegistrationState.WAITLISTED, RegistrationState.OFFERED,
                 RegistrationState.ATTENDED)  # fmt: skip
# A place offered from the waiting list is held until its deadline to confirm.
HOLDS_A_PLACE = (RegistrationState.CONFIRMED, RegistrationState.OFFERED,
                 RegistrationState.ATTENDED)  # fmt: skip


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", "Candidature déposée"
    LAUREATE = "laureate", "Lauréat"
    NOT_SELECTED = "not_selected", "Non retenue"
    WITHDRAWN = "withdrawn", "Retirée"
