"""Lockout after repeated failures cannot be bypassed by writing the address differently:
the failure counter, the login lookup and account creation share one normalisation."""

import pytest
from django.urls import reverse

from cvv.users.identity import normalize_email
from cvv.users.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-de-test"
EMAIL = "amina@test.cvv"

VARIANTS = [
    pytest.param("AMINA@TEST.CVV", id="upper-case"),
    pytest.param("Amina@Test.Cvv", id="mixed-case"),
    pytest.param("  amina@test.cvv", id="leading-spaces"),
    pytest.param("amina@test.cvv   ", id="trailing-spaces"),
    pytest.param("\u00a0amina@test.cvv\u3000", id="no-break-and-ideographic-spaces"),
    pytest.param("ａｍｉｎａ@ｔｅｓｔ.ｃｖｖ", id="full-width"),
    pytest.param("ＡＭＩＮＡ@test.cvv", id="full-width-upper"),
    pytest.param("amina@te\u017ft.cvv", id="long-s-compat"),
]


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.fixture
def amina(db):
    return make_user(email=EMAIL, role="commune_agent", commune="93005")


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_variant_of_the_address_logs_in_as_the_same_account(client, amina, variant):
    response = login(client, variant, PASSWORD)
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session["_auth_user_id"] == str(amina.pk)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_locked_account_stays_locked_whatever_the_form_of_the_address(client, amina, variant):
    for _ in range(5):
        login(client, EMAIL, "faux")
    response = login(client, variant, PASSWORD)
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_under_different_forms_add_up_to_one_lockout(client, amina):
    for variant in [
        "AMINA@test.cvv",
        " amina@test.cvv",
        "ａｍｉｎａ@test.cvv",
        "Amina@Test.cvv",
        EMAIL,
    ]:
        login(client, variant, "faux")
    response = login(client, EMAIL, PASSWORD)
    assert response.status_code == 429


def test_four_failures_then_the_right_password_still_log_in(client, amina):
    for _ in range(4):
        login(client, "AMINA@test.cvv ", "faux")
    assert login(client, EMAIL, PASSWORD).status_code == 302


def test_normalize_email_folds_case_spaces_and_compatibility_forms():
    assert normalize_email("  ＡＭＩＮＡ@Ｔｅｓｔ.cvv\u00a0") == EMAIL
    assert normalize_email(None) == ""
    # "ß" is not folded to "ss": they are different mailboxes.
    assert normalize_email("STRAßE@test.cvv") == "straße@test.cvv"


def test_the_manager_stores_the_normalised_address():
    user = User.objects.create_user(email="  ＮＩＮＡ@Test.CVV ", password=PASSWORD)
    assert user.email == "nina@test.cvv"


def test_two_accounts_cannot_differ_only_by_case(amina):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        User.objects.create_user(email="AMINA@test.cvv", password=PASSWORD)
    user = User(email="Amina@TEST.cvv")
    with pytest.raises(ValidationError):
        user.full_clean(exclude=["password"])
    assert user.email == EMAIL


def test_an_address_edited_through_a_form_is_stored_normalised(amina):
    amina.email = "Amina.Nouvelle@Test.CVV"
    amina.full_clean(exclude=["password"])
    amina.save()
    amina.refresh_from_db()
    assert amina.email == "amina.nouvelle@test.cvv"
