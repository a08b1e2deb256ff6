"""Dossier preparation and submission (services)."""

import pytest
from django.core.exceptions import ValidationError

from cvv.audit.selectors import transitions_for_object
from cvv.funding.models import Dossier, Reglement
from cvv.funding.services import dossiers
from cvv.funding.services.reglements import reglement_adopt, reglement_create_draft
from cvv.programme.models import Accompaniment
from tests.funding.factories import amount, make_accompaniment, make_draft


@pytest.mark.django_db
def test_draft_computes_expected_aid_live(users):
    dossier = make_draft(users["commune_agent"])
    assert dossier.state == Dossier.State.DRAFT
    assert dossier.reference.startswith("FIM-2026-")
    # Aulnay-sous-Bois is not small; not fragile in the test data: 48 000 + 15 000.
    assert dossier.expected_aid == amount("63000")
    assert dossier.computation["aid_by_category"] == {"TRAVAUX_LOCAUX": "48000", "ETUDES": "15000"}
    assert dossier.expense_totals() == (amount("150000"), amount("174000"))


@pytest.mark.django_db
def test_no_active_accompaniment_gives_zero(users):
    make_accompaniment("93005", state=Accompaniment.State.SUSPENDED)
    dossier = make_draft(users["commune_agent"], documents=False)
    assert dossier.expected_aid == 0
    assert dossier.computation["eligible"] is False


@pytest.mark.django_db
def test_bad_expense_lines_are_refused(users):
    dossier = make_draft(users["commune_agent"], documents=False)
    for lines, fragment in [
        ([("LOYERS", "x", "10", "")], "catégorie inconnue"),
        ([("ETUDES", "x", "-10", "")], "négatif"),
        ([("ETUDES", "x", "100", "90")], "TTC"),
        ([("ETUDES", "", "100", "")], "décrivez"),
    ]:
        with pytest.raises(ValidationError, match=fragment):
            dossiers.dossier_update(
                dossier=dossier, actor=users["commune_agent"], title="t", expenses=lines
            )
    dossier.refresh_from_db()
    assert dossier.expenses.count() == 2  # nothing lost


@pytest.mark.django_db
def test_submission_requires_documents_and_freezes_reglement(users, admin_user):
    agent = users["commune_agent"]
    dossier = make_draft(agent, documents=False)
    with pytest.raises(ValidationError, match="Pièce obligatoire manquante") as exc:
        dossiers.dossier_submit(dossier=dossier, actor=agent)
    assert "Délibération" in str(exc.value)
    dossier = make_draft(agent)
    # A new règlement adopted before submission applies; the dossier then keeps it.
    default = Reglement.objects.get(code="defaut-2026")
    draft = reglement_create_draft(
        source=default,
        code="fimacs-2026-bis",
        title="",
        effective_from=default.effective_from,
        actor=admin_user,
    )
    reglement_adopt(reglement=draft, deliberation="CM2026/01", actor=admin_user)
    dossiers.dossier_submit(dossier=dossier, actor=agent)
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    assert dossier.reglement == draft
    assert dossier.requested_amount == amount("63000")
    entry = transitions_for_object(dossier)[0]
    assert entry.actor == agent and entry.data["to"] == "submitted"
    with pytest.raises(ValidationError, match="n’est plus modifiable"):
        dossiers.dossier_update(dossier=dossier, actor=agent, title="x", expenses=[])


@pytest.mark.django_db
def test_withdraw_needs_a_reason(users):
    agent = users["commune_agent"]
    dossier = make_draft(agent)
    with pytest.raises(ValidationError, match="Un motif est obligatoire"):
        dossiers.dossier_withdraw(dossier=dossier, actor=agent, reason="")
    dossiers.dossier_withdraw(dossier=dossier, actor=agent, reason="Projet abandonné")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.WITHDRAWN


@pytest.mark.django_db
def test_action_of_another_commune_is_refused(users):
    from tests.funding.factories import make_action

    other = make_accompaniment("93048")
    action = make_action(other, users["other_commune_agent"])
    dossier = make_draft(users["commune_agent"], documents=False)
    with pytest.raises(ValidationError, match="n’appartient pas à l’accompagnement"):
        dossiers.dossier_update(
            dossier=dossier, actor=users["commune_agent"], title="t", action=action
        )
