import pytest

from cvv.network import demo
from cvv.network.models import (
    AdviceRequest,
    Answer,
    ContactRequest,
    JobOffer,
    Newsletter,
    Profile,
    Project,
    Question,
)
from cvv.network.selectors import peers_for
from cvv.organisations import demo as organisations_demo
from cvv.organisations.models import Membership
from cvv.programme import demo as programme_demo
from cvv.territories.models import Territoire
from cvv.users.models import User

pytestmark = pytest.mark.django_db


def test_demo_is_labelled_linked_and_idempotent():
    organisations_demo.load()
    programme_demo.load()
    demo.load()
    assert Profile.objects.filter(in_directory=True).count() == demo.MANAGERS + 2
    assert not Profile.objects.exclude(bio__contains="démonstration").exists()
    assert Question.objects.count() == 40 and Answer.objects.filter(is_accepted=True).exists()
    assert Project.objects.filter(accompaniment__isnull=False).exists()
    assert ContactRequest.objects.count() == 1
    territories = Membership.objects.filter(
        user__email__endswith="@reseau.cvv.demo", role="commerce_manager"
    ).values_list("organisation__commune__territoire", flat=True)
    assert len(territories) == demo.MANAGERS == 80
    assert set(territories) == set(Territoire.objects.values_list("pk", flat=True))
    letter = Newsletter.objects.get()
    assert all(title in letter.body for title, _ in demo.NEWS)
    assert JobOffer.objects.count() == 3 and AdviceRequest.objects.count() == 1
    manager = User.objects.get(email="manager.93005@cvv.demo")
    assert peers_for(manager, topic="marches")
    counts = (Profile.objects.count(), Question.objects.count(), Project.objects.count())
    demo.load()
    assert counts == (Profile.objects.count(), Question.objects.count(), Project.objects.count())
