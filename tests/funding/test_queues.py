"""Instructors' work queues of FIMACS dossiers (issue 10): to follow, followed by me, handled,
archived; the counts on the list and on the home page open the list they count."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.funding.models import Dossier
from cvv.funding.queues import in_queue, queue_counts
from cvv.funding.selectors import dossiers_visible_to
from cvv.funding.services import queues as services
from tests.funding.factories import make_accompaniment, make_draft, walk

pytestmark = pytest.mark.django_db


def _refs(user, queue):
    return set(in_queue(dossiers_visible_to(user), user, queue).values_list("reference", flat=True))


@pytest.fixture
def dossiers(users):
    make_accompaniment("93048")
    draft = make_draft(users["commune_agent"])
    submitted = walk(make_draft(users["commune_agent"]), Dossier.State.SUBMITTED, users)
    instructing = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    Dossier.objects.filter(pk=instructing.pk).update(state=Dossier.State.REFUSED)
    refused = Dossier.objects.get(pk=instructing.pk)
    return draft, submitted, refused


def test_following_moves_a_dossier_between_queues(users, dossiers):
    draft, submitted, refused = dossiers
    me, colleague = users["instructor"], users["metropole_admin"]
    assert _refs(me, "a-suivre") == {submitted.reference}  # drafts never in a queue
    assert _refs(me, "traites") == {refused.reference}
    assert _refs(me, "suivis") == set() and _refs(me, "archives") == set()
    services.dossier_follow(dossier=submitted, actor=me)
    assert _refs(me, "a-suivre") == set() and _refs(me, "suivis") == {submitted.reference}
    assert _refs(colleague, "suivis") == set()  # followed by someone: not « à suivre » either
    assert _refs(colleague, "a-suivre") == set()
    with pytest.raises(ValidationError, match="suit déjà"):
        services.dossier_follow(dossier=submitted, actor=me)
    with pytest.raises(ValidationError, match="brouillon"):
        services.dossier_follow(dossier=draft, actor=me)
    services.dossier_unfollow(dossier=submitted, actor=me)
    assert _refs(me, "a-suivre") == {submitted.reference}
    with pytest.raises(ValidationError, match="ne suivez pas"):
        services.dossier_unfollow(dossier=submitted, actor=me)
    with pytest.raises(ValidationError, match="traité"):
        services.dossier_archive(dossier=submitted, actor=me)
    services.dossier_archive(dossier=refused, actor=me)
    assert _refs(me, "traites") == set() and _refs(me, "archives") == {refused.reference}
    services.dossier_unarchive(dossier=refused, actor=colleague)
    assert _refs(me, "traites") == {refused.reference}
    assert list(
        AuditEntry.objects.filter(action__in=services_codes())
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "funding.dossier.followed",
        "funding.dossier.unfollowed",
        "funding.dossier.archived",
        "funding.dossier.unarchived",
    ]
    counts = queue_counts(dossiers_visible_to(me), me)
    assert counts == {"a-suivre": 1, "suivis": 0, "traites": 1, "archives": 0, "tous": 3}


def services_codes():
    return [
        f"funding.dossier.{code}" for code in ("followed", "unfollowed", "archived", "unarchived")
    ]


@pytest.mark.parametrize("role", ["commune_agent", "finance_officer", "partner_expert"])
def test_only_instructors_follow_or_archive(users, dossiers, role):
    _draft, submitted, refused = dossiers
    with pytest.raises(PermissionDenied):
        services.dossier_follow(dossier=submitted, actor=users[role])
    with pytest.raises(PermissionDenied):
        services.dossier_archive(dossier=refused, actor=users[role])
    with pytest.raises(PermissionDenied):  # nor make an instructor follow in their name
        services.dossier_follow(dossier=submitted, actor=users["instructor"], user=users[role])


def _count(html, slug):
    return int(re.search(rf'data-testid="file-{slug}">(\d+)<', html).group(1))


def test_counts_on_the_home_page_and_the_list_open_what_they_count(client, users, dossiers):
    _draft, submitted, refused = dossiers
    client.force_login(users["instructor"])
    client.post(reverse("fimacs:dossier_queue", args=[submitted.pk, "suivre"]))
    page = client.get(reverse("fimacs:dossier", args=[submitted.pk])).content.decode()
    assert f"Suivi par {users['instructor']}." in page
    assert reverse("fimacs:dossier_queue", args=[submitted.pk, "ne-plus-suivre"]) in page
    home = client.get(reverse("dashboard:home")).content.decode()
    listing = client.get(reverse("fimacs:dossiers")).content.decode()
    for slug, expected in (("a-suivre", set()), ("suivis", {submitted}), ("traites", {refused})):
        link = reverse("fimacs:dossiers") + f"?file={slug}"
        assert f'href="{link}"' in home
        queue = client.get(link).content.decode()
        shown = set(re.findall(r'href="/fimacs/dossiers/(\d+)/"', queue))
        assert shown == {str(d.pk) for d in expected}
        assert _count(listing, slug) == len(expected) == _count(queue, slug)
    assert "Vous suivez le dossier" not in listing
    # A commune's agent has no queues: the parameter is ignored, the scoped list is shown.
    client.force_login(users["commune_agent"])
    own = client.get(reverse("fimacs:dossiers") + "?file=a-suivre").content.decode()
    assert 'data-testid="file-' not in own and f"/fimacs/dossiers/{refused.pk}/" in own
    assert (
        client.post(reverse("fimacs:dossier_queue", args=[submitted.pk, "suivre"])).status_code
        == 403
    )


def test_follow_action_names_the_dossier(client, users, dossiers):
    _draft, submitted, _refused = dossiers
    client.force_login(users["instructor"])
    response = client.post(
        reverse("fimacs:dossier_queue", args=[submitted.pk, "suivre"]), follow=True
    )
    assert f"Vous suivez le dossier {submitted.reference}." in response.content.decode()
    assert (
        client.post(reverse("fimacs:dossier_queue", args=[submitted.pk, "n-importe"])).status_code
        == 404
    )
