"""Financial analysis of an opportunity → the commune's opinion → the committee's vote."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.fonciere import services, services_chain
from cvv.premises.models import Premises
from tests.factories import commune
from tests.funding.factories import make_draft

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def opportunity(users):
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    return services.opportunity_create(
        actor=users["fonciere_officer"],
        premises=premises,
        source="dia_commerce",
        received_on=dt.date.today(),
        price=D("180000"),
    )


FIGURES = {
    "price": D("180000"),
    "notary_fees": D("14400"),
    "works_budget": D("25600"),
    "target_rent": D("15400"),
    "annual_charges": D("2200"),
    "target_turnover": D("154000"),
    "activity_kind": "commerce",
    "target_activity": "Librairie",
    "equity": D("60000"),
    "loan": D("100000"),
    "loan_rate": D("0"),
    "loan_years": 20,
    "commune_contribution": D("40000"),
    "fimacs_amount": D("20000"),
}


def test_analysis_opinion_and_committee(users, opportunity):
    officer = users["fonciere_officer"]
    analysis = services_chain.analysis_save(actor=officer, opportunity=opportunity, **FIGURES)
    result = services_chain.evaluate(analysis)
    assert result.gross_yield == D("0.07") and result.net_yield == D("0.06")
    # Only the commune's people give its opinion, and only once submitted.
    with pytest.raises(ValidationError, match="impossible"):
        services_chain.analysis_give_opinion(
            actor=users["commune_agent"], analysis=analysis, opinion="favorable"
        )
    services_chain.analysis_submit(actor=officer, analysis=analysis)
    with pytest.raises(ValidationError, match="ne se modifie plus"):
        services_chain.analysis_save(actor=officer, opportunity=opportunity, **FIGURES)
    for outsider in ("fonciere_officer", "other_commune_agent", "territory_agent"):
        with pytest.raises(TransitionDenied):
            services_chain.analysis_give_opinion(
                actor=users[outsider], analysis=analysis, opinion="favorable"
            )
    with pytest.raises(ValidationError, match="Motivez"):
        services_chain.analysis_give_opinion(
            actor=users["commerce_manager"], analysis=analysis, opinion="reserve"
        )
    services_chain.analysis_give_opinion(
        actor=users["commerce_manager"],
        analysis=analysis,
        opinion="reserve",
        reasons="Vitrine à refaire avant l’ouverture",
    )
    assert analysis.state == "comite" and analysis.commune_opinion == "reserve"
    with pytest.raises(TransitionDenied):
        services_chain.analysis_decide(
            actor=users["commune_agent"],
            analysis=analysis,
            decision="acquerir",
            held_on=dt.date.today(),
            votes_for=5,
            votes_against=1,
            reasons="Oui",
        )
    with pytest.raises(ValidationError, match="plus de voix pour"):
        services_chain.analysis_decide(
            actor=officer,
            analysis=analysis,
            decision="acquerir",
            held_on=dt.date.today(),
            votes_for=3,
            votes_against=3,
            votes_abstention=1,
            reasons="Partagé",
        )
    services_chain.analysis_decide(
        actor=officer,
        analysis=analysis,
        decision="preemption_cession",
        held_on=dt.date.today(),
        votes_for=5,
        votes_against=1,
        votes_abstention=1,
        reasons="Local stratégique de la rue commerçante",
    )
    analysis.refresh_from_db()
    assert analysis.state == "decidee" and analysis.decision == "preemption_cession"
    assert (analysis.votes_for, analysis.votes_against, analysis.votes_abstention) == (5, 1, 1)
    entry = AuditEntry.objects.filter(action="fonciere.analysis.decide").get()
    assert entry.data["for"] == 5 and entry.data["abstention"] == 1
    # The decision moved the opportunity: pre-empted on the committee's date.
    opportunity.refresh_from_db()
    assert opportunity.state == "preemptee" and opportunity.decided_on == dt.date.today()
    assert AuditEntry.objects.filter(action="fonciere.opportunity.preempt").count() == 1


def test_declining_needs_no_majority_but_reasons(users, opportunity):
    officer = users["fonciere_officer"]
    analysis = services_chain.analysis_save(actor=officer, opportunity=opportunity, **FIGURES)
    services_chain.analysis_submit(actor=officer, analysis=analysis)
    services_chain.analysis_give_opinion(
        actor=users["commune_agent"], analysis=analysis, opinion="favorable"
    )
    with pytest.raises(ValidationError, match="Motivez"):
        services_chain.analysis_decide(
            actor=officer,
            analysis=analysis,
            decision="renoncer",
            held_on=dt.date.today(),
            votes_for=1,
            votes_against=4,
        )
    services_chain.analysis_decide(
        actor=officer,
        analysis=analysis,
        decision="renoncer",
        held_on=dt.date.today(),
        votes_for=1,
        votes_against=4,
        reasons="Rendement trop faible",
    )
    assert analysis.state == "decidee"
    opportunity.refresh_from_db()
    assert opportunity.state == "renoncee"
    entry = AuditEntry.objects.get(action="fonciere.opportunity.renounce")
    assert entry.data["reason"] == "Rendement trop faible"


def _to_committee(users, opportunity):
    officer = users["fonciere_officer"]
    analysis = services_chain.analysis_save(actor=officer, opportunity=opportunity, **FIGURES)
    services_chain.analysis_submit(actor=officer, analysis=analysis)
    services_chain.analysis_give_opinion(
        actor=users["commune_agent"], analysis=analysis, opinion="favorable"
    )
    return analysis


def test_committee_decision_after_the_deadline_or_against_the_opportunity_is_refused(
    users, opportunity
):
    officer = users["fonciere_officer"]
    analysis = _to_committee(users, opportunity)
    vote = {"votes_for": 5, "votes_against": 1, "reasons": "Local stratégique"}
    late = opportunity.deadline + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services_chain.analysis_decide(
            actor=officer, analysis=analysis, decision="acquerir", held_on=late, **vote
        )
    assert "held_on" in refused.value.message_dict
    analysis.refresh_from_db()
    opportunity.refresh_from_db()
    assert analysis.state == "comite" and opportunity.state == "recue"
    # Renounced meanwhile: acquiring contradicts it; declining just records the vote.
    services.opportunity_decide(
        actor=officer, opportunity=opportunity, preempt=False, on=dt.date.today(), reason="Non"
    )
    with pytest.raises(ValidationError, match="contredit"):
        services_chain.analysis_decide(
            actor=officer, analysis=analysis, decision="acquerir", held_on=dt.date.today(), **vote
        )
    services_chain.analysis_decide(
        actor=officer, analysis=analysis, decision="renoncer", held_on=dt.date.today(), **vote
    )
    opportunity.refresh_from_db()
    assert analysis.state == "decidee" and opportunity.state == "renoncee"
    assert AuditEntry.objects.filter(action="fonciere.opportunity.renounce").count() == 1


def test_revision_sends_the_analysis_back_to_preparation(users, opportunity):
    officer = users["fonciere_officer"]
    analysis = services_chain.analysis_save(actor=officer, opportunity=opportunity, **FIGURES)
    services_chain.analysis_submit(actor=officer, analysis=analysis)
    services_chain.analysis_revise(actor=officer, analysis=analysis, reason="Nouveau devis")
    services_chain.analysis_save(
        actor=officer, opportunity=opportunity, **{**FIGURES, "works_budget": D("40000")}
    )
    analysis.refresh_from_db()
    assert analysis.works_budget == D("40000") and analysis.state == "brouillon"


def test_only_the_fonciere_prepares_an_analysis(users, opportunity):
    with pytest.raises(PermissionDenied):
        services_chain.analysis_save(
            actor=users["commune_agent"], opportunity=opportunity, **FIGURES
        )


def test_bad_figures_name_their_field(users, opportunity):
    with pytest.raises(ValidationError) as error:
        services_chain.analysis_save(
            actor=users["fonciere_officer"],
            opportunity=opportunity,
            **{**FIGURES, "target_turnover": D("0")},
        )
    assert "target_turnover" in error.value.message_dict


def test_fimacs_dossier_link_through_the_funding_hook(users, opportunity):
    officer = users["fonciere_officer"]
    dossier = make_draft(users["commune_agent"])  # has a TRAVAUX_LOCAUX expense line
    offered = services_chain.fimacs_dossiers(opportunity.commune)
    assert [row["id"] for row in offered] == [dossier.pk]
    analysis = services_chain.analysis_save(
        actor=officer, opportunity=opportunity, **{**FIGURES, "fimacs_dossier_id": dossier.pk}
    )
    assert analysis.fimacs_dossier_id == dossier.pk
    other = make_draft(users["other_commune_agent"], code="93048")
    with pytest.raises(ValidationError, match="n’est pas un dossier de la commune"):
        services_chain.analysis_save(
            actor=officer, opportunity=opportunity, **{**FIGURES, "fimacs_dossier_id": other.pk}
        )
