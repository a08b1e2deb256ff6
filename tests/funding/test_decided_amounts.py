"""A decided aid keeps the amounts the committee decided, whatever the engine does later.

Step 6 of the contract was amended on 2026-12-03. A dossier granted before the amendment
(here: granted while the former step 6 is patched back into the engine) must keep its total
and its split per category on the dossier page, the convention, the payments, the exports,
the API, the statistics and the edition cap; only the simulation recomputes, and says so.
"""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.api.models import ApiToken
from cvv.funding import engine
from cvv.funding.engine import ZERO, floor_euro
from cvv.funding.models import Dossier, PaymentRequest, Reglement
from cvv.funding.selectors import already_granted_in_edition
from cvv.funding.services import committee, conventions, payments
from cvv.funding.services.dossiers import dossier_compute
from cvv.funding.stats import rebalancing, simulate
from tests.funding.factories import make_draft, prove, walk

D = Decimal
# Two categories whose aid ends in 75 or 90 cents (rate 50 % or 60 %, whether or not the
# commune is fragile): the former step 6 gave NUMERIQUE the euro of the rounding, above its
# own rate; the amended one floors both parts and the total is one euro less.
EXPENSES = [
    ("ETUDES", "Étude de programmation", "10001.50", ""),
    ("NUMERIQUE", "Place de marché numérique", "10001.50", ""),
]


def former_split(rules, raw, total, explanation=None):
    """Step 6 before the amendment of 2026-12-03, as the engine had it: parts reduced in
    proportion and floored, the remainder on the last category in table order."""
    subtotal = sum(raw.values(), ZERO)
    if total == subtotal and all(v == v.to_integral_value() for v in raw.values()):
        return {code: value.quantize(D("1")) for code, value in raw.items()}
    parts = {code: ZERO for code, value in raw.items() if value <= ZERO}
    order = [code for code in rules.category_codes if code in raw and raw[code] > ZERO]
    for code in order[:-1]:
        parts[code] = floor_euro(raw[code] * total / subtotal)
    if order:
        parts[order[-1]] = (total - sum(parts.values(), ZERO)).quantize(D("1"))
    return {code: parts[code] for code in raw}


@pytest.fixture
def decided_before_amendment(users, monkeypatch):
    """A dossier submitted, instructed and granted (full computed aid) under the former
    step 6; the amended engine is back in place when the test body runs."""
    with monkeypatch.context() as patch:
        patch.setattr(engine, "split", former_split)
        patch.setattr(committee, "split", former_split)
        dossier = walk(
            make_draft(users["commune_agent"], expenses=EXPENSES), Dossier.State.GRANTED, users
        )
    assert engine.split is not former_split and committee.split is not former_split
    return dossier


def _stored(dossier):
    return dossier.granted_amount, {k: D(v) for k, v in dossier.granted_by_category.items()}


@pytest.mark.django_db
def test_a_decided_aid_is_never_recomputed(decided_before_amendment, users, client):
    dossier = decided_before_amendment
    granted, split = _stored(dossier)
    # What the former rule decided: one euro above the floored NUMERIQUE aid.
    rate = D(dossier.granted_rates["NUMERIQUE"])
    assert split["NUMERIQUE"] == floor_euro(rate * D("10001.50")) + 1
    assert sum(split.values()) == granted

    # Precondition: the amended engine computes something else for the same dossier.
    now = dossier_compute(dossier)
    assert now.aid_total == granted - 1
    assert {k: D(v) for k, v in now.aid_by_category.items()} != split

    # The dossier page shows the stored split and total.
    client.force_login(users["commune_agent"])
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    table = page.split('data-testid="aide-accordee"', 1)[1].split("</table>", 1)[0]
    for code, amount in split.items():
        row = table.split(f"<td>{dossier.reglement.category_label(code)}</td>", 1)[1].split(
            "</tr>", 1
        )[0]
        assert _eur0(amount) in row, row
    assert _eur0(granted) in table
    assert "ne sont pas recalculés" in page

    # The convention states the stored split.
    odt = conventions.render_convention(dossier, "CONV-TEST")
    text = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    for code, amount in split.items():
        # Each category by its French label, never its code.
        label = dossier.reglement.category_label(code)
        assert f"{label} : {engine.euros(amount)}" in text
        assert f"{code} :" not in text
    assert engine.euros(granted) in text

    # Payments: a project that cost more than planned is paid the whole decided aid, that
    # is the stored parts (the recomputed ones would pay one euro less).
    dossier = walk(dossier, Dossier.State.PAYING, users)
    final = payments.payment_request_create(
        dossier=dossier,
        kind=PaymentRequest.Kind.FINAL,
        justified={"ETUDES": "20000", "NUMERIQUE": "20000"},
        actor=users["commune_agent"],
    )
    assert final.aid_due == granted
    payments.payment_validate(
        payment=prove(final, users["commune_agent"]), actor=users["finance_officer"]
    )
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.CLOSED and dossier.final_amount == granted
    assert _stored(dossier) == (granted, split)

    # Exports (scoped list of dossiers) and the API read the stored amounts.
    client.force_login(users["instructor"])
    body = client.get(reverse("fimacs:dossiers") + "?format=csv").getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=_delimiter(body)))
    row = next(r for r in rows if r["Référence"] == dossier.reference)
    assert D(row["Aide accordée (€)"].replace(",", ".").replace("\u202f", "")) == granted
    _, key = ApiToken.objects.issue(users["commune_agent"])
    api = client.get(
        f"/api/v1/fimacs/dossiers/{dossier.pk}", HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    assert D(api["granted_amount"]) == granted
    assert {k: D(v) for k, v in api["granted_by_category"].items()} == split

    # Statistics and the edition cap count the decided aid.
    assert rebalancing()["total"] == granted
    assert already_granted_in_edition(dossier.commune, dossier.edition) == granted


@pytest.mark.django_db
def test_the_simulation_recomputes_and_says_so(decided_before_amendment, users, client):
    dossier = decided_before_amendment
    granted, _ = _stored(dossier)
    reglement = Reglement.objects.get(code="defaut-2026")
    row = next(r for r in simulate(reglement)["rows"] if r["dossier"].pk == dossier.pk)
    assert row["current"] == granted  # what was decided
    assert row["simulated"] == granted - 1  # recomputed by the current engine
    dossier.refresh_from_db()
    assert dossier.granted_amount == granted  # a simulation changes nothing
    client.force_login(users["metropole_admin"])
    page = client.get(reverse("fimacs:simulation") + "?reglement=defaut-2026").content.decode()
    assert 'data-testid="simulation-recalcul"' in page
    assert "recalculé avec la version defaut-2026 et la méthode de calcul actuelle" in page


def _eur0(amount):
    text = f"{int(amount):,}".replace(",", "\u202f")
    return f"{text}\u00a0€"


def _delimiter(body):
    header = body.splitlines()[0]
    return ";" if header.count(";") > header.count(",") else ","
