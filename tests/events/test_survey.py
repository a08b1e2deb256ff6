"""The satisfaction survey: people present answer once through their link; results give
averages, distribution and comments."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cvv.events import services, survey, tokens
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db


def _present(event, n, staff):
    registration = services.registration_create(event=event, category="public", **person(n))
    services.registration_transition(registration=registration, name="check_in", actor=staff)
    return registration


def test_answer_once_and_results(client, users):
    event = make_event(quotas={"public": 5}, days=-1)  # started yesterday, still running
    event.ends_at = event.starts_at.replace(year=event.starts_at.year + 1)
    event.save()
    staff = users["instructor"]
    a, b = _present(event, 1, staff), _present(event, 2, staff)
    absent = services.registration_create(event=event, category="public", **person(3))
    assert not survey.may_answer(absent)
    url = reverse("events:survey", args=[tokens.make(a, tokens.MANAGE)])
    page = client.post(url, {"overall": "5", "usefulness": "4", "comment": "Très utile"},
                       follow=True)  # fmt: skip
    assert "votre avis" in page.content.decode()
    assert client.get(url).status_code == 404  # once only
    with pytest.raises(ValidationError):
        survey.survey_answer(registration=b, token=tokens.make(a, tokens.MANAGE), overall=1,
                             usefulness=1)  # fmt: skip
    survey.survey_answer(registration=b, token=tokens.make(b, tokens.MANAGE), overall=3,
                         usefulness=2)  # fmt: skip
    results = survey.results(event)
    assert (results["n"], results["present"], results["rate"]) == (2, 2, 100)
    assert (results["overall"], results["usefulness"]) == (4, 3)
    assert results["spread"] == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert results["comments"] == ["Très utile"]
    client.force_login(staff)
    text = client.get(reverse("events:survey_results", args=[event.slug])).content.decode()
    assert "4,0 / 5" in text and "Très utile" in text
