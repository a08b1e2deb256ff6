"""Committee decisions, envelopes and overrides, conventions."""

import datetime
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cvv.funding.models import AgendaItem, Dossier, Envelope
from cvv.funding.services import committee, conventions
from tests.funding.factories import make_draft, make_envelope, walk


def _ready(users, **kwargs):
    return walk(
        make_draft(users["commune_agent"], **kwargs), Dossier.State.READY_FOR_COMMITTEE, users
    )


def _session(dossier, actor):
    return committee.session_create(
        edition=dossier.edition, title="Comité", date=datetime.date(2026, 6, 1), actor=actor
    )


@pytest.mark.django_db
def test_grant_commits_the_envelope(users):
    instructor = users["instructor"]
    dossier = _ready(users)
    envelope = make_envelope(dossier.edition, users["metropole_admin"], amount="100000")
    session = _session(dossier, instructor)
    item = committee.agenda_add(session=session, dossier=dossier, actor=instructor)
    assert item.proposed_amount == Decimal("63000")
    with pytest.raises(
        ValidationError, match="Au plus l’aide calculée par le règlement"
    ):  # above the rules' maximum
        committee.decision_record(item=item, decision="granted", amount="63001", actor=instructor)
    committee.decision_record(
        item=item, decision="granted", amount="60000", conditions="Délibération", actor=instructor
    )
    dossier.refresh_from_db()
    envelope.refresh_from_db()
    assert dossier.state == Dossier.State.GRANTED
    assert dossier.granted_amount == Decimal("60000")
    # 60 000 split in proportion of 48 000 / 15 000 by the largest remainder (step 6 as
    # amended 2026-12-03): 48 000 × 60 000 / 63 000 = 45 714.28, 15 000 × 60 000 / 63 000
    # = 14 285.71; the missing euro goes to the larger fraction (ETUDES). The former rule
    # gave it to TRAVAUX_LOCAUX, last in table order (45 715 / 14 285).
    assert dossier.granted_by_category == {"TRAVAUX_LOCAUX": "45714", "ETUDES": "14286"}
    assert envelope.committed == Decimal("60000") and envelope.remaining == Decimal("40000")
    with pytest.raises(ValidationError, match="déjà été décidé"):  # already decided
        committee.decision_record(item=item, decision="refused", reasons="x", actor=instructor)


@pytest.mark.django_db
def test_envelope_exceeded_refused_unless_admin_override(users):
    instructor, admin = users["instructor"], users["metropole_admin"]
    dossier = _ready(users)
    envelope = make_envelope(dossier.edition, admin, amount="50000")
    session = _session(dossier, instructor)
    item = committee.agenda_add(session=session, dossier=dossier, actor=instructor)
    with pytest.raises(ValidationError, match="Enveloppe 2026 insuffisante"):
        committee.decision_record(item=item, decision="granted", actor=instructor)
    with pytest.raises(ValidationError, match="Seul un administrateur peut autoriser"):
        committee.decision_record(
            item=item, decision="granted", actor=instructor, override_reason="urgent"
        )
    committee.decision_record(
        item=item, decision="granted", actor=admin, override_reason="Vote du bureau du 2/06"
    )
    envelope.refresh_from_db()
    assert envelope.committed == Decimal("63000") and envelope.overridden == Decimal("13000")
    assert envelope.overrides.get().reason == "Vote du bureau du 2/06"


@pytest.mark.django_db
def test_refuse_and_defer_need_reasons_and_close_session(users):
    instructor = users["instructor"]
    first, second = _ready(users), _ready(users)
    make_envelope(first.edition, users["metropole_admin"])
    session = _session(first, instructor)
    a = committee.agenda_add(session=session, dossier=first, actor=instructor)
    b = committee.agenda_add(session=session, dossier=second, actor=instructor)
    with pytest.raises(ValidationError, match="Motivez la décision"):
        committee.decision_record(item=a, decision="refused", actor=instructor)
    committee.decision_record(item=a, decision="refused", reasons="Hors cadre", actor=instructor)
    with pytest.raises(ValidationError, match="n’ont pas été décidés"):
        committee.session_close(session=session, minutes="PV", actor=instructor)
    committee.decision_record(item=b, decision="deferred", reasons="Devis", actor=instructor)
    committee.session_close(session=session, minutes="PV", actor=instructor)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (Dossier.State.REFUSED, Dossier.State.DEFERRED)
    assert AgendaItem.objects.filter(decision="").count() == 0


@pytest.mark.django_db
def test_convention_generated_as_odt(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    convention = conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    with convention.file.open("rb") as handle, zipfile.ZipFile(handle) as odt:
        content = odt.read("content.xml").decode()
    assert (
        dossier.granted_amount == 63000
    )  # by hand: 40 % of 120 000 (works) + 50 % of 30 000 (study)
    text = re.sub(r"<[^>]+>", "\n", content)
    assert dossier.reference in text
    assert re.search(r"s’élève à 63[\s\u202f\u00a0]?000(,00)?[\s\u202f\u00a0]?€", text)
    assert "Aulnay-sous-Bois" in content
    with pytest.raises(ValidationError, match="dans le futur"):
        conventions.convention_sign(
            dossier=dossier,
            signed_on=datetime.date.today() + datetime.timedelta(days=3),
            actor=users["instructor"],
        )


@pytest.mark.django_db
def test_regenerated_convention_keeps_the_old_file_until_commit(
    users, django_capture_on_commit_callbacks
):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    first = conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    storage, old_name = first.file.storage, first.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        conventions.convention_generate(dossier=dossier, actor=users["instructor"])
        raise RuntimeError("rollback")
    assert storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        second = conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    assert not storage.exists(old_name) and storage.exists(second.file.name)


@pytest.mark.django_db
def test_database_refuses_overcommitted_envelope(users):
    from cvv.funding.services.budget import envelope_set
    from tests.funding.factories import make_edition

    envelope = envelope_set(
        edition=make_edition(), year=2026, amount="1000", actor=users["metropole_admin"]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Envelope.objects.filter(pk=envelope.pk).update(committed=Decimal("1000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Envelope.objects.filter(pk=envelope.pk).update(amount=Decimal("-1"))


@pytest.mark.django_db
def test_withdrawal_after_grant_releases_the_commitment(users):
    from cvv.funding.services.dossiers import dossier_withdraw

    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    envelope = Envelope.objects.get(pk=dossier.envelope_id)
    assert envelope.committed == Decimal("63000")
    dossier_withdraw(dossier=dossier, actor=users["commune_agent"], reason="Projet abandonné")
    envelope.refresh_from_db()
    assert envelope.committed == 0


@pytest.mark.django_db
def test_budget_form_without_edition_says_so(client, users):
    from cvv.programme.models import Edition

    Edition.objects.update(state=Edition.State.DRAFT)
    client.force_login(users["metropole_admin"])
    response = client.post("/fimacs/budget/", {"year": "2026", "amount": "1000"})
    assert response.status_code == 400
    assert "Aucune édition en cours" in response.content.decode()
    assert not Envelope.objects.exists()


@pytest.mark.django_db
def test_agenda_add_with_a_malformed_dossier_id_says_so(client, users):
    dossier = _ready(users)
    session = _session(dossier, users["instructor"])
    client.force_login(users["instructor"])
    response = client.post(f"/fimacs/comites/{session.pk}/ordre-du-jour/", {"dossier": "abc"})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "Choisissez un dossier prêt pour le comité." in follow.content.decode()
    assert not AgendaItem.objects.filter(session=session).exists()
