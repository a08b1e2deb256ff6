"""The commune's view of a dossier's history lists the public steps only: private
instruction work (annotations, opinions, envelope bookkeeping, internal reasons) leaves no
trace on its side; the Métropole's staff still see everything."""

import pytest
from django.urls import reverse

from cvv.audit.labels import action_label
from cvv.audit.models import AuditEntry
from cvv.funding.models import Dossier
from cvv.funding.services import instruction
from cvv.funding.workflows import DOSSIER
from tests.funding.factories import make_draft, walk

PRIVATE_ACTIONS = (
    "funding.dossier.annotated",
    "funding.opinion.requested",
    "funding.opinion.given",
    "funding.envelope.",
)
INTERNAL_REASON = "Avis de l’architecte des Bâtiments de France attendu"
NOTE = "Note confidentielle sur le maire"


@pytest.fixture
def dossier(users):
    instructor = users["instructor"]
    dossier = make_draft(users["commune_agent"])
    dossier = walk(dossier, Dossier.State.READY_FOR_COMMITTEE, users)
    instruction.annotation_add(dossier=dossier, actor=instructor, text=NOTE)
    instruction.dossier_instruct(
        dossier=dossier, name="back_to_instruction", actor=instructor, reason=INTERNAL_REASON
    )
    instruction.dossier_instruct(dossier=dossier, name="mark_ready", actor=instructor)
    return walk(Dossier.objects.get(pk=dossier.pk), Dossier.State.GRANTED, users)


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["commune_agent", "commerce_manager", "territory_agent"])
def test_commune_side_history_hides_private_instruction_work(client, users, dossier, reader):
    recorded = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"funding.dossier.annotated", "funding.opinion.requested"} <= recorded
    client.force_login(users[reader])
    response = client.get(reverse("fimacs:dossier", args=[dossier.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for action in PRIVATE_ACTIONS:
        assert action_label(action) not in page
    assert INTERNAL_REASON not in page and NOTE not in page
    # The public steps are still there, with the reasons the commune is told.
    assert (
        action_label("funding.dossier.submit") in page
        and action_label("funding.dossier.grant") in page
    )
    assert action_label("funding.dossier.back_to_instruction") in page
    from cvv.funding.selectors import PUBLIC_HISTORY

    shown = {entry.action for entry in response.context["entries"]}
    assert shown and shown <= set(PUBLIC_HISTORY)


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["instructor", "metropole_admin", "finance_officer"])
def test_staff_history_shows_everything(client, users, dossier, reader):
    client.force_login(users[reader])
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert (
        action_label("funding.dossier.annotated") in page
        and action_label("funding.opinion.requested") in page
    )
    assert action_label("funding.opinion.given") in page and INTERNAL_REASON in page


@pytest.mark.django_db
def test_history_is_limited_after_filtering(users, dossier):
    """The limit applies to what the reader may see, not to the raw log."""
    from cvv.funding.selectors import PUBLIC_HISTORY, dossier_history

    for index in range(60):
        instruction.annotation_add(dossier=dossier, actor=users["instructor"], text=f"n{index}")
    entries = dossier_history(users["commune_agent"], dossier)
    assert entries and all(e.action in PUBLIC_HISTORY for e in entries)
    assert len(dossier_history(users["instructor"], dossier)) == 50


def test_every_workflow_step_is_classified():
    """A new transition must be added to the allow-list on purpose (visible by default
    only if it is a step the commune is told about)."""
    from cvv.funding.selectors import PUBLIC_HISTORY

    for transition in DOSSIER.transitions.values():
        assert f"funding.dossier.{transition.name}" in PUBLIC_HISTORY, transition.name
