"""Demo data of the programme: the 2e édition (closed) and the 3e édition (rolling call open,
accompaniments running) with about forty candidatures in every state, twenty-five
accompaniments at different phases (actions, meetings, recommendations, expertise requests,
conversation) and a published toolbox. Idempotent: a second run changes nothing."""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cvv.documents.services import document_upload
from cvv.organisations.models import Organisation
from cvv.programme.demo_help import load_help
from cvv.programme.demo_toolbox import RESOURCES
from cvv.programme.models import (
    PHASE_ORDER,
    Accompaniment,
    Action,
    CallForApplications,
    Candidature,
    Criterion,
    Edition,
    ExpertiseRequest,
    Meeting,
    MeetingDecision,
    Message,
    Milestone,
    Recommendation,
    Resource,
    Review,
    Score,
    TeamMember,
)
from cvv.programme.services.accompaniments import DEFAULT_MILESTONES, deliverable_upload
from cvv.programme.services.candidatures import prefill
from cvv.programme.services.selection import weighted_total
from cvv.programme.workflows import ACCOMPANIMENT
from cvv.territories.models import Commune
from cvv.users.models import User

ORDER = 30

CRITERIA = [
    ("Qualité du diagnostic de départ", "Connaissance de l’offre, de la vacance, des flux.", 25),
    ("Portage politique et équipe projet", "Élu référent, chef de projet identifié.", 25),
    ("Potentiel de revitalisation", "Leviers fonciers, dynamique commerciale.", 30),
    ("Partenariats mobilisés", "Commerçants, bailleurs, chambres consulaires.", 20),
]
QUESTIONS = [
    "Quelle centralité souhaitez-vous revitaliser et pourquoi maintenant ?",
    "Quels moyens humains la commune consacrera-t-elle au projet ?",
]
# (state, count): about forty candidatures of the 3e édition, every state represented.
STATES = [
    ("accepted", 20),
    ("accepted_studies", 5),
    ("refused", 4),
    ("deferred", 2),
    ("ineligible", 1),
    ("under_review", 3),
    ("submitted", 2),
    ("resubmitted", 1),
    ("completion_requested", 1),
    ("draft", 1),
]
ACTION_TITLES = [
    "Recruter un manager de commerce",
    "Lancer l’étude de programmation commerciale",
    "Adopter une charte des devantures et enseignes",
    "Mettre en place une aide à la rénovation des vitrines",
    "Réorganiser le marché forain",
    "Instituer un périmètre de sauvegarde du commerce",
    "Créer une boutique à l’essai",
    "Acquérir deux cellules vacantes avec la foncière",
    "Relancer l’association des commerçants",
    "Installer une signalétique piétonne vers le centre",
    "Former les commerçants au numérique",
    "Instaurer la taxe sur les friches commerciales",
]
RECOMMENDATIONS = [
    ("Adopter une charte des devantures", "Concevoir une charte des devantures et enseignes"),
    (
        "Suivre la vacance chaque semestre",
        "Mesurer la vacance commerciale : méthode et grille de relevé",
    ),
    ("Recruter un manager de commerce", "Recruter et installer un manager de commerce"),
    ("Étudier le droit de préemption", "Le droit de préemption commercial : mode d’emploi"),
    ("Tester une boutique à l’essai", "Boutique à l’essai : lancer un dispositif"),
]
EXPERTISE = [
    ("commercial", "Programmation des cellules de la rue principale"),
    ("legal", "Rédaction du règlement de l’aide aux vitrines"),
    ("fonciere", "Acquisition de cellules vacantes par la foncière"),
    ("financing", "Plan de financement de l’étude de programmation"),
]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _toolbox(admin):
    today = timezone.localdate()
    resources = {}
    for index, (title, category, author, tags, summary, url) in enumerate(RESOURCES):
        resource, _ = Resource.objects.get_or_create(
            title=title,
            defaults={
                "category": category,
                "author": author,
                "tags": tags,
                "summary": summary,
                "body": summary,
                "url": url,
                "state": Resource.State.PUBLISHED,
                "published_at": timezone.now(),
                "last_reviewed_on": today - datetime.timedelta(days=30 + index * 11),
                # A few are past their review date, to show the flag.
                "expires_on": today + datetime.timedelta(days=(-20 if index % 9 == 4 else 300)),
                "created_by": admin,
            },
        )
        resources[title] = resource
    return resources


def _xlsx_plan():
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan de financement"
    sheet.append(["Poste de dépense", "Montant HT (€)", "Financeur", "Montant (€)"])
    sheet.append(["Étude de programmation commerciale", 30000, "Commune", 9000])
    sheet.append(["Rénovation des vitrines", 120000, "FIMACS (Métropole)", 60000])
    sheet.append(["Signalétique", 15000, "Autres aides publiques", 36000])
    sheet.append(["Total", "=SUM(B2:B4)", "", "=SUM(D2:D4)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VACANCY_GRID = (
    "adresse;numéro;état (occupé / vacant / en travaux);activité;surface (m²);date du relevé\n"
    "12 rue de la République;12;occupé;boulangerie;80;2026-03-02\n"
    "14 rue de la République;14;vacant;;65;2026-03-02\n"
).encode()

ATTACHMENTS = [
    (
        "Mesurer la vacance commerciale : méthode et grille de relevé",
        "Grille de relevé (CSV)",
        "grille-releve-vacance.csv",
        lambda: VACANCY_GRID,
    ),
    (
        "Plan de financement d’une opération de centre-ville",
        "Modèle de plan de financement (XLSX)",
        "plan-financement.xlsx",
        _xlsx_plan,
    ),
    (
        "Modèle de convention d’accompagnement commune – Métropole",
        "Convention type (PDF)",
        "convention-accompagnement.pdf",
        lambda: PDF,
    ),
]


def _attachments(resources, admin):
    from cvv.programme.services.toolbox import attachment_add

    for title, label, filename, content in ATTACHMENTS:
        resource = resources[title]
        if not resource.attachments.exists():
            attachment_add(
                resource=resource,
                uploaded_file=SimpleUploadedFile(filename, content()),
                title=label,
                actor=admin,
            )


def _edition(number, year, state, budget):
    edition, _ = Edition.objects.get_or_create(
        number=number,
        defaults={
            "name": f"{number}e édition",
            "year": year,
            "starts_on": datetime.date(year, 1, 15),
            "ends_on": datetime.date(year + 1, 12, 31),
            "budget": Decimal(budget),
            "state": state,
            "description": "Accompagnement stratégique et technique des communes de la "
            "Métropole pour la revitalisation de leurs centres-villes.",
        },
    )
    call, _ = CallForApplications.objects.get_or_create(
        edition=edition,
        defaults={
            "title": f"Appel à candidatures Centres-Villes Vivants — {edition.name}",
            "opens_on": datetime.date(year, 1, 15),
            "closes_on": datetime.date(year, 12, 31),
            "description": "Appel au fil de l’eau : les candidatures sont examinées par le "
            "comité de sélection chaque trimestre.",
            "eligibility": "Communes de la Métropole du Grand Paris ; délibération du conseil "
            "municipal engageant la commune dans la démarche.",
            "required_documents": ["deliberation"],
        },
    )
    if not call.questions.exists():
        for order, label in enumerate(QUESTIONS, start=1):
            call.questions.create(order=order, label=label)
    if not edition.criteria.exists():
        for order, (label, description, weight) in enumerate(CRITERIA, start=1):
            Criterion.objects.create(
                edition=edition,
                order=order,
                label=label,
                description=description,
                weight=Decimal(weight),
            )
    return edition


def _communes(rng):
    communes = list(Commune.objects.exclude(code__in=["93005", "93048"]).order_by("code"))
    chosen = rng.sample(communes, 38)
    return [Commune.objects.get(code="93005"), Commune.objects.get(code="93048"), *chosen]


def _review(candidature, reviewer, rng, criteria):
    review = Review.objects.create(
        candidature=candidature,
        reviewer=reviewer,
        state=Review.State.SUBMITTED,
        no_conflict_declared=True,
    )
    for criterion in criteria:
        Score.objects.create(review=review, criterion=criterion, value=rng.randint(2, 5))
    review.total = weighted_total(review.scores.all(), criteria)
    review.submitted_at = timezone.now()
    review.comment = "Projet cohérent avec les enjeux du centre-ville."
    review.save()


def _candidature(edition, commune, state, author, rng):
    known = prefill(commune, edition)
    submitted = state != "draft"
    candidature = Candidature.objects.create(
        edition=edition,
        commune=commune,
        state=state,
        created_by=author,
        siren=known["siren"],
        population=known["population"],
        territoire_code=known["territoire_code"],
        need_small=known["need_small"],
        need_fragile=known["need_fragile"],
        need_index=known["need_index"],
        need_reasons=known["need_reasons"],
        need_bonus=known["need_bonus"],
        indicators=known["indicators"],
        contact_name=f"Service du développement économique de {commune.nom}",
        contact_email=f"commerce@{commune.code}.cvv.demo",
        centre_name="Centre-ville",
        motivation=f"Le centre de {commune.nom} voit sa vacance commerciale progresser et ses "
        "commerces de bouche fermer ; la commune veut une stratégie partagée.",
        existing_actions="Animations de Noël, soutien à l’association des commerçants.",
        expected_support="Diagnostic, stratégie commerciale et plan d’actions.",
        team="Élu au commerce, directeur du développement économique, manager à recruter.",
        submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(20, 200))
        if submitted
        else None,
        completion_request="Joindre la délibération du conseil municipal."
        if state == "completion_requested"
        else "",
        decision_reason={
            "accepted": "Projet prioritaire, équipe projet solide.",
            "accepted_studies": "Études préalables nécessaires avant le plan d’actions.",
            "refused": "Projet insuffisamment défini ; la commune est invitée à recandidater.",
            "deferred": "Décision reportée dans l’attente du recrutement du chef de projet.",
        }.get(state, ""),
        decided_at=timezone.now() - datetime.timedelta(days=rng.randint(10, 150))
        if state in Candidature.DECIDED_STATES
        else None,
        eligibility_notes="Commune hors Métropole de fait : dossier non recevable."
        if state == "ineligible"
        else "",
    )
    candidature.answers = {str(q.pk): "Voir la note jointe." for q in edition.call.questions.all()}
    candidature.save(update_fields=["answers"])
    return candidature


def _accompaniment(candidature, phase, people, resources, rng, index, started_on=None):
    today = timezone.localdate()
    referent = people["referents"][index % 2]
    accompaniment = Accompaniment.objects.create(
        edition=candidature.edition,
        commune=candidature.commune,
        candidature=candidature,
        studies_only=candidature.state == "accepted_studies",
        phase=phase,
        referent=referent,
        started_on=started_on or today - datetime.timedelta(days=120 + index * 9),
        summary=candidature.expected_support,
        last_activity_at=timezone.now()
        - datetime.timedelta(days=(45 if index % 6 == 5 else rng.randint(0, 12))),
    )
    TeamMember.objects.create(accompaniment=accompaniment, user=referent, kind="referent")
    if index % 2 == 0 or candidature.commune.code == "93005":
        TeamMember.objects.create(
            accompaniment=accompaniment,
            user=people["expert"],
            kind="expert",
            organisation=people["cci"],
        )
    if index % 5 == 0:
        TeamMember.objects.create(
            accompaniment=accompaniment,
            user=people["fonciere"],
            kind="expert",
            organisation=people["fonciere_org"],
        )
    current = PHASE_ORDER.index(phase)
    elapsed = (today - accompaniment.started_on).days
    for milestone_phase, title in DEFAULT_MILESTONES:
        position = PHASE_ORDER.index(milestone_phase)
        if accompaniment.studies_only and position > PHASE_ORDER.index("action_plan"):
            continue
        # Phases already passed share the elapsed time; later ones are planned every 2 months.
        if position < current:
            due_on = accompaniment.started_on + datetime.timedelta(
                days=elapsed * (position + 1) // (current + 1)
            )
            done_on = due_on - datetime.timedelta(days=3)
        else:
            due_on = today + datetime.timedelta(days=60 * (position - current + 1))
            done_on = None
        Milestone.objects.create(
            accompaniment=accompaniment,
            phase=milestone_phase,
            title=title,
            due_on=due_on,
            done_on=done_on,
        )
    author = people["agents"].get(candidature.commune.code, referent)
    titles = rng.sample(ACTION_TITLES, 3 + index % 4)
    if candidature.commune.code == "93005":
        titles = ACTION_TITLES[:6]
    for number, title in enumerate(titles):
        status = rng.choice(["planned", "in_progress", "in_progress", "done"])
        if current < PHASE_ORDER.index("action_plan"):
            status = "planned"
        deadline = today + datetime.timedelta(days=rng.randint(-15, 150))
        Action.objects.create(
            accompaniment=accompaniment,
            title=title,
            owner=author if number % 2 == 0 else None,
            owner_label="" if number % 2 == 0 else "Direction du développement économique",
            deadline=deadline,
            status=status,
            completed_on=deadline if status == "done" else None,
            budget=Decimal(rng.choice([0, 8000, 15000, 25000, 45000, 60000, 120000])),
            phase=rng.choice(PHASE_ORDER[: max(current, 2) + 1]),
            created_by=referent,
        )
    for number in range(1 + index % 3):
        meeting = Meeting.objects.create(
            accompaniment=accompaniment,
            kind=["copil", "workshop", "cotech"][number % 3],
            title=["Comité de lancement", "Atelier avec les commerçants", "Comité technique"][
                number % 3
            ],
            held_at=timezone.now() - datetime.timedelta(days=80 - number * 25),
            location=f"Hôtel de ville de {candidature.commune.nom}",
            minutes="Présentation du diagnostic, échanges avec les commerçants, validation du "
            "calendrier.",
            created_by=referent,
        )
        meeting.participants.set([referent, author])
        action = accompaniment.actions.order_by("pk").first() if number == 0 else None
        MeetingDecision.objects.create(
            meeting=meeting,
            text="Valider le calendrier de l’accompagnement"
            if action is None
            else f"Engager : {action.title}",
            action=action,
        )
    for number, (title, resource_title) in enumerate(rng.sample(RECOMMENDATIONS, 1 + index % 3)):
        recommendation = Recommendation.objects.create(
            accompaniment=accompaniment,
            title=title,
            body="Voir la ressource de la boîte à outils et en discuter au prochain comité.",
            status=["proposed", "in_progress", "done", "not_relevant"][(index + number) % 4],
            commune_comment="Déjà engagé l’an dernier." if (index + number) % 4 == 3 else "",
            author=referent,
        )
        recommendation.resources.set([resources[resource_title]])
    for number in range(index % 3):
        domain, subject = EXPERTISE[(index + number) % len(EXPERTISE)]
        partner = people["routing"][domain]
        ExpertiseRequest.objects.create(
            accompaniment=accompaniment,
            domain=domain,
            subject=subject,
            question=f"{subject} : quelles options pour {candidature.commune.nom} ?",
            partner=partner,
            due_on=today + datetime.timedelta(days=rng.randint(-15, 30)),
            state=["submitted", "accepted", "answered"][number % 3],
            answer="Analyse transmise : trois scénarios chiffrés." if number % 3 == 2 else "",
            answered_at=timezone.now() if number % 3 == 2 else None,
            requested_by=author,
        )
    Message.objects.create(
        accompaniment=accompaniment,
        author=referent,
        body="Bienvenue dans l’accompagnement : le comité de lancement est calé.",
    )
    Message.objects.create(
        accompaniment=accompaniment,
        author=referent,
        body="Note interne : élu très moteur, services à renforcer.",
        private=True,
    )
    return accompaniment


def _people():
    def user(email):
        return User.objects.get(email=email)

    cci = Organisation.objects.get(name="CCI Paris Île-de-France")
    fonciere_org = Organisation.objects.get(name="Foncière métropolitaine du commerce")
    by_type = {o.partner_type: o for o in Organisation.objects.exclude(partner_type="")}
    return {
        "referents": [user("instructeur@cvv.demo"), user("admin@cvv.demo")],
        "expert": user("expert.cci@cvv.demo"),
        "fonciere": user("fonciere@cvv.demo"),
        "cci": cci,
        "fonciere_org": fonciere_org,
        "agents": {"93005": user("agent.93005@cvv.demo"), "93048": user("agent.93048@cvv.demo")},
        "routing": {
            "commercial": cci,
            "legal": cci,
            "fonciere": fonciere_org,
            "financing": by_type.get("Banque des Territoires", cci),
        },
    }


@transaction.atomic
def load(*, stdout=None):
    people = _people()
    admin = people["referents"][1]
    resources = _toolbox(admin)
    _attachments(resources, admin)
    if Edition.objects.filter(number=3).exists():
        _say(stdout, "Programme : données de démonstration déjà présentes.")
        return
    rng = random.Random(2026)
    previous = _edition(2, 2024, Edition.State.CLOSED, "1200000.00")
    edition = _edition(3, 2026, Edition.State.CALL_OPEN, "1800000.00")
    criteria = list(edition.criteria.all())
    communes = _communes(rng)
    states = [state for state, count in STATES for _ in range(count)]
    accompaniments = 0
    for index, (commune, state) in enumerate(zip(communes, states, strict=True)):
        author = people["agents"].get(commune.code, admin)
        candidature = _candidature(edition, commune, state, author, rng)
        if state in ("under_review", *Candidature.DECIDED_STATES):
            for reviewer in people["referents"]:
                _review(candidature, reviewer, rng, criteria)
        if state in ("accepted", "accepted_studies"):
            phase = PHASE_ORDER[index % (3 if state == "accepted_studies" else 5)]
            if commune.code == "93005":
                phase = "implementation"
            _accompaniment(candidature, phase, people, resources, rng, accompaniments)
            accompaniments += 1
    # The previous edition: eight accompaniments started in 2024 and completed, for history
    # (and so that the measured impact has communes accompanied before the latest computation).
    for index, commune in enumerate(communes[10:18]):
        candidature = _candidature(previous, commune, "accepted", admin, rng)
        started = datetime.date(2024, 2, 1) + datetime.timedelta(days=15 * index)
        old = _accompaniment(candidature, "evaluation", people, resources, rng, index, started)
        old.ended_on = datetime.date(2025, 12, 15)
        ACCOMPANIMENT.apply(old, "complete", actor=admin, extra_update_fields=["ended_on"])
    for candidature in edition.candidatures.filter(commune__code__in=["93005", "93048"]):
        deliberation = document_upload(
            commune=candidature.commune,
            uploaded_file=SimpleUploadedFile("deliberation.pdf", PDF),
            kind="deliberation",
            title="Délibération du conseil municipal engageant la commune",
            actor=candidature.created_by,
        )
        candidature.documents.add(deliberation)
    aulnay = Accompaniment.objects.get(edition=edition, commune__code="93005")
    deliverable_upload(
        accompaniment=aulnay,
        uploaded_file=SimpleUploadedFile("diagnostic.pdf", PDF),
        title="Diagnostic commercial du centre-ville",
        phase="diagnostic",
        actor=people["expert"],
    )
    helped = load_help(people)
    _say(
        stdout,
        f"Programme : {len(states)} candidatures, {accompaniments} accompagnements en cours, "
        f"{len(resources)} ressources publiées, {helped} demandes d’aide.",
    )
