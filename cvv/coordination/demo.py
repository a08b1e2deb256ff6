"""Demo data of the coordination module (synthetic, labelled): the Métropole's other
programmes with their calls, 60 participations of communes, 10 referrals at every stage, and
an officer account for one programme. Seeded; a second run changes nothing."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cvv.coordination import services
from cvv.coordination.models import (
    MetroProgramme,
    Participation,
    ParticipationStatus,
    ProgrammeCall,
    Referral,
)
from cvv.documents.models import Document
from cvv.organisations.demo import DEMO_PASSWORD
from cvv.organisations.enums import OrganisationKind, Role
from cvv.organisations.models import Membership, Organisation
from cvv.programme.models import Accompaniment
from cvv.territories.models import Commune
from cvv.users.models import User

ORDER = 60
SEED = 20261204
OFFICER_EMAIL = "programme.tierslieux@cvv.demo"

# (code, name, purpose, who may apply, what a commune gets, rate %, ceiling €)
PROGRAMMES = [
    (
        "innover",
        "Innover dans la ville",
        "Expérimenter en conditions réelles des solutions innovantes au service de la ville.",
        "Communes et établissements publics territoriaux, avec des entreprises innovantes.",
        "Un terrain d’expérimentation accompagné et un cofinancement de l’expérimentation.",
        Decimal("50"),
        Decimal("100000"),
    ),
    (
        "tiers-lieux",
        "Tiers-lieux métropolitains",
        "Soutenir la création et le développement de tiers-lieux dans la Métropole.",
        "Communes, associations et entreprises de l’économie sociale et solidaire.",
        "Une subvention d’investissement pour aménager le lieu.",
        Decimal("40"),
        Decimal("150000"),
    ),
    (
        "logistique",
        "Pacte métropolitain pour une logistique urbaine",
        "Organiser des livraisons plus propres et mieux partagées en centre-ville.",
        "Communes signataires du pacte.",
        "Un accompagnement technique et des aires de livraison mutualisées.",
        None,
        None,
    ),
    (
        "economie-circulaire",
        "Économie circulaire et solidaire",
        "Développer le réemploi, la réparation et les filières locales.",
        "Communes, associations et entreprises de l’économie sociale et solidaire.",
        "Une subvention de fonctionnement ou d’investissement.",
        Decimal("50"),
        Decimal("80000"),
    ),
    (
        "fim",
        "Fonds d’investissement métropolitain",
        "Cofinancer les investissements communaux d’intérêt métropolitain.",
        "Les 130 communes de la Métropole.",
        "Une subvention d’investissement.",
        Decimal("30"),
        Decimal("500000"),
    ),
    (
        "inventons",
        "Inventons la Métropole",
        "Faire émerger des projets urbains innovants sur des sites proposés par les communes.",
        "Communes propriétaires ou maîtrisant un site.",
        "Un appel à projets international sur le site proposé.",
        None,
        None,
    ),
]
# Referral stages: (transitions fired after the draft, how many)
STAGES = [
    ((), 2),
    (("send",), 2),
    (("send", "acknowledge"), 2),
    (("send", "acknowledge", "accept"), 2),
    (("send", "decline"), 1),
    (("send", "withdraw"), 1),
]


def _say(stdout, message):
    if stdout is not None:
        stdout.write(f"  {message}")


def _officer():
    organisation, _ = Organisation.objects.get_or_create(
        name="Mission tiers-lieux de la Métropole (démo)",
        kind=OrganisationKind.PARTENAIRE,
        defaults={"partner_type": "Programme métropolitain"},
    )
    user, created = User.objects.get_or_create(
        email=OFFICER_EMAIL, defaults={"first_name": "Timothée", "last_name": "Tiers-lieux"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=Role.PARTNER_EXPERT,
        defaults={"title": "Chargé du programme Tiers-lieux (démo)"},
    )
    return organisation, user


@transaction.atomic
def load(*, stdout=None):
    if MetroProgramme.objects.filter(synthetic=True).exists():
        _say(stdout, "programmes métropolitains déjà chargés")
        return
    rng = random.Random(SEED)
    admin = User.objects.get(email="admin@cvv.demo")
    organisation, officer = _officer()
    today = timezone.localdate()
    programmes = []
    for code, name, purpose, who, gets, rate, ceiling in PROGRAMMES:
        programme = services.programme_save(
            programme=MetroProgramme(
                code=code,
                name=name,
                purpose=purpose,
                who_may_apply=who,
                what_commune_gets=gets,
                rate=rate,
                ceiling=ceiling,
                contact_name="Direction des programmes (démo)",
                contact_email=f"{code}@programmes.cvv.demo",
                organisation=organisation if code == "tiers-lieux" else None,
                synthetic=True,
            ),
            actor=admin,
        )
        programmes.append(programme)
        for index in range(2):
            opens = today + datetime.timedelta(days=rng.randint(-90, 30) + 120 * index)
            call = ProgrammeCall(
                programme=programme,
                title=f"Appel {today.year + index} — session {index + 1}",
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=rng.randint(30, 120)),
                max_population=60000 if code == "tiers-lieux" and index == 0 else None,
            )
            services.call_save(call=call, actor=admin)
    communes = list(Commune.objects.order_by("code"))
    statuses = list(ParticipationStatus.values)
    for index in range(60):
        started = today - datetime.timedelta(days=rng.randint(30, 1400))
        status = rng.choice(statuses)
        Participation.objects.create(
            commune=rng.choice(communes),
            programme=rng.choice(programmes),
            project=f"Projet de démonstration n° {index + 1}",
            amount=Decimal(rng.randrange(5_000, 400_000, 500)) if status != "planned" else None,
            status=status,
            started_on=started,
            ended_on=started + datetime.timedelta(days=rng.randint(180, 720))
            if status == "completed"
            else None,
            synthetic=True,
            created_by=admin,
        )
    tiers_lieux = next(p for p in programmes if p.code == "tiers-lieux")
    accompaniments = list(Accompaniment.objects.select_related("commune").order_by("pk")[:10])
    number = 0
    for transitions, count in STAGES:
        for _ in range(count):
            accompaniment = accompaniments[number % len(accompaniments)] if accompaniments else None
            commune = accompaniment.commune if accompaniment else communes[number]
            referral = services.referral_create(
                commune=commune,
                programme=tiers_lieux,
                accompaniment=accompaniment,
                project=f"Tiers-lieu en centre-ville (démonstration {number + 1})",
                summary="Un local vacant du centre-ville transformé en tiers-lieu : "
                "coworking, ateliers de réparation, permanence des associations.",
                documents=list(Document.objects.filter(commune=commune).current()[:2]),
                actor=admin,
            )
            Referral.objects.filter(pk=referral.pk).update(synthetic=True)
            for name in transitions:
                actor = officer if name in ("acknowledge", "accept", "decline") else admin
                reason = (
                    "Projet cohérent avec l’appel en cours (démonstration)."
                    if name in ("accept", "decline")
                    else ""
                )
                services.referral_transition(
                    referral=referral, name=name, actor=actor, reason=reason
                )
            number += 1
    _say(stdout, f"{len(programmes)} programmes, 60 participations, {number} orientations")
