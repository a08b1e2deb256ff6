"""Profiles, who is a member, what each member sees, and the request to talk."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.network import labels, selectors, services
from cvv.network.enums import ContactState
from cvv.network.workflows import CONTACT
from cvv.organisations.models import Membership
from tests.factories import make_user
from tests.programme.factories import make_accompaniment

pytestmark = pytest.mark.django_db


def join(user, *, topics=("marches",), in_directory=True, **fields):
    return services.profile_save(actor=user, topics=topics, in_directory=in_directory, **fields)


def test_who_is_a_member(users):
    assert selectors.is_member(users["metropole_admin"])  # staff run the network
    assert not selectors.is_member(users["commune_agent"])  # eligible, not joined yet
    assert selectors.is_eligible(users["commune_agent"])
    assert selectors.is_eligible(users["territory_agent"])
    assert not selectors.is_eligible(users["partner_expert"])
    join(users["commune_agent"], in_directory=False)
    assert not selectors.is_member(users["commune_agent"])  # a profile without consent
    join(users["commune_agent"])
    assert selectors.is_member(users["commune_agent"])
    with pytest.raises(PermissionDenied):
        join(users["partner_expert"])


def test_directory_shows_consenting_members_to_members_only(users):
    mine = join(users["commerce_manager"])
    hidden = join(users["other_commune_agent"], in_directory=False)
    assert list(selectors.profiles_visible_to(users["territory_agent"])) == []
    assert list(selectors.profiles_visible_to(users["instructor"])) == [mine]
    assert hidden not in selectors.profiles_visible_to(users["commerce_manager"])
    # A person who left their post disappears from the directory.
    Membership.objects.filter(user=users["commerce_manager"]).update(is_active=False)
    assert list(selectors.profiles_visible_to(users["instructor"])) == []


def test_each_manager_chooses_what_is_shown(users):
    profile = join(
        users["commerce_manager"],
        job_title="Manageuse de centre-ville",
        since=dt.date(2020, 3, 1),
        phone="01 02 03 04 05",
        show_job_title=False,
        show_phone=True,
        show_email=False,
    )
    seen = selectors.shown(profile, users["instructor"])
    assert seen["job_title"] == "" and seen["email"] == ""
    assert seen["phone"] == "01 02 03 04 05" and seen["since"] == dt.date(2020, 3, 1)
    assert seen["places"]["communes"][0].code == "93005"
    own = selectors.shown(profile, users["commerce_manager"])
    assert own["job_title"] == "Manageuse de centre-ville" and own["email"]


def test_search_by_topic_and_territory(users):
    aulnay = join(users["commerce_manager"], topics=("marches", "numerique"))
    montreuil = join(users["other_commune_agent"], topics=("vacance",))
    reader = users["instructor"]
    assert list(selectors.search_profiles(reader, topic="numerique")) == [aulnay]
    assert list(selectors.search_profiles(reader, territoire="T8")) == [montreuil]  # Montreuil
    assert list(selectors.search_profiles(reader, territoire="T7")) == [aulnay]  # Aulnay
    assert list(selectors.search_profiles(reader, text="Montreuil")) == [montreuil]


def test_projects_link_only_the_persons_own_accompaniments(users):
    join(users["commerce_manager"])
    own = make_accompaniment("93005")
    other = make_accompaniment("93048", edition=own.edition)
    project = services.project_add(
        actor=users["commerce_manager"],
        title="Halle",
        topic="marches",
        year=2024,
        accompaniment=own,
    )
    assert project.accompaniment == own
    with pytest.raises(ValidationError):
        services.project_add(
            actor=users["commerce_manager"],
            title="X",
            topic="marches",
            year=2024,
            accompaniment=other,
        )
    with pytest.raises(PermissionDenied):
        services.project_delete(actor=users["other_commune_agent"], project=project)


def test_peers_are_ranked_on_what_each_peer_shows(users):
    join(users["commerce_manager"], topics=("numerique",))
    join(users["other_commune_agent"], topics=("marches",), since=dt.date(2015, 1, 1))
    quiet = make_user(role="commerce_manager", commune="93048", email="quiet@test.cvv")
    join(quiet, topics=("marches",), show_topics=False)
    peers = selectors.peers_for(users["commerce_manager"], topic="marches")
    assert [p.user for p, _ in peers] == [users["other_commune_agent"]]
    assert "Compétence déclarée : Marchés" in peers[0][1].reasons
    assert selectors.peers_for(users["commerce_manager"], topic="logistique") == []


def test_peers_ranked_by_the_observatory_profile_of_their_commune(users):
    """The vacancy class of each commune comes from the observatory's latest computation."""
    from cvv.observatory.models import Computation, IndicatorRow

    seeker, peer = users["commerce_manager"], users["other_commune_agent"]
    join(seeker, topics=("numerique",))
    join(peer, topics=("marches",))
    mine = selectors.places_of(seeker)["communes"][0].code
    theirs = selectors.places_of(peer)["communes"][0].code

    def computed(day, classes):
        computation = Computation.objects.create(reference_date=day)
        for code, qualification in classes.items():
            IndicatorRow.objects.create(
                computation=computation, reference_date=day, level="commune", code=code,
                nom=code, commune_code=code, values={"qualification_vacance": qualification},
            )  # fmt: skip

    reason = "Profil comparable à l’observatoire (vacance commerciale élevée)"
    before = selectors.peers_for(seeker, topic="marches")[0][1]
    assert reason not in before.reasons  # nothing computed yet
    computed(dt.date(2025, 1, 1), {mine: "faible", theirs: "faible"})
    computed(dt.date(2026, 1, 1), {mine: "élevée", theirs: "élevée"})  # the latest counts
    after = selectors.peers_for(seeker, topic="marches")[0][1]
    assert reason in after.reasons and after.score == before.score + 10


def test_request_to_talk_accepted_by_the_peer(users, django_capture_on_commit_callbacks):
    peer = join(users["commerce_manager"])
    join(users["other_commune_agent"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.contact_request_create(
            requester=users["other_commune_agent"],
            peer=peer,
            topic="marches",
            message="Comment avez-vous relancé votre marché ?",
        )
    assert [m.to for m in mail.outbox] == [[users["commerce_manager"].email]]
    with pytest.raises(ValidationError):  # one pending request per peer
        services.contact_request_create(
            requester=users["other_commune_agent"], peer=peer, topic="marches", message="Encore"
        )
    with pytest.raises(TransitionDenied):  # the requester cannot accept for the peer
        services.contact_transition(contact=contact, name="accept", actor=contact.requester)
    with pytest.raises(TransitionDenied):  # nor can the Métropole
        services.contact_transition(contact=contact, name="accept", actor=users["metropole_admin"])
    assert [t.name for t in CONTACT.allowed(contact, users["commerce_manager"])] == [
        "accept",
        "decline",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_transition(
            contact=contact, name="accept", actor=users["commerce_manager"], answer="Avec plaisir."
        )
    contact.refresh_from_db()
    assert contact.state == ContactState.ACCEPTED and contact.answer == "Avec plaisir."
    assert mail.outbox[-1].to == [users["other_commune_agent"].email]
    codes = set(
        AuditEntry.objects.values_list("action", flat=True).filter(action__startswith="network.")
    )
    assert {"network.contact.create", "network.contact.accept"} <= codes


def test_only_members_ask_and_only_listed_peers_are_asked(users):
    peer = join(users["commerce_manager"])
    hidden = join(users["other_commune_agent"], in_directory=False)
    with pytest.raises(PermissionDenied):  # not a member yet
        services.contact_request_create(
            requester=users["territory_agent"], peer=peer, topic="marches", message="?"
        )
    with pytest.raises(PermissionDenied):  # not in the directory
        services.contact_request_create(
            requester=users["instructor"], peer=hidden, topic="marches", message="?"
        )
    with pytest.raises(ValidationError):
        services.contact_request_create(
            requester=users["commerce_manager"], peer=peer, topic="marches", message="?"
        )


def test_every_audit_code_has_a_french_label():
    import inspect
    import re

    from cvv.network import advice, information, questions
    from cvv.network import services as module
    from cvv.network.workflows import ADVICE, NEWSLETTER

    written = set()
    for source in (module, questions, information, advice):
        written |= set(re.findall(r'"(network\.[a-z_]+\.[a-z_]+)"', inspect.getsource(source)))
    for workflow in (CONTACT, NEWSLETTER, ADVICE):
        written |= {f"{workflow.name}.{t.name}" for t in workflow}
    assert len(written) >= 24
    assert written <= set(labels.AUDIT_LABELS), written - set(labels.AUDIT_LABELS)


def test_trainings_come_from_other_modules_and_follow_the_choice(users, monkeypatch):
    from cvv.network import selectors as module

    def hook(user):
        return [f"Formation « Vacance commerciale » (7 h) — {user.email}"]

    monkeypatch.setattr(module, "contributions", lambda name: [hook])
    profile = join(users["commerce_manager"], show_trainings=False)
    assert selectors.shown(profile, users["instructor"])["trainings"] == []
    assert selectors.shown(profile, users["commerce_manager"])["trainings"] == [
        "Formation « Vacance commerciale » (7 h) — commerce_manager@test.cvv"
    ]
