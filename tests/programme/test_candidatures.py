from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cvv.audit.models import AuditEntry
from cvv.documents.services import document_upload
from cvv.programme.models import Candidature, Edition
from cvv.programme.services import candidatures as services
from cvv.programme.services import pieces
from tests.documents.helpers import pdf
from tests.factories import commune
from tests.programme.factories import make_edition

pytestmark = pytest.mark.django_db


def complete(candidature, agent):
    question = candidature.edition.call.questions.get()
    deliberation = document_upload(
        commune=candidature.commune,
        uploaded_file=pdf(),
        kind="deliberation",
        title="Délibération",
        actor=agent,
    )
    pieces.candidature_piece_attach(
        candidature=candidature, document=deliberation, kind="deliberation", actor=agent
    )
    return services.candidature_update(
        candidature=candidature,
        data={
            "motivation": "Vacance commerciale en hausse rue principale.",
            "expected_support": "Diagnostic et stratégie commerciale.",
        },
        answers={str(question.pk): "Redynamiser le marché couvert."},
        actor=agent,
    )


def test_prefill_comes_from_platform_data(users):
    edition = make_edition()
    agent = users["commune_agent"]
    candidature = services.candidature_create(
        edition=edition, commune=commune("93005"), actor=agent
    )
    aulnay = commune("93005")
    assert candidature.siren == aulnay.siren
    assert candidature.population == aulnay.population
    assert candidature.territoire_code == "T7"
    assert candidature.contact_email == agent.email
    assert candidature.need_small is False  # Aulnay has more than 20 000 inhabitants
    assert AuditEntry.objects.filter(action="programme.candidature.created").exists()


def test_need_bonus_for_small_and_fragile_commune(users):
    small = commune("91479")  # Paray-Vieille-Poste, about 8 200 inhabitants
    assert small.population < 20000
    small.fragile = True
    small.fragile_reason = "Vacance commerciale élevée"
    small.save()
    known = services.prefill(small, make_edition())
    assert known["need_small"] and known["need_fragile"]
    assert known["need_bonus"] == Decimal("10.00")  # 5 (small) + 5 (fragile), edition defaults


def test_one_candidature_per_commune_and_open_call_only(users):
    edition = make_edition()
    services.candidature_create(
        edition=edition, commune=commune("93005"), actor=users["commune_agent"]
    )
    with pytest.raises(ValidationError, match="déjà une candidature"):
        services.candidature_create(
            edition=edition, commune=commune("93005"), actor=users["commune_agent"]
        )
    closed = make_edition(number=9, state=Edition.State.SELECTION)
    with pytest.raises(ValidationError, match="n’est pas ouvert"):
        services.candidature_create(
            edition=closed, commune=commune("93005"), actor=users["commune_agent"]
        )


def test_submit_requires_complete_file_then_completion_cycle(
    users, django_capture_on_commit_callbacks
):
    agent = users["commune_agent"]
    candidature = services.candidature_create(
        edition=make_edition(), commune=commune("93005"), actor=agent
    )
    with pytest.raises(ValidationError, match="Renseignez la motivation") as exc:
        services.candidature_submit(candidature=candidature, actor=agent)
    text = " ".join(exc.value.messages)
    assert (
        "motivation" in text
        and "Pièce obligatoire manquante : Délibération" in text
        and "question" in text
    )
    complete(candidature, agent)
    services.candidature_submit(candidature=candidature, actor=agent)
    assert candidature.state == Candidature.State.SUBMITTED and candidature.submitted_at
    with pytest.raises(ValidationError, match="plus modifiable"):
        services.candidature_update(candidature=candidature, data={}, answers={}, actor=agent)
    with pytest.raises(ValidationError, match="motif"):
        services.candidature_transition(
            candidature=candidature, name="request_completion", actor=users["instructor"]
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.candidature_transition(
            candidature=candidature,
            name="request_completion",
            actor=users["instructor"],
            reason="Joindre le plan de la centralité.",
        )
    assert candidature.state == Candidature.State.COMPLETION_REQUESTED
    assert len(mail.outbox) == 1 and "Compléments demandés" in mail.outbox[0].subject
    assert "plan de la centralité" in mail.outbox[0].body
    assert users["commune_agent"].programme_notifications.count() == 1
    services.candidature_submit(candidature=candidature, actor=agent)
    assert candidature.state == Candidature.State.RESUBMITTED
    actions = list(
        AuditEntry.objects.filter(object_id=str(candidature.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "programme.candidature.submit",
        "programme.candidature.request_completion",
        "programme.candidature.resubmit",
    ]


def test_eligibility_checks(users):
    agent = users["commune_agent"]
    candidature = services.candidature_create(
        edition=make_edition(), commune=commune("93005"), actor=agent
    )
    complete(candidature, agent)
    services.candidature_submit(candidature=candidature, actor=agent)
    checks = {label: ok for label, ok, _ in services.eligibility_checks(candidature)}
    assert all(checks.values()), checks
    # Every check passes: declaring it ineligible goes against them and needs a reason.
    with pytest.raises(ValidationError, match="motivez l’irrecevabilité"):
        services.candidature_transition(
            candidature=candidature, name="declare_ineligible", actor=users["instructor"]
        )
    assert candidature.state == Candidature.State.SUBMITTED
    services.candidature_transition(
        candidature=candidature, name="declare_eligible", actor=users["instructor"]
    )
    assert candidature.state == Candidature.State.UNDER_REVIEW


def test_an_eligibility_decision_against_a_failed_check_needs_a_reason(users):
    agent = users["commune_agent"]
    candidature = services.candidature_create(
        edition=make_edition(), commune=commune("93005"), actor=agent
    )
    Candidature.objects.filter(pk=candidature.pk).update(state=Candidature.State.SUBMITTED)
    candidature.refresh_from_db()  # incomplete and never dated: two checks fail
    with pytest.raises(ValidationError, match="dossier complet ; déposée dans les délais"):
        services.candidature_transition(
            candidature=candidature, name="declare_eligible", actor=users["instructor"]
        )
    assert Candidature.objects.get(pk=candidature.pk).state == Candidature.State.SUBMITTED
    services.candidature_transition(
        candidature=candidature,
        name="declare_eligible",
        actor=users["instructor"],
        reason="Pièces remises en main propre le 3 mars.",
    )
    assert candidature.state == Candidature.State.UNDER_REVIEW
    assert candidature.eligibility_notes == "Pièces remises en main propre le 3 mars."


def test_observatory_indicators_in_prefill_when_published():
    import datetime

    from cvv.observatory.models import Computation, IndicatorRow

    aulnay = commune("93005")
    assert services.prefill(aulnay)["indicators"] == {}
    computation = Computation.objects.create(reference_date=datetime.date(2026, 1, 1))
    IndicatorRow.objects.create(
        computation=computation,
        reference_date=computation.reference_date,
        level="commune",
        code="93005",
        nom="Aulnay-sous-Bois",
        commune_code="93005",
        values={"commerces_proximite": 412, "densite_commerciale": 4.8731, "solde": None},
    )
    indicators = services.prefill(aulnay)["indicators"]
    assert indicators["Date de référence"] == "01/01/2026"
    assert indicators["Commerces de proximité"] == 412
    assert indicators["Densité commerciale (pour 1 000 habitants)"] == 4.873
    assert "Solde ouvertures − fermetures" not in indicators


def test_third_quartile_bonus_is_explained():
    from cvv.territories.models import Commune

    values = {c.code: float(i) for i, c in enumerate(Commune.objects.order_by("code"))}
    Commune.objects.bulk_update(
        [Commune(pk=c.pk, need_index=values[c.code]) for c in Commune.objects.all()],
        ["need_index"],
    )
    ranked = sorted(values, key=values.get)
    # A commune of 20 000 inhabitants or more between the median and the third quartile.
    third = next(
        c
        for c in (
            commune(code) for code in ranked[int(len(ranked) * 0.55) : int(len(ranked) * 0.7)]
        )
        if c.population >= 20000 and not c.fragile
    )
    edition = make_edition()
    known = services.prefill(third, edition)
    assert known["need_bonus"] == edition.bonus_third_quartile
    assert any("3e quartile" in reason for reason in known["need_reasons"])


def test_candidature_pieces_in_their_slots_reviewed_by_the_instructors(users):
    from cvv.documents.models import PieceStatus
    from cvv.programme.models import Notification

    agent, instructor = users["commune_agent"], users["instructor"]
    edition = make_edition()
    candidature = services.candidature_create(
        edition=edition, commune=commune("93005"), actor=agent
    )
    plan = document_upload(
        commune=candidature.commune,
        uploaded_file=pdf(),
        kind="plan_financement",
        title="Plan",
        actor=agent,
    )
    with pytest.raises(ValidationError, match="ne peut pas remplir la pièce « Délibération"):
        pieces.candidature_piece_attach(
            candidature=candidature, document=plan, kind="deliberation", actor=agent
        )
    assert "Pièce obligatoire manquante : Délibération." in services.missing_items(candidature)
    complete(candidature, agent)
    services.candidature_submit(candidature=candidature, actor=agent)
    piece = candidature.pieces.get(kind="deliberation")
    with pytest.raises(PermissionDenied):
        pieces.candidature_piece_review(piece=piece, status="accepted", reason="", actor=agent)
    Notification.objects.all().delete()
    pieces.candidature_piece_review(
        piece=piece, status=PieceStatus.TO_REPLACE, reason="Non signée", actor=instructor
    )
    assert "Non signée" in agent.programme_notifications.get().text
    assert services.missing_items(candidature) == ["Pièce à remplacer : Délibération (Non signée)."]
    # The commune replaces it during the examination.
    pieces.candidature_piece_upload(
        candidature=candidature, uploaded_file=pdf(), kind="deliberation", title="", actor=agent
    )
    assert candidature.pieces.get().status == PieceStatus.PENDING
    assert not services.missing_items(candidature)
