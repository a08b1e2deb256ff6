"""A dossier from draft to closed through the pages (HTTP client), each step checked."""

import datetime
import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.funding.models import Dossier, PaymentRequest
from tests.funding.factories import PDF, make_accompaniment, make_action, make_envelope
from tests.html import table_rows


def _post(client, url_name, data=None, **kwargs):
    response = client.post(reverse(url_name, kwargs=kwargs), data or {})
    assert response.status_code in (200, 302), response.content[:500]
    return response


@pytest.mark.django_db
def test_dossier_from_draft_to_closed_through_the_pages(client, users):
    agent, instructor = users["commune_agent"], users["instructor"]
    finance, expert = users["finance_officer"], users["partner_expert"]
    accompaniment = make_accompaniment("93005")
    action = make_action(accompaniment, agent)
    make_envelope(accompaniment.edition, users["metropole_admin"])

    # 1. The commune creates the dossier and fills it; the preview computes live.
    client.force_login(agent)
    response = client.post(
        reverse("fimacs:dossier_create"), {"title": "Halle du marché", "action": action.pk}
    )
    dossier = Dossier.objects.get(title="Halle du marché")
    assert response.status_code == 302
    form = {
        "title": "Halle du marché",
        "action": action.pk,
        "other_public_aid": "0",
        "own_funds": "80000",
        "category_0": "HALLES_MARCHES",
        "label_0": "Rénovation de la halle",
        "ht_0": "200000",
        "ttc_0": "240000",
        "category_1": "ETUDES",
        "label_1": "Programmation",
        "ht_1": "20000",
    }
    preview = client.post(reverse("fimacs:dossier_preview", args=[dossier.pk]), form)
    text = preview.content.decode().replace("\u202f", "").replace("\xa0", " ")
    assert "70000 €" in text  # 30 % x 200 000 + 50 % x 20 000
    bad = client.post(reverse("fimacs:dossier_edit", args=[dossier.pk]), {**form, "ht_1": "-3"})
    assert bad.status_code == 400 and "négatif" in bad.content.decode()
    assert client.post(reverse("fimacs:dossier_edit", args=[dossier.pk]), form).status_code == 302
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert "Pièce obligatoire manquante" in page
    for kind in ("deliberation", "devis", "plan_financement", "rib"):
        _post(
            client,
            "fimacs:dossier_attach",
            {
                f"piece-{kind}-file": SimpleUploadedFile(f"{kind}.pdf", PDF),
                f"piece-{kind}-title": kind,
            },
            pk=dossier.pk,
            slot=kind,
        )
    _post(client, "fimacs:dossier_commune_action", pk=dossier.pk, name="submit")
    dossier.refresh_from_db()
    assert dossier.state == "submitted" and dossier.requested_amount == 70000

    # 2. Instruction: completion request, resubmission, opinions.
    client.force_login(instructor)
    _post(
        client,
        "fimacs:dossier_instruct",
        {"reason": "RIB illisible"},
        pk=dossier.pk,
        name="request_completion",
    )
    rib = dossier.documents.get(kind="rib")
    _post(
        client,
        "fimacs:piece_review",
        {f"examen-{rib.pk}-status": "to_replace", f"examen-{rib.pk}-reason": "RIB illisible"},
        pk=dossier.pk,
        piece_pk=rib.pk,
    )
    client.force_login(agent)
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert "Motif : RIB illisible" in page and "À remplacer" in page
    _post(
        client,
        "fimacs:dossier_attach",
        {"piece-rib-file": SimpleUploadedFile("rib2.pdf", PDF), "piece-rib-title": "RIB 2"},
        pk=dossier.pk,
        slot="rib",
    )
    assert dossier.documents.get(kind="rib").document.title == "RIB 2"
    _post(client, "fimacs:message_post", {"text": "RIB remplacé"}, pk=dossier.pk)
    _post(client, "fimacs:dossier_commune_action", pk=dossier.pk, name="resubmit")
    client.force_login(instructor)
    _post(client, "fimacs:dossier_instruct", pk=dossier.pk, name="start_instruction")
    _post(client, "fimacs:annotation_add", {"text": "Note privée"}, pk=dossier.pk)
    from cvv.organisations.models import Organisation

    cci = Organisation.objects.get(name="CCI Paris Île-de-France")
    _post(
        client,
        "fimacs:opinion_request",
        {"kind": "partner", "organisation": cci.pk, "due_on": datetime.date.today()},
        pk=dossier.pk,
    )
    _post(client, "fimacs:opinion_request", {"kind": "technical"}, pk=dossier.pk)
    technical = dossier.opinions.get(kind="technical")
    _post(client, "fimacs:opinion", {"verdict": "favourable", "text": "OK"}, pk=technical.pk)
    client.force_login(expert)
    partner = dossier.opinions.get(kind="partner")
    assert client.get(reverse("fimacs:opinions")).status_code == 200
    _post(client, "fimacs:opinion", {"verdict": "reserved", "text": "Loyers"}, pk=partner.pk)
    client.force_login(agent)  # the commune never sees the private notes
    assert (
        "Note privée"
        not in client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    )
    client.force_login(instructor)
    _post(client, "fimacs:dossier_instruct", pk=dossier.pk, name="mark_ready")

    # 3. Committee: session, agenda, decision, minutes, exports.
    _post(client, "fimacs:sessions", {"title": "Comité de juin", "date": "2026-06-15"})
    from cvv.funding.models import CommitteeSession

    session = CommitteeSession.objects.get(title="Comité de juin")
    _post(client, "fimacs:session_agenda", {"dossier": dossier.pk}, pk=session.pk)
    item = session.items.get()
    assert item.proposed_amount == 70000
    _post(
        client,
        "fimacs:session_decide",
        {"decision": "granted", "amount": "70000", "conditions": "Délibération"},
        pk=session.pk,
        item_pk=item.pk,
    )
    _post(client, "fimacs:session_close", {"minutes": "Vote unanime"}, pk=session.pk)
    odt = client.get(reverse("fimacs:session_minutes", args=[session.pk]))
    assert (
        dossier.reference in zipfile.ZipFile(BytesIO(odt.getvalue())).read("content.xml").decode()
    )
    csv = client.get(reverse("fimacs:session_decisions", args=[session.pk]) + "?format=csv")
    assert dossier.reference in csv.getvalue().decode()
    for fmt in ("xlsx", "ods"):
        url = reverse("fimacs:session_decisions", args=[session.pk]) + f"?format={fmt}"
        assert client.get(url).status_code == 200

    # 4. Convention generated and signed.
    _post(client, "fimacs:convention_generate", pk=dossier.pk)
    _post(client, "fimacs:convention_sign", {"date": "2026-06-20"}, pk=dossier.pk)
    download = client.get(reverse("fimacs:convention_download", args=[dossier.pk]))
    assert download.status_code == 200
    content = download.getvalue()
    assert dossier.reference in zipfile.ZipFile(BytesIO(content)).read("content.xml").decode()

    # 5. Payments: advance, then final with a cheaper project; validated by finance.
    client.force_login(agent)
    _post(client, "fimacs:payment_request", {"kind": "advance"}, pk=dossier.pk)
    client.force_login(finance)
    advance = dossier.payments.get()
    page = client.get(reverse("fimacs:payment", args=[dossier.pk, advance.pk]))
    assert "À verser en validant" in page.content.decode()
    _post(
        client,
        "fimacs:payment_decide",
        {"decision": "validate"},
        pk=dossier.pk,
        payment_pk=advance.pk,
    )
    assert dossier.payments.get().state == "submitted"  # not confirmed: nothing paid
    _post(
        client,
        "fimacs:payment_decide",
        {"decision": "validate", "confirm": "on"},
        pk=dossier.pk,
        payment_pk=advance.pk,
    )
    client.force_login(agent)
    _post(
        client,
        "fimacs:payment_request",
        {"kind": "final", "justified_HALLES_MARCHES": "180000", "justified_ETUDES": "20000"},
        pk=dossier.pk,
    )
    final = dossier.payments.get(kind=PaymentRequest.Kind.FINAL)
    for slot in ("etat_depenses", "factures"):
        _post(
            client,
            "fimacs:payment_piece",
            {f"piece-{slot}-file": SimpleUploadedFile(f"{slot}.pdf", PDF)},
            pk=dossier.pk,
            payment_pk=final.pk,
            slot=slot,
        )
    client.force_login(finance)
    assert client.get(reverse("fimacs:payments")).status_code == 200
    invoice = final.pieces.get(kind="factures")
    _post(
        client,
        "fimacs:payment_piece_review",
        {f"examen-{invoice.pk}-status": "accepted"},
        pk=dossier.pk,
        payment_pk=final.pk,
        piece_pk=invoice.pk,
    )
    _post(
        client,
        "fimacs:payment_decide",
        {"decision": "validate", "confirm": "on"},
        pk=dossier.pk,
        payment_pk=final.pk,
    )
    dossier.refresh_from_db()
    # 30 % x 180 000 + 50 % x 20 000 = 64 000: the aid shrinks with the cost.
    assert dossier.state == Dossier.State.CLOSED
    assert dossier.final_amount == 64000 and dossier.paid_total == 64000
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert "Soldé et clos" in page


@pytest.mark.django_db
def test_staff_pages_render(client, users):
    from tests.funding.factories import make_draft, walk

    walk(make_draft(users["commune_agent"]), Dossier.State.PAYING, users)
    client.force_login(users["metropole_admin"])
    for name in (
        "fimacs:dossiers",
        "fimacs:budget",
        "fimacs:sessions",
        "fimacs:simulation",
        "fimacs:reglements",
        "fimacs:rebalancing",
        "fimacs:payments",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(reverse("fimacs:rebalancing")).content.decode()
    # Aulnay's row of the table shows the 63 000 € granted (not a "63" of the map's
    # coordinates): the row is found by its commune cell, the amount read from its cells.
    (aulnay,) = [row for row in table_rows(page) if "Aulnay-sous-Bois" in row]
    assert "63000" in [re.sub(r"\D", "", cell.split(",")[0]) for cell in aulnay]
    detail = client.get(reverse("fimacs:reglement", args=["defaut-2026"])).content.decode()
    assert "Paramètres par défaut" in detail and "CGCT" in detail


@pytest.mark.django_db
def test_home_cards_per_role(client, users):
    from tests.funding.factories import make_draft

    make_draft(users["commune_agent"])
    client.force_login(users["commune_agent"])
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Fonds FIMACS" in home and "Préparer un dossier" in home
    client.force_login(users["finance_officer"])
    assert "Versements FIMACS" in client.get(reverse("dashboard:home")).content.decode()
    client.force_login(users["partner_expert"])
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Avis FIMACS demandés" in home and "Fonds FIMACS" not in home


@pytest.mark.django_db
def test_dossier_list_export_is_scoped(client, users):
    from tests.funding.factories import make_draft

    own = make_draft(users["commune_agent"], documents=False)
    other = make_draft(users["other_commune_agent"], code="93048", documents=False)
    client.force_login(users["commune_agent"])
    csv = client.get(reverse("fimacs:dossiers") + "?format=csv").getvalue().decode()
    assert own.reference in csv and other.reference not in csv
    assert client.get(reverse("fimacs:dossiers") + "?format=xlsx").status_code == 200
    assert client.get(reverse("fimacs:dossiers") + "?format=pdf").status_code == 404


@pytest.mark.django_db
def test_agent_of_two_communes_chooses_the_commune_of_the_dossier(client, users):
    from cvv.organisations.models import Membership
    from tests.factories import organisation_for

    agent = users["commune_agent"]  # Aulnay-sous-Bois (93005)
    Membership.objects.create(
        user=agent,
        organisation=organisation_for("commune_agent", commune="93048"),
        role="commune_agent",
    )
    aulnay = make_accompaniment("93005")
    montreuil = make_accompaniment("93048", aulnay.edition)
    outside = make_accompaniment("91479", aulnay.edition)
    client.force_login(agent)
    url = reverse("fimacs:dossier_create")
    page = client.get(url).content.decode()
    assert "Aulnay-sous-Bois" in page and "Montreuil" in page
    assert outside.commune.nom not in page

    response = client.post(url, {"commune": montreuil.commune.pk, "title": "Halle de Montreuil"})
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.commune.code == "93048" and dossier.edition == montreuil.edition

    # An action of the other commune is refused, and so is a commune outside the scope.
    action = make_action(aulnay, agent)
    response = client.post(
        url, {"commune": montreuil.commune.pk, "title": "Vitrines", "action": action.pk}
    )
    assert (
        response.status_code == 400 and "pas une action de Montreuil" in response.content.decode()
    )
    response = client.post(url, {"commune": outside.commune.pk, "title": "Hors périmètre"})
    assert response.status_code == 400 and 'id="id_commune_error"' in response.content.decode()
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_the_service_refuses_a_commune_outside_the_actors_scope(users):
    from django.core.exceptions import PermissionDenied

    from cvv.funding.services import dossiers

    accompaniment = make_accompaniment("93048")
    with pytest.raises(PermissionDenied, match="Montreuil"):
        dossiers.dossier_create(
            commune=accompaniment.commune,
            edition=accompaniment.edition,
            title="Hors périmètre",
            actor=users["commune_agent"],
        )
    assert not Dossier.objects.exists()
