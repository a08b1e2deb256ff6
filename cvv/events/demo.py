"""Demo data of the events module ("données de démonstration", synthetic, seeded): the next
Assises (open to everyone, full programme with parallel workshops and speakers, category
quotas, questions, registrations with a waiting list, nominations of communes), last year's
Assises with its people present (certificates), slides and minutes and its laureates, and
two trainings — one past with attendance (certificates), one upcoming for members.
Everything goes through the services; a second run adds nothing."""

import datetime as dt
import io
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cvv.events import awards, jury, publications, services, workshops
from cvv.events.models import (
    AwardCategory,
    AwardCriterion,
    Event,
    Question,
    RegistrationCategory,
    Session,
    Speaker,
)
from cvv.territories.models import Commune
from cvv.users.models import User

ORDER = 70
SEED = 2027
PARIS = ZoneInfo("Europe/Paris")
FIRST = [
    "Camille",
    "Nadia",
    "Louis",
    "Sofia",
    "Hugo",
    "Inès",
    "Karim",
    "Léa",
    "Mathis",
    "Chloé",
    "Yanis",
    "Emma",
    "Rayan",
    "Jade",
    "Noah",
    "Lina",
    "Adam",
    "Zoé",
    "Sacha",
    "Manon",
]
LAST = ["Martin", "Bernard", "Diallo", "Moreau", "Laurent", "Haddad", "Petit", "Nguyen", "Roux",
        "Fontaine", "Traoré", "Girard", "Benali", "Lefebvre", "Mercier", "Da Silva"]  # fmt: skip
SPEAKERS = [
    (
        "Claire Demo",
        "Métropole du Grand Paris",
        "Directrice de l’économie (fictive).",
    ),
    ("Julien Exemple", "Ville de démonstration", "Manager de centre-ville depuis 2015 (fictif)."),
    ("Aïcha Modèle", "Chambre de commerce (démo)", "Spécialiste de la vacance commerciale."),
    (
        "Marc Témoin",
        "Foncière (démo)",
        "Acquisitions de locaux en pied d’immeuble.",
    ),
]
QUESTIONS = [
    ("Besoins d’accessibilité", "text", ""),
    ("Régime alimentaire", "choice", "Aucun\nVégétarien\nSans porc\nSans gluten"),
]
NOMINATED = ["93005", "93048", "92012", "94028", "93066"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def _event(admin, **fields):
    event = services.event_save(event=Event(synthetic=True, **fields), actor=admin)
    services.event_transition(event=event, name="publish", actor=admin)
    return event


def _quotas(event, quotas):
    for category, quota in quotas.items():
        RegistrationCategory.objects.create(event=event, category=category, quota=quota)


def _people(rng, event, n, categories, prefix):
    made = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        registration = services.registration_create(
            event=event, category=rng.choice(categories), first_name=first, last_name=last,
            email=f"{prefix}{i}@exemple-demo.fr", organisation="Structure de démonstration",
        )  # fmt: skip
        registration.synthetic = True
        registration.save(update_fields=["synthetic"])
        made.append(registration)
    return made


WORKSHOP_PLACES = 25
CRITERIA = [("Impact sur le commerce de centre-ville", 3, 5), ("Caractère innovant", 2, 5),
            ("Association des commerçants et des habitants", 1, 5)]  # fmt: skip


def _jury(admin, award):
    """The jury (the demo's instructor presiding, the administrator) and its grid."""
    president = User.objects.get(email="instructeur@cvv.demo")
    jury.jury_set(award=award, jurors=[admin], president=president, actor=admin)
    for position, (label, weight, top) in enumerate(CRITERIA):
        jury.criterion_save(criterion=AwardCriterion(award=award, label=label, weight=weight,
                                                     max_score=top, position=position),
                            actor=admin)  # fmt: skip
    return [admin, president]


def _workshop_choices(event):
    """Half of the confirmed people chose a workshop (one per slot)."""
    slots = list(workshops.workshops_of(event))
    confirmed = event.registrations.filter(state="confirmed").order_by("pk")
    for index, registration in enumerate(confirmed[: 2 * WORKSHOP_PLACES - 10]):
        workshops.set_choices(event, registration, [slots[index % len(slots)]])


def _assises(admin, rng, day, *, title, slug, **fields):
    event = _event(
        admin, slug=slug, title=title, kind="assises", audience="public", **fields,
        starts_at=_at(day, 9), ends_at=_at(day, 17, 30), venue="Halle de démonstration",
        address="1 place de l’Exemple, Saint-Ouen-sur-Seine",
        summary="Discours d’ouverture, tables rondes du matin, remise des trophées aux "
                "communes et visites de terrain l’après-midi en quatre groupes.",
    )  # fmt: skip
    _quotas(event, {"elected": 60, "commune_agent": 80, "manager": 60, "partner": 30,
                    "trader": 20, "public": 10})  # fmt: skip
    for position, (label, kind, choices) in enumerate(QUESTIONS):
        Question.objects.create(event=event, label=label, kind=kind, choices=choices,
                                position=position)  # fmt: skip
    speakers = [Speaker.objects.get_or_create(name=n, organisation=o, defaults={"bio": b})[0]
                for n, o, b in SPEAKERS]  # fmt: skip
    plan = [
        ("Accueil et discours d’ouverture", "plenary", 9, 0, 9, 45, "Grande salle", "", [0]),
        ("Table ronde : reconquérir les locaux vacants", "talk", 10, 0, 11, 15, "Grande salle",
         "", [2, 3]),
        ("Atelier : animer une association de commerçants", "workshop", 11, 30, 12, 30,
         "Salle A", "Parcours animation", [1]),
        ("Atelier : droit de préemption commercial", "workshop", 11, 30, 12, 30, "Salle B",
         "Parcours foncier", [3]),
        ("Remise des trophées des centres-villes vivants", "plenary", 14, 0, 14, 45,
         "Grande salle", "", [0]),
        ("Visite de terrain : marché couvert", "visit", 15, 0, 17, 0, "Départ hall",
         "Groupe 1", [1]),
        ("Visite de terrain : rue commerçante rénovée", "visit", 15, 0, 17, 0, "Départ hall",
         "Groupe 2", [2]),
    ]  # fmt: skip
    for title_, kind, h1, m1, h2, m2, room, track, who in plan:
        services.session_save(
            session=Session(event=event, title=title_, kind=kind, starts_at=_at(day, h1, m1),
                            ends_at=_at(day, h2, m2), room=room, track=track,
                            capacity=WORKSHOP_PLACES if kind == "workshop" else None),
            speakers=[speakers[i] for i in who], actor=admin,
        )  # fmt: skip
    return event


@transaction.atomic
def _demo_pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, 780, title[:80])
    pdf.setFont("Helvetica", 11)
    for i, line in enumerate([*lines, "Données de démonstration — document fictif."]):
        pdf.drawString(60, 740 - 18 * i, line[:100])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _slides_and_minutes(admin, event):
    """The slides and minutes of last year's round table and the minutes of the opening,
    public on the event's page since it has ended."""
    for session, kind, title in (
        ("Table ronde : reconquérir les locaux vacants", "slides", "Diaporama de la table ronde"),
        ("Table ronde : reconquérir les locaux vacants", "minutes", "Compte rendu de la table "
         "ronde"),
        ("Accueil et discours d’ouverture", "minutes", "Compte rendu des discours d’ouverture"),
    ):  # fmt: skip
        content = _demo_pdf(title, [event.title, session])
        publications.session_document_add(
            session=event.sessions.get(title=session), kind=kind, title=title, actor=admin,
            uploaded_file=ContentFile(content, name=f"{kind}.pdf"),
        )  # fmt: skip


def load(*, stdout=None):
    if Event.objects.filter(synthetic=True).exists():
        if stdout is not None:
            stdout.write("  événements déjà chargés")
        return
    rng = random.Random(SEED)
    admin = User.objects.get(email="admin@cvv.demo")
    today = timezone.localdate()
    communes = {c.code: c for c in Commune.objects.filter(code__in=NOMINATED)}

    # Next Assises: open, with a full "public" category (waiting list) and nominations.
    upcoming = _assises(
        admin, rng, today + dt.timedelta(days=120), slug="assises-demo-prochaines",
        title="Assises métropolitaines du centre-ville (démonstration)", confirm_within_days=3,
    )  # fmt: skip
    _people(rng, upcoming, 40, ["elected", "commune_agent", "manager", "partner"], "assises")
    _people(rng, upcoming, 13, ["public"], "public")  # 10 places: 3 on the waiting list
    _workshop_choices(upcoming)
    award = awards.award_save(award=AwardCategory(
        event=upcoming, title="Trophée du commerce de proximité",
        description="Une action exemplaire pour le commerce de centre-ville.",
        nominations_close_at=timezone.now() + dt.timedelta(days=60)), actor=admin)  # fmt: skip
    for code in NOMINATED[:3]:
        awards.nomination_submit(award=award, commune=communes[code],
                                 project=f"Projet de centre-ville de {communes[code].nom}",
                                 pitch="Projet fictif de démonstration.", actor=admin)  # fmt: skip
    _jury(admin, award)

    # Last year's Assises: the jury designated two laureates.
    past = _assises(admin, rng, today + dt.timedelta(days=5), slug="assises-demo-precedentes",
                    title="Assises métropolitaines du centre-ville — édition précédente "
                          "(démonstration)")  # fmt: skip
    attendees = _people(rng, past, 30, ["elected", "commune_agent", "manager", "partner"],
                        "precedentes")  # fmt: skip
    for registration in attendees[:24]:  # present: their certificates can be downloaded
        services.registration_transition(registration=registration, name="check_in", actor=admin)
    prize = awards.award_save(award=AwardCategory(
        event=past, title="Trophée des centres-villes vivants",
        nominations_close_at=timezone.now() + dt.timedelta(days=1)), actor=admin)  # fmt: skip
    jurors = _jury(admin, prize)
    criteria = list(prize.criteria.all())
    for i, code in enumerate(NOMINATED):
        nomination = awards.nomination_submit(
            award=prize, commune=communes[code], project=f"Redynamisation de {communes[code].nom}",
            pitch="Projet fictif de démonstration.", actor=admin)  # fmt: skip
        for juror in jurors:
            marks = {c.pk: max(c.max_score - i - rng.randint(0, 1), 0) for c in criteria}
            jury.score(nomination=nomination, juror=juror, scores=marks,
                       comment="Appréciation fictive (démonstration).")  # fmt: skip
        awards.nomination_transition(
            nomination=nomination, name="award" if i < 2 else "not_select", actor=admin,
            reason="Avis fictif du jury (démonstration).")  # fmt: skip

    # A past training with attendance (certificates) and an upcoming one for members.
    training = _event(
        admin, slug="formation-demo-vacance", title="Formation : agir sur la vacance "
        "commerciale (démonstration)", kind="training", audience="public",
        starts_at=_at(today + dt.timedelta(days=3), 9, 30),
        ends_at=_at(today + dt.timedelta(days=3), 17), training_hours=Decimal("6"),
        venue="Salle de formation de démonstration",
    )  # fmt: skip
    _quotas(training, {"manager": 15, "commune_agent": 10})
    people = _people(rng, training, 20, ["manager", "commune_agent"], "formation")
    for registration in [r for r in people if r.state == "confirmed"][:16]:
        services.registration_transition(registration=registration, name="check_in", actor=admin)
    for event, back in ((training, 60), (past, 400)):
        shift = dt.timedelta(days=back)
        event.starts_at -= shift
        event.ends_at -= shift
        services.event_save(event=event, actor=admin)
        for session in event.sessions.all():
            session.starts_at -= shift
            session.ends_at -= shift
            services.session_save(session=session, actor=admin)
    _slides_and_minutes(admin, past)
    webinar = _event(
        admin, slug="formation-demo-numerique", title="Webinaire : le numérique au service du "
        "commerce de proximité (démonstration)", kind="webinar", audience="members",
        starts_at=_at(today + dt.timedelta(days=30), 11),
        ends_at=_at(today + dt.timedelta(days=30), 12, 30),
        online_url="https://visio.exemple-demo.fr/commerce-numerique",
    )  # fmt: skip
    _quotas(webinar, {"manager": 100, "commune_agent": 100, "partner": 50})
    if stdout is not None:
        stdout.write("  événements : 2 Assises, 1 formation passée avec présences, 1 webinaire")
