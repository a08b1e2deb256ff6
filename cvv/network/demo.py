"""Demo data of the network: synthetic managers across the territories with profiles and
projects, questions with answers, followed topics and a request to talk, all written through
the services and labelled as demonstration data (bios, question texts, e-mail domain)."""

import datetime as dt
import random

from django.db import transaction

from cvv.network import advice, information, questions, services
from cvv.network.enums import Topic
from cvv.network.models import Profile
from cvv.organisations.enums import OrganisationKind, Role
from cvv.organisations.models import Membership, Organisation
from cvv.programme.models import Accompaniment
from cvv.users.models import User

ORDER = 50
MANAGERS = 80
FIRST = ["Camille", "Sofia", "Yanis", "Léa", "Hugo", "Nora", "Karim", "Julie", "Malik", "Anaïs",
         "Thomas", "Inès", "Mehdi", "Claire", "Bastien", "Aïcha", "Lucas", "Fatou"]  # fmt: skip
LAST = ["Martin", "Benali", "Durand", "Nguyen", "Lefèvre", "Diallo", "Moreau", "Roux", "Petit",
        "Garcia", "Bernard", "Traoré", "Lambert", "Fontaine", "Haddad", "Chevalier"]  # fmt: skip
NEWS = [
    ("Nouvel appel à projets FIMACS",
     "Le prochain comité examinera les dossiers déposés avant la fin du mois."),
    ("Les Assises du centre-ville : inscriptions ouvertes",
     "Le programme, les ateliers et les visites de terrain sont en ligne ; les places des "
     "ateliers sont limitées."),
    ("Formation « Piloter la vacance commerciale »",
     "Une journée pour construire un tableau de bord des cellules vides avec l’observatoire."),
    ("Retour sur le club des managers du Grand Paris Grand Est",
     "Trente managers ont partagé leurs pratiques sur les marchés forains et les unions "
     "commerciales."),
]  # fmt: skip
TITLES = ["Manager de commerce", "Manageuse de centre-ville", "Chargé du développement commercial"]
PROJECTS = {
    "marches": "Relance du marché forain",
    "vacance": "Plan de reconquête des cellules vides",
    "animations": "Festival des commerces de quartier",
    "numerique": "Vitrine numérique des commerçants",
    "logistique": "Livraisons mutualisées en centre-ville",
    "preemption": "Préemption d’un local stratégique",
    "devantures": "Charte des devantures",
    "unions": "Création d’une union commerciale",
}
QUESTIONS = [
    ("marches", "Comment avez-vous fait revenir des commerçants non sédentaires ?"),
    ("vacance", "Quel outil pour suivre les locaux vacants au fil des mois ?"),
    ("preemption", "Qui a déjà exercé le droit de préemption sur un fonds ?"),
    ("devantures", "Avez-vous un modèle de charte des devantures ?"),
    ("numerique", "Une place de marché locale en ligne, ça marche ?"),
    ("unions", "Comment relancer une union commerciale en sommeil ?"),
    ("logistique", "Des retours sur un espace de logistique urbaine ?"),
    ("animations", "Quel budget pour les illuminations de fin d’année ?"),
]
DEMO = "(données de démonstration)"


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _managers(rng):
    """MANAGERS managers spread over the communes taken territory by territory in turn, so
    that every territory has some."""
    by_territory = {}
    for organisation in (
        Organisation.objects.filter(kind=OrganisationKind.COMMUNE)
        .select_related("commune")
        .order_by("commune__territoire__code", "commune__code")
    ):
        by_territory.setdefault(organisation.commune.territoire_id, []).append(organisation)
    organisations, rank = [], 0
    while any(rank < len(group) for group in by_territory.values()):
        organisations += [group[rank] for group in by_territory.values() if rank < len(group)]
        rank += 1
    people = []
    for index in range(min(MANAGERS, len(organisations))):
        organisation = organisations[index]
        user, _ = User.objects.get_or_create(
            email=f"manager{index + 1:02d}@reseau.cvv.demo",
            defaults={"first_name": rng.choice(FIRST), "last_name": rng.choice(LAST)},
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=Role.COMMERCE_MANAGER
        )
        people.append(user)
    return people


def _profile(user, rng, *, index):
    topics = rng.sample(sorted(PROJECTS), k=3)
    services.profile_save(
        actor=user,
        topics=topics,
        in_directory=True,
        job_title=rng.choice(TITLES),
        since=dt.date(2014 + index % 11, 1 + index % 12, 1),
        bio=f"Profil fictif {DEMO}.",
        show_email=index % 3 == 0,
    )
    commune = user.memberships.filter(is_active=True).first().organisation.commune
    accompaniment = Accompaniment.objects.filter(commune=commune).first()
    for number, topic in enumerate(topics[: 1 + index % 3]):
        services.project_add(
            actor=user,
            title=PROJECTS[topic],
            topic=topic,
            year=2019 + (index + number) % 7,
            summary=f"Projet fictif {DEMO}.",
            accompaniment=accompaniment if number == 0 else None,
        )


def _information(people):
    instructor = User.objects.filter(email="instructeur@cvv.demo").first()
    if instructor is not None:
        items = [
            information.news_publish(actor=instructor, title=title, body=f"{body} {DEMO}")
            for title, body in NEWS
        ]
        information.newsletter_compose(
            actor=instructor,
            subject="Lettre du réseau n° 1",
            body=f"Les actualités du réseau des managers {DEMO}.",
            news=items,
        )
    today = dt.date.today()
    for index, user in enumerate(people[:3]):
        commune = user.memberships.filter(is_active=True).first().organisation.commune
        information.job_post(
            actor=user,
            title="Manager de commerce et de centre-ville",
            employer=f"Ville de {commune.nom}",
            place=commune.nom,
            description=f"Offre fictive {DEMO}.",
            contact=f"recrutement{index + 1}@reseau.cvv.demo",
            closes_on=today + dt.timedelta(days=20 + 10 * index),
        )
    advice.advice_request_create(
        actor=people[0],
        domain="general",
        subject="Organiser un comité local du commerce",
        question=f"Quelle composition recommandez-vous ? {DEMO}",
    )


@transaction.atomic
def load(*, stdout=None):
    if Profile.objects.filter(user__email__endswith="@reseau.cvv.demo").exists():
        _say(stdout, "Réseau : données de démonstration déjà présentes.")
        return
    rng = random.Random(13)
    people = _managers(rng)
    demo_accounts = list(
        User.objects.filter(email__in=["manager.93005@cvv.demo", "agent.93048@cvv.demo"])
    )
    for index, user in enumerate([*people, *demo_accounts]):
        _profile(user, rng, index=index)
    for index, (topic, title) in enumerate(QUESTIONS * 5):
        author = people[index % len(people)]
        question = questions.question_ask(
            actor=author,
            title=title if index < len(QUESTIONS) else f"{title} (bis {index // len(QUESTIONS)})",
            topic=topic,
            body=f"Question fictive {DEMO}.",
        )
        answers = [
            questions.answer_post(
                actor=people[(index + step * 7) % len(people)],
                question=question,
                body=f"Réponse fictive n° {step} sur « {Topic(topic).label} » {DEMO}.",
            )
            for step in range(1, 1 + index % 3)
        ]
        if answers and index % 2 == 0:
            questions.answer_accept(actor=author, answer=answers[0])
    for user in people[:10]:
        questions.topic_follow(actor=user, topic=rng.choice(sorted(PROJECTS)), follow=True)
    if len(demo_accounts) == 2:
        peer = Profile.objects.get(user=demo_accounts[0])
        services.contact_request_create(
            requester=demo_accounts[1],
            peer=peer,
            topic="marches",
            message=f"Pouvons-nous parler de votre marché ? {DEMO}",
        )
    _information(people)
    _say(stdout, f"Réseau : {len(people)} managers, {len(QUESTIONS) * 5} questions.")
