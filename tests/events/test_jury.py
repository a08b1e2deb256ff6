"""The jury of an award: weighted criteria (the programme's weighted total), declared
conflicts of interest (no scoring after one; a juror working for the commune is refused),
a ranking from the scores, the decision by the president or the Métropole's jury roles."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.events import awards, jury
from cvv.events.models import AwardCriterion, Nomination
from tests.events.factories import make_award, make_event
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(users):
    event = make_event()
    award = make_award(event)
    staff = users["metropole_admin"]
    jury.jury_set(award=award, jurors=[users["partner_expert"], users["commune_agent"]],
                  president=users["partner_expert"], actor=staff)  # fmt: skip
    impact = jury.criterion_save(criterion=AwardCriterion(award=award, label="Impact", weight=3,
                                                          max_score=5), actor=staff)  # fmt: skip
    method = jury.criterion_save(criterion=AwardCriterion(award=award, label="Méthode", weight=1,
                                                          max_score=10), actor=staff)  # fmt: skip
    aulnay = Nomination.objects.create(award=award, commune=commune("93005"), project="Halle",
                                       pitch="…")  # fmt: skip
    montreuil = Nomination.objects.create(award=award, commune=commune("93048"), project="Rue",
                                          pitch="…")  # fmt: skip
    return award, impact, method, aulnay, montreuil


def test_weighted_scores_and_ranking(users, setting):
    award, impact, method, aulnay, montreuil = setting
    expert = users["partner_expert"]
    # (3 × 4/5 + 1 × 5/10) / 4 × 100 = (2.4 + 0.5) / 4 × 100 = 72.50
    review = jury.score(nomination=montreuil, juror=expert, scores={impact.pk: 4, method.pk: 5})
    assert review.total == Decimal("72.50")
    # (3 × 5/5 + 1 × 10/10) / 4 × 100 = 100
    assert jury.score(nomination=aulnay, juror=expert,
                      scores={impact.pk: 5, method.pk: 10}).total == Decimal("100.00")  # fmt: skip
    rows = jury.ranking(award)
    assert [(r.nomination.commune.code, r.average, r.scored) for r in rows] == [
        ("93005", Decimal("100.00"), 1), ("93048", Decimal("72.50"), 1)]  # fmt: skip
    with pytest.raises(ValidationError):
        jury.score(nomination=aulnay, juror=expert, scores={impact.pk: 6, method.pk: 1})
    with pytest.raises(ValidationError):
        jury.score(nomination=aulnay, juror=expert, scores={impact.pk: 2})
    assert AuditEntry.objects.filter(action="events.jury.scored").count() == 2
    with pytest.raises(ValidationError, match="grille ne peut plus changer"):
        jury.criterion_save(criterion=AwardCriterion(award=award, label="Autre"),
                            actor=users["metropole_admin"])  # fmt: skip


def test_conflict_of_interest_blocks_scoring(users, setting):
    award, impact, method, aulnay, montreuil = setting
    expert = users["partner_expert"]
    jury.score(nomination=montreuil, juror=expert, scores={impact.pk: 1, method.pk: 1})
    with pytest.raises(ValidationError):
        jury.conflict_declare(nomination=montreuil, juror=expert, details=" ")
    review = jury.conflict_declare(nomination=montreuil, juror=expert, details="Ancien employeur")
    assert review.total is None and not review.scores.exists()
    with pytest.raises(ValidationError, match="conflit d’intérêts"):
        jury.score(nomination=montreuil, juror=expert, scores={impact.pk: 5, method.pk: 10})
    row = next(r for r in jury.ranking(award) if r.nomination == montreuil)
    assert (row.scored, row.conflicts, row.average) == (0, 1, None)
    # a juror working for the nominated commune cannot score it
    with pytest.raises(PermissionDenied, match="Aulnay"):
        jury.score(nomination=aulnay, juror=users["commune_agent"],
                   scores={impact.pk: 5, method.pk: 10})  # fmt: skip
    # someone outside the jury cannot score at all
    with pytest.raises(PermissionDenied):
        jury.score(nomination=montreuil, juror=users["instructor"],
                   scores={impact.pk: 5, method.pk: 10})  # fmt: skip


def test_winners_decided_from_scores_by_the_president_or_staff(users, setting):
    award, impact, method, aulnay, montreuil = setting
    president = users["partner_expert"]
    with pytest.raises(ValidationError, match="pas encore noté"):
        awards.nomination_transition(nomination=aulnay, name="award", actor=president,
                                     reason="Exemplaire")  # fmt: skip
    jury.score(nomination=aulnay, juror=president, scores={impact.pk: 5, method.pk: 9})
    with pytest.raises(TransitionDenied):  # a juror who is not president decides nothing
        awards.nomination_transition(nomination=aulnay, name="award",
                                     actor=users["commune_agent"], reason="x")  # fmt: skip
    awards.nomination_transition(nomination=aulnay, name="award", actor=president,
                                 reason="Exemplaire")  # fmt: skip
    awards.nomination_transition(nomination=montreuil, name="not_select",
                                 actor=users["instructor"], reason="Moins avancé")  # fmt: skip
    aulnay.refresh_from_db()
    assert aulnay.state == "laureate"
    with pytest.raises(ValidationError, match="déjà décidé"):
        jury.score(nomination=aulnay, juror=president, scores={impact.pk: 1, method.pk: 1})


def test_only_organisers_set_the_jury(users, setting):
    award = setting[0]
    with pytest.raises(PermissionDenied):
        jury.jury_set(award=award, jurors=[], actor=users["partner_expert"])
    assert jury.is_juror(award, users["partner_expert"])
    assert not jury.is_juror(award, users["instructor"])


def test_jury_pages(client, users, setting):
    award, impact, method, aulnay, montreuil = setting
    client.force_login(users["partner_expert"])
    url = reverse("events:jury_score", args=[montreuil.pk])
    page = client.get(url).content.decode()
    assert "Impact (0 à 5, poids 3)" in page and "Déclarer un conflit" in page
    bad = client.post(url, {"form": "score", f"score-score_{impact.pk}": "9"})
    assert bad.status_code == 400
    done = client.post(url, {"form": "score", f"score-score_{impact.pk}": "4",
                             f"score-score_{method.pk}": "5"}, follow=True)  # fmt: skip
    assert "notée : 72,50 sur 100" in done.content.decode()
    listing = client.get(reverse("events:nominations", args=[award.event.slug])).content.decode()
    assert "Classement du jury" in listing and "Rue" in listing
    other = reverse("events:jury_score", args=[aulnay.pk])
    conflict = client.post(other, {"form": "conflict", "conflict-details": "Élu"}, follow=True)
    assert "Conflit d’intérêts déclaré" in conflict.content.decode()
    client.force_login(users["instructor"])
    assert client.get(url).status_code == 403
    staff = client.get(reverse("events:jury", args=[award.event.slug, award.pk]))
    assert staff.status_code == 200 and "Méthode" in staff.content.decode()


def test_laureates_on_the_communes_own_page(client, users, setting):
    award, impact, method, aulnay, montreuil = setting
    jury.score(nomination=aulnay, juror=users["partner_expert"],
               scores={impact.pk: 5, method.pk: 9})  # fmt: skip
    awards.nomination_transition(nomination=aulnay, name="award", actor=users["instructor"],
                                 reason="Exemplaire")  # fmt: skip
    client.force_login(users["other_commune_agent"])
    page = client.get(reverse("territories:commune", args=["93005"])).content.decode()
    assert "Distinctions des Assises" in page
    assert f"Lauréate du prix « {award.title} »" in page
    other = client.get(reverse("territories:commune", args=["93048"])).content.decode()
    assert "Distinctions des Assises" not in other
