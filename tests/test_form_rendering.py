"""Every form is rendered by the project's FORM_RENDERER: help texts and errors are tied to
their field the way Django 5.2 does it (aria-describedby, aria-invalid, `<id>_error`)."""

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.urls import reverse

from cvv.core.form_rendering import CvvFormRenderer
from cvv.core.forms import AccessibleForm


class SampleForm(AccessibleForm):
    name = forms.CharField(label="Nom", help_text="Tel qu’il figure au registre.")
    kind = forms.ChoiceField(
        label="Nature", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", required=False)


def _tag(html, element_id):
    match = re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def test_the_project_renderer_is_the_default():
    assert isinstance(get_default_renderer(), CvvFormRenderer)


def test_help_text_is_tied_to_its_field():
    html = str(SampleForm())
    assert 'id="id_name_helptext"' in html
    assert 'aria-describedby="id_name_helptext"' in _tag(html, "id_name")
    assert "aria-invalid" not in html
    # A field without help text is described by nothing.
    assert "aria-describedby" not in _tag(html, "id_note")


def test_an_error_is_tied_to_its_field_and_marks_it_invalid():
    form = SampleForm(data={"name": "", "kind": "a"})
    assert not form.is_valid()
    html = str(form)
    name_input = _tag(html, "id_name")
    assert 'aria-describedby="id_name_helptext id_name_error"' in name_input
    assert 'aria-invalid="true"' in name_input
    error = re.search(r'<p class="error-text" id="id_name_error">([^<]*)</p>', html)
    assert error and "obligatoire" in error.group(1)
    assert "aria-invalid" not in _tag(html, "id_note")


def test_a_radio_group_is_a_fieldset_described_by_its_error():
    form = SampleForm(data={"name": "x", "kind": "z"})
    assert not form.is_valid()
    html = form["kind"].as_field_group()
    assert re.search(r'<fieldset class="field field-error" aria-describedby="id_kind_error">', html)
    assert "<legend>Nature" in html and 'id="id_kind_error"' in html


@pytest.mark.django_db
def test_a_page_form_with_an_error_points_to_its_message(client):
    # The login page: a real form of the site, through its view and page template.
    response = client.post(reverse("accounts:login"), {"username": "someone", "password": ""})
    html = response.content.decode()
    password = _tag(html, "id_password")
    assert 'aria-invalid="true"' in password and "id_password_error" in password
    assert re.search(r'<p class="error-text" id="id_password_error">[^<]+</p>', html)
