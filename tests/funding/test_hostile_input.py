"""Hostile input to the compute contract (API and command line) and to the money forms:
every malformed amount is a 400 / exit 2 / form error naming the field, never a 500, never
stored (issue 8, points 3 and 6)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from cvv.funding.models import Dossier, Envelope, PaymentRequest, ReglementCategory
from cvv.funding.services import reglements
from tests.funding.factories import COMPUTE_REQUEST as REQUEST
from tests.funding.factories import make_accompaniment, make_draft, make_envelope, walk

TWENTY = "1" * 20
HEADER = '{"reglement":"defaut-2026","commune":"93005","accompagnement_actif":true,'
TAIL = '"already_granted_in_edition":"0","expenses":[]}'
# (name, raw JSON body, field named in the answer)
HOSTILE = [
    ("exponent", json.dumps({**REQUEST, "other_public_aid": "1e400000"}), "other_public_aid"),
    ("exponent-number", HEADER + '"other_public_aid":1e400000,' + TAIL, "other_public_aid"),
    ("4400-digits", json.dumps({**REQUEST, "other_public_aid": "9" * 4400}), "other_public_aid"),
    ("4400-digit-number", HEADER + f'"other_public_aid":{"9" * 4400},' + TAIL, "other_public_aid"),
    (
        "4400-digit-population",
        HEADER.replace("true,", f'true,"population":{"9" * 4400},') + '"other_public_aid":"0",'
        '"already_granted_in_edition":"0","expenses":[]}',
        "population",
    ),
    ("20-digits", json.dumps({**REQUEST, "already_granted_in_edition": TWENTY}), "already_granted"),
    ("underscore", json.dumps({**REQUEST, "other_public_aid": "1_000"}), "other_public_aid"),
    ("arabic-digits", json.dumps({**REQUEST, "other_public_aid": "١٢"}), "other_public_aid"),
    ("padding", json.dumps({**REQUEST, "other_public_aid": " 12"}), "other_public_aid"),
    ("plus-sign", json.dumps({**REQUEST, "other_public_aid": "+12"}), "other_public_aid"),
    ("nan", HEADER + '"other_public_aid":NaN,' + TAIL, "(corps)"),
    ("deep-nesting", "[" * 50_000 + "]" * 50_000, "(corps)"),
    (
        "nested-unknown-key",
        json.dumps({**REQUEST, "expenses": [{"category": "ETUDES", "amount_ht": "1", "vat": 0}]}),
        "expenses[0].vat",
    ),
    ("duplicate-key", '{"reglement":"defaut-2026","reglement":"x"}', "reglement"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_api_refuses_hostile_input_with_a_400_naming_the_field(client, body, field):
    response = client.post("/api/v1/fimacs/compute", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["field"]


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_command_refuses_hostile_input_with_exit_2(tmp_path, body, field):
    path = tmp_path / "request.json"
    path.write_text(body, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("fimacs", "compute", "--json", str(path), stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2
    assert err.getvalue().count("\n") == 1
    if field != "(corps)":
        assert field in err.getvalue()


@pytest.mark.django_db
def test_json_numbers_in_plain_notation_are_still_amounts(client):
    body = HEADER + '"other_public_aid":0,"already_granted_in_edition":12.5,"expenses":[]}'
    response = client.post("/api/v1/fimacs/compute", body, content_type="application/json")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["other_public_aid", "own_funds", "ht_0", "ttc_0"])
def test_dossier_form_refuses_an_amount_longer_than_the_column(client, users, field):
    agent = users["commune_agent"]
    dossier = make_draft(agent)
    before = (dossier.other_public_aid, dossier.own_funds, list(dossier.expenses.values()))
    form = {
        "title": "Halle",
        "other_public_aid": "0",
        "own_funds": "0",
        "category_0": "ETUDES",
        "label_0": "Étude",
        "ht_0": "20000",
        "ttc_0": "24000",
        field: TWENTY,
    }
    client.force_login(agent)
    response = client.post(reverse("fimacs:dossier_edit", args=[dossier.pk]), form)
    assert response.status_code == 400
    assert "trop" in response.content.decode()
    dossier.refresh_from_db()
    after = (dossier.other_public_aid, dossier.own_funds, list(dossier.expenses.values()))
    assert after == before
    preview = client.post(reverse("fimacs:dossier_preview", args=[dossier.pk]), form)
    assert preview.status_code == 200


@pytest.mark.django_db
def test_envelope_form_refuses_an_amount_longer_than_the_column(client, users):
    make_accompaniment("93005")
    client.force_login(users["metropole_admin"])
    response = client.post(reverse("fimacs:budget"), {"year": "2026", "amount": TWENTY})
    assert response.status_code == 400 and "trop" in response.content.decode()
    assert not Envelope.objects.exists()


@pytest.mark.django_db
def test_payment_form_refuses_an_amount_longer_than_the_column(client, users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.CONVENTION_SIGNED, users)
    category = next(iter(dossier.granted_by_category))
    client.force_login(users["commune_agent"])
    response = client.post(
        reverse("fimacs:payment_request", args=[dossier.pk]),
        {"kind": "interim", f"justified_{category}": TWENTY},
    )
    assert response.status_code == 400 and "trop" in response.content.decode()
    assert not PaymentRequest.objects.filter(dossier=dossier).exists()


@pytest.mark.django_db
def test_decision_form_refuses_an_amount_longer_than_the_column(client, users):
    from cvv.funding.models import AgendaItem
    from cvv.funding.services import committee

    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.READY_FOR_COMMITTEE, users)
    make_envelope(dossier.edition, users["metropole_admin"])
    session = committee.session_create(
        edition=dossier.edition,
        title="Comité",
        date=datetime.date(2026, 6, 1),
        actor=users["instructor"],
    )
    item = committee.agenda_add(session=session, dossier=dossier, actor=users["instructor"])
    client.force_login(users["instructor"])
    client.post(
        reverse("fimacs:session_decide", args=[session.pk, item.pk]),
        {"decision": "granted", "amount": TWENTY},
    )
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.decision == "" and item.decided_amount is None
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.READY_FOR_COMMITTEE


@pytest.mark.django_db
def test_reglement_service_refuses_a_ceiling_or_parameter_longer_than_the_column(users):
    from django.core.exceptions import ValidationError

    admin = users["metropole_admin"]
    draft = reglements.reglement_create_draft(
        source=reglements.Reglement.objects.get(code="defaut-2026"),
        code="essai",
        title="Essai",
        effective_from=datetime.date(2027, 1, 1),
        actor=admin,
    )
    category = draft.categories.filter(eligible=True).first()
    data = {"eligible": True, "base_rate": "0.3", "ceiling": TWENTY, "source": "Délibération"}
    with pytest.raises(ValidationError, match="trop"):
        reglements.reglement_update(reglement=draft, actor=admin, categories={category.code: data})
    assert ReglementCategory.objects.get(pk=category.pk).ceiling == category.ceiling
    parameter = draft.parameters.exclude(unit__in=reglements.RATIO_UNITS).first()
    with pytest.raises(ValidationError, match="trop"):
        reglements.reglement_update(
            reglement=draft, actor=admin, parameters={parameter.key: ("1" * 11, "Délibération")}
        )
