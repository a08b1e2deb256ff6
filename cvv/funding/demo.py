"""Demo data of the FIMACS fund: about sixty dossiers of the programme's current edition in
every state, walked through the real services (audit trail included), two committee
sessions, conventions, payments and the edition's envelopes. Idempotent: skipped when the
demo dossiers exist. Uses the programme demo's edition and accompaniments (ORDER 30)."""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cvv.core.workflows import SYSTEM
from cvv.documents.models import PieceStatus
from cvv.funding.models import AgendaItem, Dossier, Opinion, PaymentRequest
from cvv.funding.services import (
    committee,
    conventions,
    dossiers,
    instruction,
    payments,
    pieces,
)
from cvv.funding.services.budget import envelope_set
from cvv.funding.services.lapse import dossier_lapse
from cvv.organisations.enums import OrganisationKind, Role
from cvv.organisations.models import Membership, Organisation
from cvv.programme.models import Accompaniment
from cvv.programme.selectors import current_edition
from cvv.users.models import User

ORDER = 40
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S = Dossier.State
# Target state -> number of dossiers (61 in all).
PLAN = [
    (S.DRAFT, 8),
    (S.SUBMITTED, 5),
    (S.COMPLETION_REQUESTED, 4),
    (S.RESUBMITTED, 3),
    (S.UNDER_INSTRUCTION, 6),
    (S.READY_FOR_COMMITTEE, 5),
    (S.GRANTED, 6),
    (S.REFUSED, 4),
    (S.DEFERRED, 3),
    (S.CONVENTION_SIGNED, 5),
    (S.PAYING, 6),
    (S.CLOSED, 3),
    (S.WITHDRAWN, 2),
    (S.LAPSED, 1),
]
PROJECTS = [
    ("Rénovation des vitrines de la rue commerçante", [("TRAVAUX_LOCAUX", 60, 180)]),
    ("Étude de programmation commerciale du centre", [("ETUDES", 25, 70)]),
    ("Rachat des murs d’un local vacant", [("ACQUISITION", 150, 450), ("ETUDES", 10, 20)]),
    ("Requalification de la place du marché", [("ESPACE_PUBLIC", 200, 700)]),
    ("Rénovation de la halle couverte", [("HALLES_MARCHES", 250, 800), ("ETUDES", 15, 30)]),
    ("Plateforme numérique des commerçants", [("NUMERIQUE", 20, 60), ("FONCTIONNEMENT", 5, 15)]),
    ("Façades et enseignes du cœur de ville", [("TRAVAUX_LOCAUX", 80, 250), ("ETUDES", 10, 25)]),
]


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _people():
    get = User.objects.filter
    return {
        "admin": get(email="admin@cvv.demo").first(),
        "instructor": get(email="instructeur@cvv.demo").first(),
        "finance": get(email="finances@cvv.demo").first(),
        "expert": get(email="expert.cci@cvv.demo").first(),
        "agents": {
            "93005": get(email="agent.93005@cvv.demo").first(),
            "93048": get(email="agent.93048@cvv.demo").first(),
        },
    }


def _author(commune, people):
    """The commune's person who prepares its dossiers: the demo account of the commune when
    there is one, else a demonstration agent of that commune without a password (it never
    logs in; the workflow lets only a commune's people file its dossiers)."""
    known = people["agents"].get(commune.code)
    if known is not None:
        return known
    user, created = User.objects.get_or_create(
        email=f"agent.{commune.code}@cvv.demo",
        defaults={"first_name": "Agent (démo)", "last_name": commune.nom},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user,
        organisation=Organisation.objects.get(kind=OrganisationKind.COMMUNE, commune=commune),
        role=Role.COMMUNE_AGENT,
    )
    people["agents"][commune.code] = user
    return user


def _vault(commune, author, cache):
    """The four required documents, uploaded once per commune and reused by its dossiers."""
    if commune.code not in cache:
        from cvv.documents.services import document_upload

        cache[commune.code] = {
            kind: document_upload(
                commune=commune,
                uploaded_file=SimpleUploadedFile(f"{kind}.pdf", PDF),
                kind=kind,
                title=title,
                actor=author,
            )
            for kind, title in (
                ("deliberation", f"Délibération du conseil municipal de {commune.nom}"),
                ("devis", "Devis des entreprises"),
                ("plan_financement", "Plan de financement"),
                ("rib", "RIB de la commune"),
                ("facture", "Factures acquittées des entreprises"),
                ("etat_depenses", "État récapitulatif des dépenses certifié"),
            )
        }
    return cache[commune.code]


DOSSIER_PIECES = ("deliberation", "devis", "plan_financement", "rib")
DEVIS_TO_REPLACE = "Devis global : joignez les devis détaillés par lot."


def _review(dossier, instructor, *, to_replace=()):
    """The instructor examines every piece: « à remplacer » for the slots named, with the
    reason the commune reads, « acceptée » for the others."""
    for piece in dossier.documents.all():
        replace = piece.kind in to_replace
        pieces.piece_review(
            piece=piece,
            status=PieceStatus.TO_REPLACE if replace else PieceStatus.ACCEPTED,
            reason=DEVIS_TO_REPLACE if replace else "",
            actor=instructor,
        )


def _draft(accompaniment, author, rng, index, vault_cache):
    title, lines = PROJECTS[index % len(PROJECTS)]
    action = accompaniment.actions.order_by("pk").first()
    dossier = dossiers.dossier_create(
        commune=accompaniment.commune,
        edition=accompaniment.edition,
        title=title,
        action=action,
        actor=author,
        description=f"{title} à {accompaniment.commune.nom}, dans le cadre du plan d’actions.",
    )
    expenses = []
    for category, low, high in lines:
        ht = Decimal(rng.randint(low, high) * 1000)
        label = {"FONCTIONNEMENT": "Animation de lancement"}.get(category, f"{title} ({category})")
        expenses.append((category, label, ht, (ht * Decimal("1.2")).quantize(Decimal("1"))))
    total = sum(ht for _, _, ht, _ in expenses)
    dossiers.dossier_update(
        dossier=dossier,
        actor=author,
        title=title,
        description=dossier.description,
        action=action,
        other_public_aid=str(
            (total * Decimal(rng.choice(["0", "0.1", "0.2"]))).quantize(Decimal("1"))
        ),
        other_public_aid_detail="Région Île-de-France (fonds commerce)",
        own_funds=str((total * Decimal("0.3")).quantize(Decimal("1"))),
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 12, 31),
        schedule="Consultation des entreprises, travaux, réception.",
        expenses=expenses,
    )
    vault = _vault(accompaniment.commune, author, vault_cache)
    for kind in DOSSIER_PIECES:
        instruction.document_attach(dossier=dossier, document=vault[kind], kind=kind, actor=author)
    return dossier


def _instruct(dossier, people, cci, rng, *, ready):
    instruction.dossier_instruct(
        dossier=dossier, name="start_instruction", actor=people["instructor"]
    )
    # A dossier still in instruction has a quote to replace; the others are accepted.
    _review(dossier, people["instructor"], to_replace=() if ready else ("devis",))
    opinion = instruction.opinion_request(
        dossier=dossier,
        actor=people["instructor"],
        kind=Opinion.Kind.PARTNER,
        organisation=cci,
        question="Le projet est-il viable au regard de l’offre commerciale du secteur ?",
        due_on=datetime.date.today() + datetime.timedelta(days=rng.randint(5, 30)),
    )
    if ready or rng.random() < 0.5:
        instruction.opinion_give(
            opinion=opinion,
            actor=people["expert"],
            verdict=rng.choice(["favourable", "reserved"]),
            text="Projet cohérent avec la stratégie commerciale ; vigilance sur les loyers.",
        )
    if ready:
        technical = instruction.opinion_request(
            dossier=dossier, actor=people["instructor"], kind=Opinion.Kind.TECHNICAL
        )
        instruction.opinion_give(
            opinion=technical,
            actor=people["instructor"],
            verdict="favourable",
            text="Dépenses éligibles, plan de financement équilibré.",
        )
        instruction.dossier_instruct(dossier=dossier, name="mark_ready", actor=people["instructor"])


def _pay(dossier, author, people, kind, justified_ratio=None, vault=None, review=None):
    dossier.refresh_from_db()
    justified = {}
    if justified_ratio is not None:
        bases = {}
        for line in dossier.expenses.all():
            bases[line.category] = bases.get(line.category, Decimal(0)) + line.amount_ht
        justified = {
            code: (bases[code] * justified_ratio).quantize(Decimal("0.01"))
            for code in dossier.granted_by_category
            if code in bases
        }
    payment = payments.payment_request_create(
        dossier=dossier, kind=kind, justified=justified, actor=author
    )
    if kind != PaymentRequest.Kind.ADVANCE:
        # The commune drops its proofs in their slots; the finance officer examines them.
        for slot, document_kind in (("etat_depenses", "etat_depenses"), ("factures", "facture")):
            piece = pieces.payment_document_attach(
                payment=payment, document=vault[document_kind], kind=slot, actor=author
            )
            if review is not None:
                replace = review == "to_replace" and slot == "factures"
                pieces.payment_piece_review(
                    piece=piece,
                    status=PieceStatus.TO_REPLACE if replace else PieceStatus.ACCEPTED,
                    reason="La facture doit porter la mention « acquittée »." if replace else "",
                    actor=people["finance"],
                )
    return payment


@transaction.atomic
def load(*, stdout=None):
    if Dossier.objects.filter(reference__startswith="FIM-").exists():
        _say(stdout, "FIMACS : données de démonstration déjà présentes.")
        return
    edition = current_edition()
    people = _people()
    if edition is None or people["admin"] is None:
        _say(stdout, "FIMACS : pas d’édition ni de comptes de démonstration, rien à charger.")
        return
    accompaniments = list(
        Accompaniment.objects.filter(edition=edition, state__in=Accompaniment.ACTIVE_STATES)
        .select_related("commune")
        .order_by("commune__code")
    )
    if not accompaniments:
        _say(stdout, "FIMACS : aucun accompagnement actif, rien à charger.")
        return
    rng = random.Random(40)
    admin, instructor, finance = people["admin"], people["instructor"], people["finance"]
    cci = Organisation.objects.get(name="CCI Paris Île-de-France")
    year = edition.year
    envelope_set(edition=edition, year=year, amount="4000000", actor=admin)
    envelope_set(edition=edition, year=year + 1, amount="2500000", actor=admin)
    held = committee.session_create(
        edition=edition,
        title="Comité FIMACS du printemps",
        date=datetime.date(year, 4, 14),
        place="Métropole du Grand Paris, salle du conseil",
        actor=instructor,
    )
    upcoming = committee.session_create(
        edition=edition,
        title="Comité FIMACS d’automne",
        date=datetime.date(year, 12, 8),
        place="Métropole du Grand Paris",
        actor=instructor,
    )
    # Aulnay-sous-Bois (the demo commune account) gets dossiers in the visible states.
    ordered = sorted(accompaniments, key=lambda a: a.commune.code != "93005")
    vault_cache, created, decided = {}, [], []
    targets = [state for state, count in PLAN for _ in range(count)]
    for index, target in enumerate(targets):
        accompaniment = ordered[index % len(ordered)]
        author = _author(accompaniment.commune, people)
        dossier = _draft(accompaniment, author, rng, index, vault_cache)
        created.append(dossier)
        if target == S.DRAFT:
            continue
        if target == S.WITHDRAWN:
            dossiers.dossier_withdraw(
                dossier=dossier, actor=author, reason="Projet reporté par la municipalité."
            )
            continue
        dossiers.dossier_submit(dossier=dossier, actor=author)
        if target == S.SUBMITTED:
            continue
        if target in (S.COMPLETION_REQUESTED, S.RESUBMITTED):
            _review(dossier, instructor, to_replace=("devis",))
            instruction.dossier_instruct(
                dossier=dossier,
                name="request_completion",
                actor=instructor,
                reason="Merci de joindre les devis détaillés par lot.",
            )
            instruction.message_post(
                dossier=dossier, actor=instructor, text="Devis détaillés attendus sous 15 jours."
            )
            if target == S.RESUBMITTED:
                # The commune drops the detailed quotes in the slot, then resubmits.
                instruction.document_upload_attach(
                    dossier=dossier,
                    uploaded_file=SimpleUploadedFile("devis-par-lot.pdf", PDF),
                    kind="devis",
                    title="Devis détaillés par lot",
                    actor=author,
                )
                dossiers.dossier_resubmit(dossier=dossier, actor=author)
            continue
        if target == S.REFUSED and len([d for d in decided if d[1] == "ineligible"]) < 2:
            instruction.dossier_instruct(
                dossier=dossier,
                name="refuse_ineligible",
                actor=instructor,
                reason="Dépenses de fonctionnement : hors du champ du FIMACS.",
            )
            decided.append((dossier, "ineligible"))
            continue
        _instruct(dossier, people, cci, rng, ready=target != S.UNDER_INSTRUCTION)
        if target == S.UNDER_INSTRUCTION:
            instruction.annotation_add(
                dossier=dossier, actor=instructor, text="Vérifier la maîtrise foncière."
            )
            continue
        session = upcoming if target == S.READY_FOR_COMMITTEE else held
        item = committee.agenda_add(session=session, dossier=dossier, actor=instructor)
        if target == S.READY_FOR_COMMITTEE:
            continue
        if target == S.REFUSED:
            committee.decision_record(
                item=item,
                decision=AgendaItem.Decision.REFUSED,
                reasons="Impact commercial insuffisamment démontré.",
                actor=instructor,
            )
            continue
        if target == S.DEFERRED:
            committee.decision_record(
                item=item,
                decision=AgendaItem.Decision.DEFERRED,
                reasons="Dans l’attente de l’accord du propriétaire des murs.",
                actor=instructor,
            )
            continue
        committee.decision_record(
            item=item,
            decision=AgendaItem.Decision.GRANTED,
            conditions="Publicité du soutien de la Métropole sur le chantier.",
            actor=instructor,
        )
        decided.append((dossier, "granted"))
        if target == S.GRANTED:
            continue
        if target == S.LAPSED:
            dossier_lapse(
                dossier=dossier,
                reason="Renoncement de la commune constaté : travaux non engagés.",
                actor=SYSTEM,
            )
            continue
        conventions.convention_generate(dossier=dossier, actor=instructor)
        conventions.convention_sign(
            dossier=dossier, signed_on=datetime.date(year, 5, 20), actor=instructor
        )
        dossiers.dossier_declare_start(
            dossier=dossier, started_on=datetime.date(year, 6, 15), actor=author
        )
        if target == S.CONVENTION_SIGNED:
            continue
        advance = _pay(dossier, author, people, PaymentRequest.Kind.ADVANCE)
        payments.payment_validate(payment=advance, actor=finance)
        if target == S.PAYING:
            if index % 2 == 0:  # an interim request waiting for the finance officer
                _pay(
                    dossier,
                    author,
                    people,
                    PaymentRequest.Kind.INTERIM,
                    Decimal("0.6"),
                    vault=_vault(dossier.commune, author, vault_cache),
                    review="to_replace" if index % 4 == 0 else None,
                )
            continue
        # Closed: the project cost 90 % of the plan, the aid shrinks in proportion.
        final = _pay(
            dossier,
            author,
            people,
            PaymentRequest.Kind.FINAL,
            Decimal("0.9"),
            vault=_vault(dossier.commune, author, vault_cache),
            review="accepted",
        )
        payments.payment_validate(payment=final, actor=finance)
    committee.session_close(
        session=held,
        minutes="Le comité examine les dossiers inscrits et rend les décisions ci-dessous.",
        actor=instructor,
    )
    _say(
        stdout,
        f"FIMACS : {len(created)} dossiers, 2 séances du comité, enveloppes {year} et {year + 1}.",
    )
