"""The views' shared helper that runs a service call and reports it as a message."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError

from cvv.www.programme_views.common import report


def _request(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_report_reads_the_success_message_after_the_change(rf):
    request = _request(rf)
    state = {"phase": "Diagnostic"}
    assert report(
        request,
        lambda: state.update(phase="Stratégie"),
        lambda: f"Phase en cours : {state['phase']}.",
    )
    assert [str(m) for m in get_messages(request)] == ["Phase en cours : Stratégie."]


def test_report_shows_the_service_refusal(rf):
    request = _request(rf)

    def refuse():
        raise ValidationError("Étape déjà franchie.")

    assert not report(request, refuse, "jamais affiché")
    messages = list(get_messages(request))
    assert [(m.level_tag, str(m)) for m in messages] == [("error", "Étape déjà franchie.")]
