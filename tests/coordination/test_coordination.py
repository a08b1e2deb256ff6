import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.coordination import importer, selectors, services
from cvv.coordination.access import officers_read_referred_documents
from cvv.coordination.models import MetroProgramme, Participation, ProgrammeCall, Referral
from cvv.core.tabular import TableError, read_table
from cvv.core.workflows import TransitionDenied
from cvv.documents.services import document_upload
from cvv.territories.models import Commune, Territoire
from tests.documents.helpers import pdf
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(users):
    return MetroProgramme.objects.create(
        code="tiers-lieux",
        name="Tiers-lieux métropolitains",
        purpose="Objet",
        who_may_apply="Communes",
        organisation=users["partner_expert"].memberships.first().organisation,
    )


def csv_bytes(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


HEADER = "code_commune;programme;projet;montant;statut;debut;fin"


# --- Import of participations ------------------------------------------------------------


def test_import_checks_every_line_and_keeps_nothing_on_error(programme, users):
    rows, errors = importer.check_file(
        csv_bytes(
            HEADER,
            "93005;tiers-lieux;Tiers-lieu de la gare;45 000,00;Retenu;2026-03-01;",
            "99999;tiers-lieux;Projet;;;;",
            "93048;inconnu;Projet;12x;Perdu;31/02/2026;",
            "93048;tiers-lieux;Projet B;10;;2026-05-01;2026-04-01",
        )
    )
    assert len(rows) == 1
    assert errors[:2] + errors[3:] == [
        "Ligne 3 : commune « 99999 » inconnue (code INSEE d’une des 130 communes).",
        "Ligne 4 : programme « inconnu » inconnu (codes : tiers-lieux).",
        "Ligne 4 : statut « Perdu » inconnu (En projet, Candidature déposée, Retenu, "
        "Non retenu, Réalisé).",
        "Ligne 4 : date de début « 31/02/2026 » illisible (AAAA-MM-JJ ou JJ/MM/AAAA).",
        "Ligne 5 : la fin précède le début.",
    ]
    assert len(errors) == 6
    assert errors[2].startswith("Ligne 4 : champ « montant » : montant illisible « 12x »")


def test_import_creates_then_updates_by_commune_programme_and_project(programme, users):
    data = csv_bytes(HEADER, "93005;tiers-lieux;Tiers-lieu;45 000,00;Retenu;01/03/2026;")
    rows, errors = importer.check_file(data)
    assert errors == []
    assert services.participations_import(rows=rows, actor=users["metropole_admin"]) == {
        "created": 1,
        "updated": 0,
    }
    participation = Participation.objects.get()
    assert (participation.amount, participation.status) == (Decimal("45000.00"), "granted")
    assert participation.started_on == dt.date(2026, 3, 1)
    rows, _ = importer.check_file(csv_bytes(HEADER, "93005;tiers-lieux;Tiers-lieu;;Réalisé;;"))
    assert services.participations_import(rows=rows, actor=users["metropole_admin"]) == {
        "created": 0,
        "updated": 1,
    }
    participation.refresh_from_db()
    assert (participation.amount, participation.status) == (None, "completed")


def test_import_refuses_duplicates_missing_columns_and_non_staff(programme, users):
    _, errors = importer.check_file(
        csv_bytes(HEADER, "93005;tiers-lieux;A;;;;", "93005;tiers-lieux;A;;;;")
    )
    assert errors == ["Ligne 3 : doublon de la ligne 2."]
    _, errors = importer.check_file(csv_bytes("commune;projet", "93005;A"))
    assert errors[0].startswith("Liste des participations : colonnes manquantes : code_commune")
    rows, _ = importer.check_file(csv_bytes(HEADER, "93005;tiers-lieux;A;;;;"))
    with pytest.raises(PermissionDenied):
        services.participations_import(rows=rows, actor=users["commune_agent"])
    assert not Participation.objects.exists()


def test_import_reads_xlsx_and_refuses_a_zip_bomb(programme):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(importer.COLUMNS)
    workbook.active.append(["93005", "tiers-lieux", "Projet", 1200.5, "En projet", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows, errors = importer.check_file(buffer.getvalue())
    assert errors == []
    assert rows[0]["amount"] == Decimal("1200.50")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"0" * (11 * 1024**2))
    with pytest.raises(TableError, match="une fois décompressé"):
        read_table(bomb.getvalue(), "Liste")


def test_import_page_shows_line_errors_and_writes_nothing(client, users, programme):
    client.force_login(users["metropole_admin"])
    upload = io.BytesIO(csv_bytes(HEADER, "93005;tiers-lieux;A;;;;", "93005;x;B;;;;"))
    upload.name = "liste.csv"
    response = client.post(reverse("coordination:participation_import"), {"file": upload})
    assert response.status_code == 400
    assert "Ligne 3 : programme « x » inconnu" in response.content.decode()
    assert not Participation.objects.exists()


# --- Calendar -------------------------------------------------------------------------------


def test_calendar_keeps_the_calls_a_commune_may_answer(programme):
    today = dt.date(2026, 6, 1)
    small = ProgrammeCall.objects.create(
        programme=programme,
        title="Petites communes",
        opens_on=today,
        closes_on=dt.date(2026, 7, 1),
        max_population=20000,
    )
    t7 = ProgrammeCall.objects.create(
        programme=programme, title="T7", opens_on=today, closes_on=dt.date(2026, 6, 15)
    )
    t7.territoires.set([Territoire.objects.get(code="T7")])
    ProgrammeCall.objects.create(
        programme=programme,
        title="Clos",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 5, 31),
    )
    aulnay = Commune.objects.get(code="93005")  # T7, about 87,000 inhabitants
    montreuil = Commune.objects.get(code="93048")  # T8
    assert [c.title for c in selectors.calendar(today=today)] == ["T7", "Petites communes"]
    assert [c.title for c in selectors.calendar(today=today, commune=aulnay)] == ["T7"]
    assert selectors.calendar(today=today, commune=montreuil) == []
    assert small.eligible(Commune.objects.filter(population__lt=20000).first())


# --- Referrals ----------------------------------------------------------------------------


def _referral(users, programme, *, documents=()):
    return services.referral_create(
        commune=commune("93005"),
        programme=programme,
        project="Tiers-lieu de la gare",
        summary="Un local vacant transformé en tiers-lieu.",
        documents=documents,
        actor=users["commune_agent"],
    )


def test_referral_guards_are_enforced_by_the_service(users, programme):
    referral = _referral(users, programme)
    with pytest.raises(TransitionDenied):
        services.referral_transition(
            referral=referral, name="send", actor=users["other_commune_agent"]
        )
    services.referral_transition(referral=referral, name="send", actor=users["commune_agent"])
    with pytest.raises(TransitionDenied):
        services.referral_transition(
            referral=referral, name="acknowledge", actor=users["commune_agent"]
        )
    with pytest.raises(ValidationError, match="Un motif est obligatoire"):
        services.referral_transition(
            referral=referral, name="accept", actor=users["partner_expert"]
        )
    services.referral_transition(
        referral=referral, name="accept", actor=users["partner_expert"], reason="Bienvenue"
    )
    referral.refresh_from_db()
    assert (referral.state, referral.answer) == ("accepted", "Bienvenue")
    assert referral.answered_by == users["partner_expert"]


def test_referral_documents_come_from_the_communes_vault(users, programme):
    own = document_upload(
        commune=commune("93005"),
        uploaded_file=pdf(),
        kind="deliberation",
        title="Délib",
        actor=users["commune_agent"],
    )
    other = document_upload(
        commune=commune("93048"),
        uploaded_file=pdf(),
        kind="devis",
        title="Devis",
        actor=users["other_commune_agent"],
    )
    with pytest.raises(ValidationError, match="coffre-fort de la commune"):
        _referral(users, programme, documents=[other])
    referral = _referral(users, programme, documents=[own])
    officer = users["partner_expert"]
    assert not officers_read_referred_documents(officer, own)  # a draft shares nothing
    services.referral_transition(referral=referral, name="send", actor=users["commune_agent"])
    assert officers_read_referred_documents(officer, own)
    assert not officers_read_referred_documents(officer, other)
    assert not officers_read_referred_documents(users["fonciere_officer"], own)


def test_referral_journey_in_the_pages_with_emails(
    client, users, programme, django_capture_on_commit_callbacks
):
    agent, officer = users["commune_agent"], users["partner_expert"]
    client.force_login(agent)
    response = client.post(
        reverse("coordination:referral_new") + "?commune=93005",
        {"programme": programme.pk, "project": "Halle gourmande", "summary": "Un projet."},
    )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("coordination:referral", args=[referral.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordination:referral_transition", args=[referral.pk, "send"]))
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Halle gourmande" in mail.outbox[0].body
    client.force_login(officer)
    page = client.get(reverse("coordination:referral", args=[referral.pk])).content.decode()
    assert "Accepter le projet" in page and "Retirer" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("coordination:referral_transition", args=[referral.pk, "decline"]),
            {"reason": "Hors du périmètre de l’appel."},
        )
    referral.refresh_from_db()
    assert referral.state == "declined"
    assert agent.email in mail.outbox[-1].to
    assert "Hors du périmètre" in mail.outbox[-1].body
    client.force_login(agent)
    page = client.get(reverse("coordination:referral", args=[referral.pk])).content.decode()
    assert "Hors du périmètre de l’appel." in page


def test_participation_form_is_scoped(client, users, programme):
    client.force_login(users["commune_agent"])
    response = client.post(
        reverse("coordination:participation_new"),
        {
            "commune": commune("93048").pk,
            "programme": programme.pk,
            "project": "X",
            "status": "planned",
        },
    )
    assert response.status_code == 400  # Montreuil is not among the agent's communes
    response = client.post(
        reverse("coordination:participation_new"),
        {
            "commune": commune("93005").pk,
            "programme": programme.pk,
            "project": "X",
            "status": "planned",
            "amount": "1 500,00",
        },
    )
    assert response.status_code == 302
    assert Participation.objects.get().amount == Decimal("1500.00")


def test_demo_is_complete_and_idempotent():
    from cvv.coordination import demo
    from cvv.organisations import demo as organisations_demo

    organisations_demo.load()
    demo.load()
    assert MetroProgramme.objects.filter(synthetic=True).count() == 6
    assert Participation.objects.filter(synthetic=True).count() == 60
    states = list(Referral.objects.values_list("state", flat=True))
    assert len(states) == 10
    assert set(states) == {"draft", "sent", "in_review", "accepted", "declined", "withdrawn"}
    demo.load()
    assert Participation.objects.count() == 60 and Referral.objects.count() == 10


def test_accompaniment_page_offers_referral_and_lists_them(client, users, programme):
    from tests.programme.factories import make_accompaniment

    accompaniment = make_accompaniment("93005")
    referral = services.referral_create(
        commune=accompaniment.commune,
        programme=programme,
        accompaniment=accompaniment,
        project="Halle",
        summary="…",
        actor=users["commune_agent"],
    )
    url = reverse("programme:accompaniment", args=[accompaniment.pk])
    client.force_login(users["commune_agent"])
    page = client.get(url).content.decode()
    assert f"?accompagnement={accompaniment.pk}" in page
    assert reverse("coordination:referral", args=[referral.pk]) in page
    response = client.get(
        reverse("coordination:referral_new") + f"?accompagnement={accompaniment.pk}"
    )
    assert response.status_code == 200
    client.force_login(users["other_commune_agent"])
    response = client.get(
        reverse("coordination:referral_new") + f"?accompagnement={accompaniment.pk}"
    )
    assert response.status_code == 404


def test_call_reminders_reach_eligible_communes_people(users, programme):
    from cvv.coordination.tasks import send_call_reminders

    today = dt.date(2026, 6, 1)
    ProgrammeCall.objects.create(
        programme=programme, title="Bientôt clos", opens_on=today, closes_on=dt.date(2026, 6, 10)
    )
    ProgrammeCall.objects.create(
        programme=programme, title="Lointain", opens_on=today, closes_on=dt.date(2026, 9, 1)
    )
    send_call_reminders.call_local(today.isoformat())
    aulnay = [m for m in mail.outbox if users["commune_agent"].email in m.to]
    assert len(aulnay) == 1
    assert "Bientôt clos" in aulnay[0].body and "Lointain" not in aulnay[0].body


def test_from_the_single_view_a_referent_refers_and_sees_the_answer(client, users, programme):
    agent, officer = users["commune_agent"], users["partner_expert"]
    client.force_login(agent)
    page = client.get(reverse("synthesis:commune", args=["93005"])).content.decode()
    start = reverse("coordination:referral_new") + "?commune=93005"
    assert start in page
    client.post(start, {"programme": programme.pk, "project": "Marché couvert", "summary": "…"})
    referral = Referral.objects.get()
    client.post(reverse("coordination:referral_transition", args=[referral.pk, "send"]))
    client.force_login(officer)
    client.post(
        reverse("coordination:referral_transition", args=[referral.pk, "accept"]),
        {"reason": "Retenu pour l’appel de printemps."},
    )
    client.force_login(agent)
    page = client.get(reverse("synthesis:commune", args=["93005"])).content.decode()
    assert "Marché couvert — Acceptée par le programme" in page


def test_an_unknown_action_is_a_404(client, users, programme):
    referral = _referral(users, programme)
    client.force_login(users["commune_agent"])
    url = reverse("coordination:referral_transition", args=[referral.pk, "explode"])
    assert client.post(url).status_code == 404
