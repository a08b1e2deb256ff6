"""After acceptance: dated visits, application, lease signed (the register marks the
premises occupied with its occupant, the offer is withdrawn, the foncière records it for
its premises) or abandoned with a reason; messages between the parties, e-mails,
reminders; dismissed matches; results per commune."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.matchmaking import dismissals, results, selectors, services, stages
from cvv.matchmaking.models import DismissedMatch, Introduction
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def offer(users):
    premises = Premises.objects.create(
        commune=commune("93005"),
        address="5 place du Marché",
        status="vacant",
        vacant_since=TODAY - dt.timedelta(days=300),
        sales_area_m2=Decimal("60"),
        permitted_use="commerce",
        fonciere_followed=True,
    )
    offer = services.offer_create(
        actor=users["commune_agent"],
        premises=premises,
        deal_kind="location",
        monthly_rent=Decimal("1000"),
    )
    return services.offer_publish(actor=users["commune_agent"], offer=offer)


@pytest.fixture
def search(users):
    actor = users["economic_actor"]
    return services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Boulangerie",
        activity_category="alimentaire",
        naf_code="10.71C",
        deal_kinds=["location"],
        min_surface_m2=Decimal("40"),
        max_surface_m2=Decimal("80"),
        max_monthly_rent=Decimal("1200"),
    )


@pytest.fixture
def accepted(users, offer, search):
    introduction = services.introduction_request(
        actor=users["economic_actor"], search=search, offer=offer
    )
    return services.introduction_accept(actor=users["commune_agent"], introduction=introduction)


def test_stages_up_to_the_lease_update_the_register(users, accepted):
    actor, agent = users["economic_actor"], users["commune_agent"]
    stages.introduction_visit(actor=actor, introduction=accepted, on=TODAY, note="Bon état")
    stages.introduction_visit(actor=agent, introduction=accepted, on=TODAY)
    assert accepted.visits.count() == 2 and accepted.state == "visite"
    with pytest.raises(ValidationError):  # not before the application
        stages.introduction_sign(actor=agent, introduction=accepted, on=TODAY)
    stages.introduction_apply(actor=actor, introduction=accepted)
    with pytest.raises(TransitionDenied):  # only who manages the premises signs
        stages.introduction_sign(actor=actor, introduction=accepted, on=TODAY)
    with pytest.raises(ValidationError):
        stages.introduction_sign(
            actor=agent, introduction=accepted, on=TODAY + dt.timedelta(days=1)
        )
    stages.introduction_sign(actor=agent, introduction=accepted, on=TODAY)
    accepted.refresh_from_db()
    assert accepted.state == "bail_signe" and accepted.filled_after_days == 300
    premises = Premises.objects.get(pk=accepted.offer.premises_id)
    assert premises.status == "occupe" and premises.vacant_since is None
    assert premises.occupant_name == accepted.search.organisation.name
    assert premises.naf_code == "10.71C"
    assert premises.status_changes.filter(status="occupe", on=TODAY).exists()
    accepted.offer.refresh_from_db()
    assert accepted.offer.state == "retiree"
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"matchmaking.introduction.visit", "matchmaking.introduction.apply"} <= codes
    assert {"matchmaking.introduction.sign", "fonciere.premises.let"} <= codes


def test_abandon_needs_a_reason_from_either_side(users, accepted):
    with pytest.raises(ValidationError):
        stages.introduction_abandon(
            actor=users["economic_actor"], introduction=accepted, reason=" "
        )
    with pytest.raises(TransitionDenied):
        stages.introduction_abandon(
            actor=users["other_commune_agent"], introduction=accepted, reason="x"
        )
    stages.introduction_abandon(
        actor=users["economic_actor"], introduction=accepted, reason="Financement refusé"
    )
    accepted.refresh_from_db()
    assert accepted.state == "abandonnee" and accepted.outcome_reason == "Financement refusé"
    with pytest.raises(ValidationError):  # closed: no more stage
        stages.introduction_apply(actor=users["economic_actor"], introduction=accepted)


def test_messages_between_parties_only_once_accepted(
    users, offer, search, django_capture_on_commit_callbacks
):
    introduction = services.introduction_request(
        actor=users["economic_actor"], search=search, offer=offer
    )
    with pytest.raises(ValidationError):
        stages.introduction_message(
            actor=users["economic_actor"], introduction=introduction, body="Bonjour"
        )
    services.introduction_accept(actor=users["commune_agent"], introduction=introduction)
    with pytest.raises(PermissionDenied):
        stages.introduction_message(
            actor=users["other_commune_agent"], introduction=introduction, body="Bonjour"
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stages.introduction_message(
            actor=users["economic_actor"], introduction=introduction, body="Quand visiter ?"
        )
    assert introduction.messages.count() == 1
    assert mail.outbox and "commune_agent@test.cvv" in mail.outbox[0].to


def test_pages_of_stages_and_messages(client, users, accepted):
    client.force_login(users["economic_actor"])
    url = reverse("matchmaking:introduction_transition", args=[accepted.pk, "visite"])
    assert client.post(url, {}).status_code == 400  # the date is required
    response = client.post(url, {"on": TODAY.strftime("%d/%m/%Y"), "note": "Vu"})
    assert response.status_code == 302 and accepted.visits.count() == 1
    message_url = reverse("matchmaking:introduction_message", args=[accepted.pk])
    assert client.post(message_url, {}).status_code == 400
    assert client.post(message_url, {"body": "Merci pour la visite"}).status_code == 302
    page = client.get(reverse("matchmaking:introduction", args=[accepted.pk])).content.decode()
    assert "Merci pour la visite" in page and "Noter la candidature déposée" in page
    listing = client.get(reverse("matchmaking:introductions")).content.decode()
    assert accepted.reference in listing


def test_e_mails_and_reminders(users, offer, search, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.introduction_request(
            actor=users["economic_actor"], search=search, offer=offer
        )
    assert any("commune_agent@test.cvv" in m.to for m in mail.outbox)
    assert stages.remind_unanswered() == 0  # not yet a week
    later = timezone.now() + dt.timedelta(days=8)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert stages.remind_unanswered(now=later) == 1
    assert "attend votre réponse" in mail.outbox[0].subject
    assert stages.remind_unanswered(now=later + dt.timedelta(days=1)) == 0  # once a week
    assert stages.remind_unanswered(now=later + dt.timedelta(days=8)) == 1
    services.introduction_accept(actor=users["commune_agent"], introduction=introduction)
    assert stages.remind_unanswered(now=later + dt.timedelta(days=30)) == 0


def test_a_dismissed_match_is_hidden_for_its_side_only(client, users, offer, search):
    assert [o for _, o, _ in selectors.matches_for_search(search)] == [offer]
    score = selectors.matches_for_search(search)[0][0]
    with pytest.raises(PermissionDenied):
        dismissals.dismiss(
            actor=users["other_commune_agent"],
            offer=offer,
            search=search,
            side="offre",
            reason="budget",
        )
    with pytest.raises(ValidationError):  # "other" needs a note
        dismissals.dismiss(
            actor=users["economic_actor"], offer=offer, search=search, side="recherche",
            reason="autre",
        )  # fmt: skip
    dismissals.dismiss(
        actor=users["economic_actor"],
        offer=offer,
        search=search,
        side="recherche",
        reason="budget",
    )
    assert selectors.matches_for_search(search) == []
    # the other side still sees it, with the same score: nothing learnt silently
    [(same, found, _)] = selectors.matches_for_offer(offer)
    assert found == search and same == score
    with pytest.raises(ValidationError):
        dismissals.dismiss(
            actor=users["economic_actor"], offer=offer, search=search, side="recherche",
            reason="budget",
        )  # fmt: skip
    client.force_login(users["commune_agent"])
    url = reverse("matchmaking:offer_dismiss", args=[offer.pk, search.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"reason": "activite"}).status_code == 302
    assert selectors.matches_for_offer(offer) == []
    assert DismissedMatch.objects.count() == 2
    client.force_login(users["metropole_admin"])
    page = client.get(reverse("matchmaking:dismissed")).content.decode()
    assert "Loyer ou prix trop élevé" in page and "Activité ou local inadapté" in page
    export = client.get(reverse("matchmaking:dismissed") + "?format=csv")
    assert (
        export.status_code == 200
        and "Loyer ou prix trop élevé" in b"".join(export.streaming_content).decode()
    )


def test_results_per_commune(client, users, accepted):
    stages.introduction_apply(actor=users["economic_actor"], introduction=accepted)
    stages.introduction_sign(actor=users["commune_agent"], introduction=accepted, on=TODAY)
    [row] = results.per_commune(Introduction.objects.all())
    assert row["code"] == "93005" and row["filled"] == 1 and row["median_days"] == 300
    assert row["activities"] == "Alimentaire"
    client.force_login(users["commune_agent"])
    page = client.get(reverse("matchmaking:results")).content.decode()
    assert "Aulnay-sous-Bois" in page
    export = client.get(reverse("matchmaking:results") + "?format=xlsx")
    assert export.status_code == 200


def test_results_per_territory_chart_and_exports(client, users, accepted, search):
    stages.introduction_apply(actor=users["economic_actor"], introduction=accepted)
    stages.introduction_sign(actor=users["commune_agent"], introduction=accepted, on=TODAY)
    # A second signature in another commune of the same territory (T7): the territory's
    # median is over both signatures (300 and 100 days → 200), not a median of medians.
    other = Premises.objects.create(
        commune=commune("93007"),
        address="1 rue Haute",
        status="vacant",
        vacant_since=TODAY - dt.timedelta(days=100),
        sales_area_m2=Decimal("60"),
        permitted_use="commerce",
    )
    offer = services.offer_publish(
        actor=users["metropole_admin"],
        offer=services.offer_create(
            actor=users["metropole_admin"],
            premises=other,
            deal_kind="location",
            monthly_rent=Decimal("900"),
        ),
    )
    second = services.introduction_request(
        actor=users["economic_actor"], search=search, offer=offer, message=""
    )
    stages.introduction_accept(actor=users["metropole_admin"], introduction=second)
    stages.introduction_apply(actor=users["metropole_admin"], introduction=second)
    stages.introduction_sign(actor=users["metropole_admin"], introduction=second, on=TODAY)
    data = results.compute(Introduction.objects.all())
    assert [r["median_days"] for r in data["communes"]] == [300, 100]
    [territory] = data["territories"]
    assert territory["code"] == "T7" and territory["filled"] == 2
    assert territory["median_days"] == 200 and territory["activities"] == "Alimentaire"
    assert results.chart(data["territories"])["filled"] == [2]
    client.force_login(users["metropole_admin"])
    url = reverse("matchmaking:results")
    page = client.get(url).content.decode()
    assert 'id="resultats-territoires"' in page and 'id="chart-territoires"' in page
    assert "matchmaking-results.js" in page
    export = client.get(url + "?format=csv&table=territoires")
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Territoire,Code,Mises en relation")
    assert lines[1].split(",")[1:4] == ["T7", "2", "0"]
    by_commune = client.get(url + "?format=ods")
    assert by_commune.status_code == 200 and "ods" in by_commune["Content-Disposition"]


def test_the_results_page_reads_a_bounded_number_of_queries(
    client, users, accepted, django_assert_max_num_queries
):
    stages.introduction_apply(actor=users["economic_actor"], introduction=accepted)
    stages.introduction_sign(actor=users["commune_agent"], introduction=accepted, on=TODAY)
    client.force_login(users["metropole_admin"])
    url = reverse("matchmaking:results")
    client.get(url)  # warm the session and the navigation caches
    with django_assert_max_num_queries(12) as captured:
        assert client.get(url).status_code == 200
    baseline = len(captured.captured_queries)
    for code in ("93010", "93027", "94028"):
        Introduction.objects.create(
            offer=services.offer_create(
                actor=users["metropole_admin"],
                premises=Premises.objects.create(
                    commune=commune(code), address="2 rue Basse", status="vacant"
                ),
                deal_kind="location",
                monthly_rent=Decimal("500"),
            ),
            search=accepted.search,
            score=10,
            state="requested",
        )
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200


def test_the_public_page_maps_the_offers_with_a_position(client, users, offer):
    Premises.objects.filter(pk=offer.premises_id).update(
        lon=2.497, lat=48.936, address="<b>5</b> place du Marché"
    )
    page = client.get(reverse("matchmaking:public")).content.decode()
    assert 'id="locaux-disponibles"' in page and 'data-layers="locaux-disponibles"' in page
    assert "<b>5</b>" not in page  # the address is text in the map's data and the table
    assert "/mise-en-relation/locaux/{code}/" in page


def _new_search(users, **fields):
    actor = users["economic_actor"]
    return services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Fromagerie",
        activity_category="alimentaire",
        deal_kinds=["location"],
        min_surface_m2=Decimal("40"),
        max_surface_m2=Decimal("80"),
        **fields,
    )


def test_a_good_new_search_is_announced_once_to_each_person_of_the_offers_side(
    users, offer, django_capture_on_commit_callbacks
):
    from cvv.programme.models import ReminderPreference

    ReminderPreference.objects.create(user=users["commerce_manager"], by_email=False)
    second = Premises.objects.create(
        commune=commune("93005"),
        address="7 place du Marché",
        status="vacant",
        vacant_since=TODAY - dt.timedelta(days=300),
        sales_area_m2=Decimal("60"),
        permitted_use="commerce",
    )
    services.offer_publish(
        actor=users["commune_agent"],
        offer=services.offer_create(
            actor=users["commune_agent"],
            premises=second,
            deal_kind="location",
            monthly_rent=Decimal("1000"),
        ),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # rent beyond budget: weak
        _new_search(users, max_monthly_rent=Decimal("500"))
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        search = _new_search(
            users, max_monthly_rent=Decimal("1200"), annual_turnover=Decimal("200000")
        )
    to = sorted(address for m in mail.outbox for address in m.to)
    # the commune's agent (also the offers' author) once for both offers; the foncière's
    # officer for its followed premises only; the commerce manager refuses e-mails
    assert to == ["commune_agent@test.cvv", "fonciere_officer@test.cvv"]
    by_to = {m.to[0]: m for m in mail.outbox}
    assert search.reference in by_to["commune_agent@test.cvv"].subject
    body = by_to["commune_agent@test.cvv"].body
    assert offer.reference in body and "7 place du Marché" in body
    assert "7 place du Marché" not in by_to["fonciere_officer@test.cvv"].body


def _vacant(code, address):
    return Premises.objects.create(
        commune=commune(code),
        address=address,
        status="vacant",
        vacant_since=TODAY - dt.timedelta(days=300),
        sales_area_m2=Decimal("60"),
        permitted_use="commerce",
    )


def _good_search(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _new_search(
            users, max_monthly_rent=Decimal("1200"), annual_turnover=Decimal("200000")
        )


def test_a_new_search_is_announced_once_per_person_however_often_the_task_runs(
    users, offer, django_capture_on_commit_callbacks
):
    from cvv.matchmaking import tasks
    from cvv.matchmaking.models import SearchAnnouncement

    mail.outbox.clear()
    search = _good_search(users, django_capture_on_commit_callbacks)
    first = sorted(address for m in mail.outbox for address in m.to)
    assert first == [
        "commerce_manager@test.cvv",
        "commune_agent@test.cvv",
        "fonciere_officer@test.cvv",
    ]
    rows = SearchAnnouncement.objects.filter(search=search)
    assert sorted(rows.values_list("user__email", flat=True)) == first
    assert not rows.filter(sent_at=None).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # a retry, a message seen twice
        assert tasks.notify_new_search.call_local(search.pk) == 0
        tasks.notify_new_search(search.pk)
    assert mail.outbox == [] and rows.count() == 3
    # an offer published since: its people not told yet are told once, the others not again
    services.offer_publish(
        actor=users["other_commune_agent"],
        offer=services.offer_create(
            actor=users["other_commune_agent"],
            premises=_vacant("93048", "1 rue Neuve"),
            deal_kind="location",
            monthly_rent=Decimal("1000"),
        ),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_new_search.call_local(search.pk) == 1
        assert tasks.notify_new_search.call_local(search.pk) == 0
    assert [m.to for m in mail.outbox] == [["other_commune_agent@test.cvv"]]
    assert "1 rue Neuve" in mail.outbox[0].body and offer.reference not in mail.outbox[0].body


def test_an_announcement_is_recorded_once_per_search_and_person(users, offer):
    from django.db import IntegrityError, transaction

    from cvv.matchmaking import tasks
    from cvv.matchmaking.models import SearchAnnouncement

    search = _new_search(users, max_monthly_rent=Decimal("1200"))
    person = users["commune_agent"]
    SearchAnnouncement.objects.create(search=search, user=person, offers=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchAnnouncement.objects.create(search=search, user=person, offers=2)

    def claim(user_id, offers):  # the task's own insert
        return tasks.create_once(SearchAnnouncement, search=search, user_id=user_id, offers=offers)

    assert claim(person.pk, 2) is None  # refused
    assert claim(users["fonciere_officer"].pk, 1) is not None
    assert SearchAnnouncement.objects.filter(search=search).count() == 2


def test_the_announcement_goes_only_once_recorded_and_is_never_sent_twice(
    users, offer, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import transaction

    from cvv.matchmaking import tasks
    from cvv.matchmaking.models import SearchAnnouncement

    search = _new_search(  # its task not run (the test's transaction is never committed)
        users, max_monthly_rent=Decimal("1200"), annual_turnover=Decimal("200000")
    )
    mail.outbox.clear()
    # the records rolled back (a crash before the commit): nothing is sent, nothing kept
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tasks.notify_new_search.call_local(search.pk)
        raise RuntimeError
    assert mail.outbox == [] and not SearchAnnouncement.objects.exists()
    # the mail server fails for one person after the records were committed: the others get
    # theirs; that person is recorded without `sent_at` and is not retried (at most once)
    real_send_mail = tasks.send_mail

    def failing_for_the_agent(subject, body, sender, to):
        if to == ["commune_agent@test.cvv"]:
            raise OSError("connection lost")
        return real_send_mail(subject, body, sender, to)

    monkeypatch.setattr(tasks, "send_mail", failing_for_the_agent)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_new_search.call_local(search.pk) == 3  # recorded
    assert sorted(m.to[0] for m in mail.outbox) == [
        "commerce_manager@test.cvv",
        "fonciere_officer@test.cvv",
    ]
    unsent = SearchAnnouncement.objects.get(sent_at=None)
    assert unsent.user == users["commune_agent"]
    monkeypatch.undo()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_new_search.call_local(search.pk) == 0
    assert mail.outbox == []


def _sent_to(outbox):
    return sorted(address for m in outbox for address in m.to)


def test_an_introduction_e_mail_goes_once_per_address_however_often_the_task_runs(
    users, accepted, django_capture_on_commit_callbacks
):
    from cvv.matchmaking import tasks
    from cvv.matchmaking.models import IntroductionEmail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit = stages.introduction_visit(
            actor=users["economic_actor"], introduction=accepted, on=TODAY
        )
    first = _sent_to(mail.outbox)
    assert "commune_agent@test.cvv" in first and "economic_actor@test.cvv" in first
    assert len(mail.outbox) == 1 and "Une visite du local" in mail.outbox[0].body
    rows = IntroductionEmail.objects.filter(introduction=accepted, event="visit")
    assert sorted(rows.values_list("address", flat=True)) == first
    assert set(rows.values_list("occurrence", flat=True)) == {visit.pk}
    assert not rows.filter(sent_at=None).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # a retry, a message seen twice
        assert tasks.send_introduction_email.call_local(accepted.pk, "visit", visit.pk) == 0
        tasks.send_introduction_email(accepted.pk, "visit", visit.pk)
    assert mail.outbox == [] and rows.count() == len(first)
    # a person added since the first run is told of that visit once, the others not again
    rows.filter(address="commune_agent@test.cvv").delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_introduction_email.call_local(accepted.pk, "visit", visit.pk) == 1
        assert tasks.send_introduction_email.call_local(accepted.pk, "visit", visit.pk) == 0
    assert [m.to for m in mail.outbox] == [["commune_agent@test.cvv"]]
    # A task queued before a deployment, without its occurrence: sent, once.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_introduction_email.call_local(accepted.pk, "visit") == len(first)
        assert tasks.send_introduction_email.call_local(accepted.pk, "visit") == 0
    assert len(mail.outbox) == 1


def test_each_occurrence_of_an_event_sends_its_own_e_mail(
    users, accepted, django_capture_on_commit_callbacks
):
    from cvv.matchmaking.models import IntroductionEmail

    actor, agent = users["economic_actor"], users["commune_agent"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stages.introduction_visit(actor=actor, introduction=accepted, on=TODAY)
    once = _sent_to(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        stages.introduction_visit(actor=agent, introduction=accepted, on=TODAY)
    assert len(mail.outbox) == 2 and _sent_to(mail.outbox) == sorted(once * 2)
    visits = IntroductionEmail.objects.filter(event="visit").values_list("occurrence", flat=True)
    assert set(visits) == set(accepted.visits.values_list("pk", flat=True))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # two messages: two e-mails
        stages.introduction_message(actor=actor, introduction=accepted, body="Bonjour")
        stages.introduction_message(actor=actor, introduction=accepted, body="Encore moi")
    assert len(mail.outbox) == 2
    assert all("commune_agent@test.cvv" in m.to for m in mail.outbox)
    # two reminders (a week apart) of a request left unanswered: two e-mails
    waiting = services.introduction_request(
        actor=actor,
        search=services.search_create(
            actor=actor,
            organisation=selectors.search_organisations(actor).get(),
            title="Fromagerie",
            activity_category="alimentaire",
            deal_kinds=["location"],
            min_surface_m2=Decimal("40"),
            max_surface_m2=Decimal("80"),
            max_monthly_rent=Decimal("1200"),
        ),
        offer=accepted.offer,
    )
    later = timezone.now() + dt.timedelta(days=8)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert stages.remind_unanswered(now=later) == 1
        assert stages.remind_unanswered(now=later + dt.timedelta(days=8)) == 1
    assert len(mail.outbox) == 2
    reminders = IntroductionEmail.objects.filter(introduction=waiting, event="reminder")
    assert reminders.values("occurrence").distinct().count() == 2


def test_an_introduction_e_mail_is_recorded_once_per_occurrence_and_address(users, accepted):
    from django.db import IntegrityError, transaction

    from cvv.matchmaking import tasks
    from cvv.matchmaking.models import IntroductionEmail

    address = "commune_agent@test.cvv"
    IntroductionEmail.objects.create(
        introduction=accepted, event="visit", occurrence=1, address=address
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IntroductionEmail.objects.create(
            introduction=accepted, event="visit", occurrence=1, address=address
        )

    def claim(event, occurrence):  # the task's own insert
        return tasks.create_once(
            IntroductionEmail,
            introduction=accepted,
            event=event,
            occurrence=occurrence,
            address=address,
        )

    assert claim("visit", 1) is None  # refused
    assert claim("visit", 2) is not None
    assert claim("applied", 1) is not None


def test_an_introduction_e_mail_rolled_back_is_not_sent_and_a_failed_one_not_resent(
    users, accepted, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import transaction

    from cvv.matchmaking import tasks
    from cvv.matchmaking.models import IntroductionEmail

    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tasks.send_introduction_email.call_local(accepted.pk, "visit", 7)
        raise RuntimeError
    assert mail.outbox == [] and not IntroductionEmail.objects.filter(event="visit").exists()

    def failing(*args):
        raise OSError("connection lost")

    monkeypatch.setattr(tasks, "send_mail", failing)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_introduction_email.call_local(accepted.pk, "visit", 7) > 0
    assert IntroductionEmail.objects.filter(event="visit", sent_at=None).exists()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_introduction_email.call_local(accepted.pk, "visit", 7) == 0
    assert mail.outbox == []


def test_a_stage_change_e_mail_is_named_by_its_audit_entry(
    users, accepted, django_capture_on_commit_callbacks
):
    from cvv.matchmaking.models import IntroductionEmail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stages.introduction_apply(actor=users["economic_actor"], introduction=accepted)
    entry = AuditEntry.objects.get(
        action="matchmaking.introduction.apply", object_id=str(accepted.pk)
    )
    rows = IntroductionEmail.objects.filter(introduction=accepted, event="applied")
    assert set(rows.values_list("occurrence", flat=True)) == {entry.pk}
    assert rows.count() == len(_sent_to(mail.outbox)) > 0
