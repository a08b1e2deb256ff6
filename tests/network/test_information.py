"""News, the network's letter (queued, idempotent, members only) and the signed
unsubscribe link."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.core.workflows import TransitionDenied
from cvv.network import information as info
from cvv.network import services
from cvv.network.enums import NewsletterState
from cvv.network.models import NewsletterDelivery, NewsletterOptOut

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(users):
    services.profile_save(actor=users["commerce_manager"], topics=[], in_directory=True)
    services.profile_save(actor=users["commune_agent"], topics=[], in_directory=False)
    return users


def test_recipients_are_the_members_who_did_not_unsubscribe(members):
    emails = set(info.newsletter_recipients().values_list("email", flat=True))
    assert emails == {
        "metropole_admin@test.cvv",
        "instructor@test.cvv",
        "finance_officer@test.cvv",
        "commerce_manager@test.cvv",
    }
    info.unsubscribe(token=info.unsubscribe_token(members["instructor"]))
    assert "instructor@test.cvv" not in set(
        info.newsletter_recipients().values_list("email", flat=True)
    )


def test_only_the_instruction_team_publishes_and_sends(members):
    with pytest.raises(PermissionDenied):
        info.news_publish(actor=members["commerce_manager"], title="T", body="B")
    with pytest.raises(PermissionDenied):
        info.newsletter_compose(actor=members["finance_officer"], subject="S", body="B")
    letter = info.newsletter_compose(actor=members["instructor"], subject="S", body="B")
    with pytest.raises(TransitionDenied):
        info.newsletter_send(actor=members["commerce_manager"], newsletter=letter)


def test_the_letter_goes_once_to_each_member_with_a_working_unsubscribe_link(
    members, client, django_capture_on_commit_callbacks
):
    letter = info.newsletter_compose(
        actor=members["instructor"], subject="Lettre n° 1", body="Bonjour à tous."
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        info.newsletter_send(actor=members["instructor"], newsletter=letter)
    letter.refresh_from_db()
    assert letter.state == NewsletterState.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        info.newsletter_recipients().values_list("email", flat=True)
    )
    assert info.newsletter_deliver(letter.pk) == 0  # a retried task sends nothing twice
    assert NewsletterDelivery.objects.filter(newsletter=letter).count() == 4
    with pytest.raises(ValidationError):  # sent once
        info.newsletter_send(actor=members["instructor"], newsletter=letter)
    (message,) = [m for m in mail.outbox if m.to == ["commerce_manager@test.cvv"]]
    path = message.body.rsplit("http://127.0.0.1:8000", 1)[1].strip()
    assert path.startswith(reverse("network:unsubscribe", kwargs={"token": "x"})[:-2])
    assert client.get(path).status_code == 200  # no login needed
    assert client.post(path).status_code == 200
    assert NewsletterOptOut.objects.filter(user=members["commerce_manager"]).exists()
    forged = path.replace(":", ";", 1)
    assert client.get(forged).status_code == 404


def test_job_offers_open_to_members_until_closed_or_past(members):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    fields = {
        "employer": "Ville d’Aulnay",
        "place": "Aulnay",
        "description": "…",
        "contact": "rh@x.fr",
    }
    offer = info.job_post(
        actor=members["commerce_manager"], title="Manager", closes_on=today, **fields
    )
    with pytest.raises(ValidationError):
        info.job_post(
            actor=members["commerce_manager"],
            title="Trop tard",
            closes_on=today - dt.timedelta(days=1),
            **fields,
        )
    with pytest.raises(PermissionDenied):
        info.job_post(actor=members["partner_expert"], title="X", closes_on=today, **fields)
    assert list(info.jobs_visible_to(members["instructor"])) == [offer]
    assert list(info.jobs_visible_to(members["partner_expert"])) == []
    with pytest.raises(PermissionDenied):
        info.job_close(actor=members["other_commune_agent"], offer=offer)
    info.job_close(actor=members["commerce_manager"], offer=offer)
    services.profile_save(actor=members["other_commune_agent"], topics=[], in_directory=True)
    assert list(info.jobs_visible_to(members["other_commune_agent"])) == []  # closed
    assert list(info.jobs_visible_to(members["commerce_manager"])) == [offer]  # its poster


def test_newsletter_composed_from_news_items(members):
    from cvv.network.models import NewsItem

    instructor = members["instructor"]
    first = info.news_publish(actor=instructor, title="Appel FIMACS", body="Dossiers avant juin.")
    second = info.news_publish(actor=instructor, title="Assises", body="Inscriptions ouvertes.")
    letter = info.newsletter_compose(actor=instructor, subject="Lettre n° 2", body="Bonjour,",
                                     news=[second, first])  # fmt: skip
    assert letter.body.startswith("Bonjour,\n\nAssises\n-------\n")
    assert letter.body.index("Inscriptions ouvertes.") < letter.body.index("Appel FIMACS")
    assert NewsItem.objects.count() == 2


def test_newsletter_page_composes_from_ticked_news(client, members):
    from django.urls import reverse

    instructor = members["instructor"]
    item = info.news_publish(actor=instructor, title="Marchés", body="Nouveaux forains.")
    client.force_login(instructor)
    url = reverse("network:newsletters")
    assert "Reprendre des actualités du réseau" in client.get(url).content.decode()
    empty = client.post(url, {"subject": "Lettre"})
    assert empty.status_code == 400 and "cochez des actualités" in empty.content.decode()
    done = client.post(url, {"subject": "Lettre", "news": [str(item.pk)]})
    assert done.status_code == 302
    from cvv.network.models import Newsletter

    assert "Nouveaux forains." in Newsletter.objects.get().body
