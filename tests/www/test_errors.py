"""The one way a view reports a service's refusal (cvv.www.errors)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from cvv.www.errors import report, service_errors, show_errors


class NameForm(forms.Form):
    name = forms.CharField()


def request():
    req = RequestFactory().post("/")
    req.session = {}
    req._messages = FallbackStorage(req)
    return req


def texts(req):
    return [(m.level_tag, m.message) for m in get_messages(req)]


def test_without_a_form_each_message_is_an_error():
    req = request()
    show_errors(req, ValidationError(["Premier problème.", "Second problème."]))
    assert texts(req) == [("error", "Premier problème."), ("error", "Second problème.")]


def test_on_a_form_field_errors_go_to_their_field_and_others_above():
    req = request()
    form = NameForm({"name": "x"})
    assert form.is_valid()
    show_errors(
        req,
        ValidationError({"name": "Nom déjà pris.", "secret": "Autre chose."}),
        form=form,
    )
    assert form.errors == {"name": ["Nom déjà pris."], "__all__": ["Autre chose."]}
    assert texts(req) == []  # on the form, not twice
    form = NameForm({"name": "x"})
    form.is_valid()
    show_errors(req, ValidationError("Hors champ."), form=form, field="name")
    assert form.errors == {"name": ["Hors champ."]}


def test_service_errors_skips_the_rest_of_the_block():
    req = request()
    done = []
    with service_errors(req):
        raise ValidationError("Refusé.")
        done.append("après")  # never reached
    assert done == [] and texts(req) == [("error", "Refusé.")]
    with service_errors(req):
        done.append("fait")
    assert done == ["fait"]


def test_permission_denied_is_not_caught_it_stays_a_403():
    req = request()
    with pytest.raises(PermissionDenied), service_errors(req):
        raise PermissionDenied("Non.")
    with pytest.raises(PermissionDenied):
        report(req, lambda: (_ for _ in ()).throw(PermissionDenied("Non.")), "ok")
    assert texts(req) == []


def test_report_says_how_it_went():
    req = request()
    state = {"value": "avant"}

    def change():
        state["value"] = "après"

    assert report(req, change, lambda: f"État : {state['value']}.") is True

    def refuse():
        raise ValidationError("Impossible.")

    assert report(req, refuse, "jamais") is False
    assert texts(req) == [("success", "État : après."), ("error", "Impossible.")]
