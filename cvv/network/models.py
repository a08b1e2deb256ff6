"""A manager's profile in the network, the projects they led, and requests to talk."""

from django.conf import settings
from django.db import models

from cvv.network.enums import AdviceState, ContactState, NewsletterState, Topic
from cvv.programme.models import ExpertiseRequest


class Profile(models.Model):
    """One person's card in the network. Communes and territory come from the person's
    memberships (cvv.organisations), never typed here. `in_directory` is the person's
    consent: without it nobody else sees the profile. Each `show_*` field is the person's
    choice of what the other members see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_profile"
    )
    in_directory = models.BooleanField("je rejoins le réseau et apparais dans l’annuaire")
    job_title = models.CharField("fonction", max_length=150, blank=True)
    since = models.DateField("en poste depuis", null=True, blank=True)
    bio = models.TextField("présentation", blank=True, max_length=2000)
    phone = models.CharField("téléphone professionnel", max_length=30, blank=True)
    show_job_title = models.BooleanField("montrer ma fonction", default=True)
    show_since = models.BooleanField("montrer depuis quand je suis en poste", default=True)
    show_bio = models.BooleanField("montrer ma présentation", default=True)
    show_topics = models.BooleanField("montrer mes compétences et thèmes", default=True)
    show_projects = models.BooleanField("montrer les projets que j’ai menés", default=True)
    show_trainings = models.BooleanField("montrer les formations suivies", default=True)
    show_email = models.BooleanField("montrer mon adresse e-mail", default=False)
    show_phone = models.BooleanField("montrer mon téléphone", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profil du réseau"
        verbose_name_plural = "profils du réseau"
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return self.user.get_full_name() or self.user.email

    @property
    def topic_values(self) -> list[str]:
        return [t.topic for t in self.topics.all()]


class ProfileTopic(models.Model):
    profile = models.ForeignKey(Profile, models.CASCADE, related_name="topics")
    topic = models.CharField("thème", max_length=30, choices=Topic.choices)

    class Meta:
        verbose_name = "thème d’un profil"
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "topic"], name="network_profile_topic_once")
        ]

    def __str__(self):
        return self.get_topic_display()


class Project(models.Model):
    """A project the manager led; linked to the programme's accompaniment or a FIMACS
    dossier when there is one (chosen among those of the person's communes)."""

    profile = models.ForeignKey(Profile, models.CASCADE, related_name="projects")
    title = models.CharField("intitulé", max_length=200)
    topic = models.CharField("thème", max_length=30, choices=Topic.choices)
    year = models.PositiveSmallIntegerField("année")
    summary = models.TextField("résumé", blank=True, max_length=2000)
    accompaniment = models.ForeignKey(
        "programme.Accompaniment",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="accompagnement du programme",
    )
    dossier = models.ForeignKey(
        "funding.Dossier",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dossier FIMACS",
    )

    class Meta:
        verbose_name = "projet mené"
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2100), name="network_project_year"
            )
        ]

    def __str__(self):
        return self.title


class ContactRequest(models.Model):
    """ "Who has already done this?": a member asks a peer for a conversation."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_contacts_sent"
    )
    peer = models.ForeignKey(Profile, models.CASCADE, related_name="contact_requests")
    topic = models.CharField("thème", max_length=30, choices=Topic.choices)
    message = models.TextField("votre besoin", max_length=3000)
    state = models.CharField(
        "état", max_length=20, choices=ContactState.choices, default=ContactState.PENDING
    )
    answer = models.TextField("réponse", blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "demande de mise en relation"
        verbose_name_plural = "demandes de mise en relation"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "peer"],
                condition=models.Q(state="pending"),
                name="network_one_pending_contact_per_peer",
            )
        ]

    def __str__(self):
        return f"Mise en relation avec {self.peer} ({self.get_topic_display()})"


class Question(models.Model):
    """A member's question to the network, on one topic of the shared list."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_questions"
    )
    title = models.CharField("question", max_length=200)
    body = models.TextField("précisions", blank=True, max_length=5000)
    topic = models.CharField("thème", max_length=30, choices=Topic.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resource = models.ForeignKey(
        "programme.Resource",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fiche de la boîte à outils",
    )

    class Meta:
        verbose_name = "question du réseau"
        verbose_name_plural = "questions du réseau"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Answer(models.Model):
    question = models.ForeignKey(Question, models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_answers"
    )
    body = models.TextField("réponse", max_length=5000)
    is_accepted = models.BooleanField("réponse retenue par l’auteur de la question", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "réponse"
        ordering = ["-is_accepted", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(is_accepted=True),
                name="network_one_accepted_answer",
            )
        ]

    def __str__(self):
        return f"Réponse à « {self.question} »"


class TopicFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_follows"
    )
    topic = models.CharField("thème", max_length=30, choices=Topic.choices)

    class Meta:
        verbose_name = "thème suivi"
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="network_follow_once")
        ]

    def __str__(self):
        return self.get_topic_display()


class DigestSent(models.Model):
    """One weekly digest per person and ISO week ("2026-W49"): a second run sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    week = models.CharField("semaine", max_length=8)
    questions = models.PositiveIntegerField("questions annoncées")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lettre hebdomadaire envoyée"
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="network_digest_once_a_week")
        ]

    def __str__(self):
        return f"{self.user} — {self.week}"


class NewsItem(models.Model):
    """A news item of the network, published by the Métropole's staff for the members."""

    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte", max_length=10000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "actualité du réseau"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Newsletter(models.Model):
    """A letter composed in the platform and sent by e-mail to the network's members."""

    subject = models.CharField("objet", max_length=200)
    body = models.TextField("texte", max_length=20000)
    state = models.CharField(
        "état", max_length=10, choices=NewsletterState.choices, default=NewsletterState.DRAFT
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lettre du réseau"
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class NewsletterDelivery(models.Model):
    """One row per letter and person, written before the e-mail: a rerun skips them."""

    newsletter = models.ForeignKey(Newsletter, models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "envoi d’une lettre"
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "user"], name="network_deliver_once")
        ]

    def __str__(self):
        return f"{self.newsletter} — {self.user}"


class NewsletterOptOut(models.Model):
    """The person unsubscribed from the network's letter (through the signed link)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "désabonnement de la lettre"

    def __str__(self):
        return str(self.user)


ADVICE_DOMAINS = [("general", "Question générale au réseau de la Métropole")] + list(
    ExpertiseRequest.Domain.choices
)


class AdviceRequest(models.Model):
    """A manager asks the Métropole or a partner for advice outside any accompaniment;
    routed by domain like the programme's expertise requests (the same routing table)."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_advice_requests"
    )
    domain = models.CharField("domaine", max_length=20, choices=ADVICE_DOMAINS)
    subject = models.CharField("objet", max_length=250)
    question = models.TextField("question", max_length=5000)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name="adressée à",
    )
    state = models.CharField(
        "état", max_length=20, choices=AdviceState.choices, default=AdviceState.SUBMITTED
    )
    answer = models.TextField("réponse", blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "demande de conseil"
        verbose_name_plural = "demandes de conseil"
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class JobOffer(models.Model):
    """A job for managers (a commune, a territory or the Métropole recruits), posted by a
    member, shown to the members until its closing date or until its poster closes it."""

    title = models.CharField("intitulé du poste", max_length=200)
    employer = models.CharField("employeur", max_length=200)
    place = models.CharField("lieu", max_length=200)
    description = models.TextField("description", max_length=10000)
    contact = models.EmailField("adresse de candidature")
    closes_on = models.DateField("candidatures jusqu’au")
    is_closed = models.BooleanField("retirée", default=False)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "offre d’emploi"
        verbose_name_plural = "offres d’emploi"
        ordering = ["closes_on", "title"]

    def __str__(self):
        return f"{self.title} — {self.employer}"
