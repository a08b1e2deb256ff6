"""The main path through the interface: apply, instruct, score, decide, run phases."""

import pytest
from django.urls import reverse

from cvv.api.models import ApiToken
from cvv.audit.models import AuditEntry
from cvv.documents.services import document_upload
from cvv.programme.models import Accompaniment, Action, Candidature, Message, Review
from tests.documents.helpers import pdf
from tests.factories import commune
from tests.programme.factories import make_accompaniment, make_edition

pytestmark = pytest.mark.django_db


def test_commune_applies_through_the_interface(client, users):
    edition = make_edition()
    agent = users["commune_agent"]
    deliberation = document_upload(
        commune=commune("93005"),
        uploaded_file=pdf(),
        kind="deliberation",
        title="Délibération",
        actor=agent,
    )
    client.force_login(agent)
    home = client.get(reverse("programme:home")).content.decode()
    assert "Candidater pour Aulnay-sous-Bois" in home
    start = reverse("programme:candidature_start", args=[edition.number, "93005"])
    page = client.get(start).content.decode()
    assert commune("93005").siren in page  # what the platform knows is shown, not asked
    response = client.post(start)
    candidature = Candidature.objects.get()
    assert response.url == reverse("programme:candidature_edit", args=[candidature.pk])
    question = edition.call.questions.get()
    response = client.post(
        response.url,
        {
            "contact_name": "Amina Agent",
            "contact_email": agent.email,
            "motivation": "Vacance commerciale de 14 % rue Jean-Charcot.",
            "expected_support": "Stratégie et programmation.",
            f"q_{question.pk}": "Le marché du Vieux-Pays.",
        },
    )
    assert response.status_code == 302
    # The délibération goes to its slot, picked from the vault (a plan would be refused).
    page = client.get(reverse("programme:candidature", args=[candidature.pk])).content.decode()
    assert 'data-slot="deliberation"' in page and "À fournir" in page
    client.post(
        reverse("programme:candidature_piece", args=[candidature.pk, "deliberation"]),
        {"piece-deliberation-document": deliberation.pk},
    )
    assert candidature.pieces.get().document == deliberation
    client.post(reverse("programme:candidature_submit", args=[candidature.pk]))
    candidature.refresh_from_db()
    assert candidature.state == "submitted"


def test_reviewer_scores_and_committee_decides(client, users):
    edition = make_edition()
    candidature = Candidature.objects.create(
        edition=edition,
        commune=commune("93005"),
        created_by=users["commune_agent"],
        state="submitted",
    )
    client.force_login(users["instructor"])
    client.post(
        reverse("programme:candidature_instruct", args=[candidature.pk]),
        {"transition": "declare_eligible", "reason": "Dossier complet"},
    )
    candidature.refresh_from_db()
    assert candidature.state == "under_review"
    url = reverse("programme:review", args=[candidature.pk])
    assert client.get(url).status_code == 200
    criteria = list(edition.criteria.all())
    response = client.post(url, {f"score_{criteria[0].pk}": 9, f"score_{criteria[1].pk}": 3})
    assert response.status_code == 400 and "inférieure ou égale à 5" in response.content.decode()
    client.post(
        url, {f"score_{criteria[0].pk}": 5, f"score_{criteria[1].pk}": 3, "interests": "none"}
    )
    client.post(reverse("programme:review_submit", args=[candidature.pk]))
    review = Review.objects.get()
    assert review.state == "submitted" and str(review.total) == "84.00"
    ranking = client.get(reverse("programme:ranking", args=[edition.number]))
    assert "84.00" in ranking.content.decode()
    export = client.get(reverse("programme:ranking", args=[edition.number]) + "?format=csv")
    assert "Aulnay-sous-Bois" in export.getvalue().decode()
    client.post(
        reverse("programme:decide", args=[candidature.pk]),
        {"decision": "accept", "reason": "Projet prioritaire", "referent": users["instructor"].pk},
    )
    accompaniment = Accompaniment.objects.get()
    assert accompaniment.referent == users["instructor"]


def test_accompaniment_page_and_phase_advance(client, users):
    accompaniment = make_accompaniment(experts=[users["partner_expert"]])
    Message.objects.create(
        accompaniment=accompaniment, author=users["instructor"], body="Note interne", private=True
    )
    client.force_login(users["commune_agent"])
    page = client.get(reverse("programme:accompaniment", args=[accompaniment.pk]))
    assert page.status_code == 200 and "Note interne" not in page.content.decode()
    assert (
        client.post(reverse("programme:phase_advance", args=[accompaniment.pk])).status_code == 403
    )
    client.post(
        reverse("programme:action_create", args=[accompaniment.pk]),
        {"title": "Créer un marché nocturne", "budget": "12000", "phase": "diagnostic"},
    )
    assert Action.objects.get().budget == 12000
    client.force_login(users["partner_expert"])
    assert (
        "Note interne"
        in client.get(reverse("programme:accompaniment", args=[accompaniment.pk])).content.decode()
    )
    client.post(reverse("programme:phase_advance", args=[accompaniment.pk]))
    accompaniment.refresh_from_db()
    assert accompaniment.phase == "strategy"


def test_dashboard_table_map_and_exports(client, users):
    make_accompaniment()
    client.force_login(users["finance_officer"])
    page = client.get(reverse("programme:dashboard")).content.decode()
    assert "Aulnay-sous-Bois" in page and "accompaniments-map" in page
    for fmt in ("csv", "xlsx", "ods"):
        response = client.get(reverse("programme:dashboard_export", args=[fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
    assert client.get(reverse("programme:dashboard_export", args=["pdf"])).status_code == 404


def test_api_is_scoped(client, users):
    own = make_accompaniment()
    make_accompaniment("93048", own.edition)
    _, key = ApiToken.objects.issue(users["commune_agent"])
    response = client.get("/api/v1/programme/accompaniments", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    data = response.json()
    assert [(item["id"], item["commune"], item["state"]) for item in data] == [
        (own.pk, "93005", "active")
    ]
    detail = client.get(
        f"/api/v1/programme/accompaniments/{own.pk}", HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    assert detail["phase"] == "diagnostic" and detail["actions"] == []
    assert client.get("/api/v1/programme/accompaniments").status_code == 401


def test_api_lists_are_scoped_for_communes_and_experts(client, users):
    edition = make_edition()
    own = Candidature.objects.create(
        edition=edition, commune=commune("93005"), created_by=users["commune_agent"]
    )
    Candidature.objects.create(
        edition=edition, commune=commune("93048"), created_by=users["other_commune_agent"]
    )
    on_it = make_accompaniment("93048", edition, experts=[users["partner_expert"]])
    make_accompaniment("93005", edition)
    _, key = ApiToken.objects.issue(users["commune_agent"])
    items = client.get("/api/v1/programme/candidatures", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [(i["id"], i["commune"]) for i in items] == [(own.pk, "93005")]
    _, key = ApiToken.objects.issue(users["partner_expert"])
    items = client.get(
        "/api/v1/programme/accompaniments", HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    assert [i["id"] for i in items] == [on_it.pk]
    assert (
        client.get("/api/v1/programme/candidatures", HTTP_AUTHORIZATION=f"Bearer {key}").json()
        == []
    )


def test_toolbox_search_full_page_and_htmx_partial(client, users):
    from cvv.programme.models import Resource

    Resource.objects.create(
        title="Bail commercial",
        category="legal",
        author="CCI",
        summary="Clauses",
        state="published",
    )
    Resource.objects.create(
        title="Vitrines", category="advice", author="CAUE", summary="Devantures", state="published"
    )
    client.force_login(users["commune_agent"])
    url = reverse("programme:toolbox") + "?q=bail"
    full = client.get(url).content.decode()
    assert "<html" in full and "Bail commercial" in full and "Vitrines" not in full
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Bail commercial" in partial


def test_accompaniment_page_query_count_does_not_grow(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cvv.programme.services import plan

    accompaniment = make_accompaniment(experts=[users["partner_expert"]])
    url = reverse("programme:accompaniment", args=[accompaniment.pk])
    client.force_login(users["instructor"])
    client.get(url)  # warm-up (session, caches)
    counts = []
    for batch in range(2):
        for number in range(1 if batch == 0 else 5):
            plan.action_create(
                accompaniment=accompaniment, actor=users["instructor"], title=f"Action {number}"
            )
            meeting = plan.meeting_create(
                accompaniment=accompaniment,
                actor=users["instructor"],
                kind="copil",
                title=f"Comité {number}",
                held_at=timezone.now(),
            )
            plan.meeting_decision_add(meeting=meeting, text="Décision", actor=users["instructor"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] < 30, counts


def test_opening_the_review_page_writes_nothing(client, users):
    edition = make_edition()
    candidature = Candidature.objects.create(
        edition=edition,
        commune=commune("93005"),
        created_by=users["commune_agent"],
        state="under_review",
    )
    client.force_login(users["instructor"])
    url = reverse("programme:review", args=[candidature.pk])
    audit_before = AuditEntry.objects.count()
    page = client.get(url)
    assert page.status_code == 200 and "Évaluer la candidature" in page.content.decode()
    assert not Review.objects.exists()
    assert AuditEntry.objects.count() == audit_before
    criteria = list(edition.criteria.all())
    invalid = client.post(url, {f"score_{criteria[0].pk}": 3, "interests": "conflict"})
    assert invalid.status_code == 400  # conflict without details: nothing is kept
    assert not Review.objects.exists()
    assert AuditEntry.objects.count() == audit_before
    client.post(url, {f"score_{criteria[0].pk}": 3, "interests": "none"})
    review = Review.objects.get()
    assert review.reviewer == users["instructor"] and review.state == "draft"
    assert set(
        AuditEntry.objects.filter(action__startswith="programme.review.").values_list(
            "action", flat=True
        )
    ) == {"programme.review.opened", "programme.review.scored"}


def test_committee_decides_from_the_ranking(client, users):
    from cvv.programme.services import selection

    edition = make_edition()
    candidature = Candidature.objects.create(
        edition=edition,
        commune=commune("93005"),
        created_by=users["commune_agent"],
        state="under_review",
    )
    review = selection.review_open(candidature=candidature, reviewer=users["instructor"])
    criteria = list(edition.criteria.all())
    selection.review_save(
        review=review,
        scores={c.pk: (4, "") for c in criteria},
        no_conflict_declared=True,
        actor=users["instructor"],
    )
    selection.review_submit(review=review, actor=users["instructor"])
    client.force_login(users["metropole_admin"])
    ranking = reverse("programme:ranking", args=[edition.number])
    assert "Décider" in client.get(ranking).content.decode()
    response = client.post(
        reverse("programme:decide", args=[candidature.pk]),
        {"decision": "defer", "reason": "Attendre le budget 2027", "next": ranking},
    )
    assert response.url == ranking
    candidature.refresh_from_db()
    assert candidature.state == "deferred"
    response = client.post(
        reverse("programme:decide", args=[candidature.pk]),
        {"decision": "accept", "reason": "Budget voté", "next": "https://evil.example/"},
    )
    assert response.url == reverse("programme:candidature", args=[candidature.pk])
    assert Accompaniment.objects.filter(candidature=candidature).exists()


def test_action_plan_export(client, users):
    accompaniment = make_accompaniment()
    Action.objects.create(
        accompaniment=accompaniment,
        title="Recruter un manager de commerce",
        budget=45000,
        created_by=users["commune_agent"],
    )
    client.force_login(users["commerce_manager"])
    response = client.get(reverse("programme:plan_export", args=[accompaniment.pk, "csv"]))
    body = response.getvalue().decode()
    assert "Recruter un manager de commerce" in body and "45000" in body
    assert (
        client.get(reverse("programme:plan_export", args=[accompaniment.pk, "doc"])).status_code
        == 404
    )
