"""Toolbox search: accents ignored, every word as a prefix, best first, the index kept in
step with the table, hostile input harmless — on SQLite (FTS5) and PostgreSQL (text search)."""

import pytest
from django.db import connection
from django.urls import reverse

from cvv.programme.models import Resource

pytestmark = pytest.mark.django_db


def make(title, summary="Résumé.", body="", tags="", state="published"):
    return Resource.objects.create(
        title=title, category="advice", author="Métropole", summary=summary, body=body,
        tags=tags, state=state,
    )  # fmt: skip


def titles(text):
    return [r.title for r in Resource.objects.search(text)]


def test_accents_are_ignored_both_ways():
    make("Aménagement des rez-de-chaussée")
    make("Charte des devantures", summary="Une enseigne par façade.")
    assert titles("amenagement") == ["Aménagement des rez-de-chaussée"]
    assert titles("AMÉNAGEMENT chaussee") == ["Aménagement des rez-de-chaussée"]
    assert titles("facade") == ["Charte des devantures"]


def test_every_word_matches_as_a_prefix_and_the_title_ranks_first():
    make("Vacance commerciale : les outils", body="Le droit de préemption commercial.")
    make("Droit de préemption commercial", body="Quand la vacance s’installe.")
    make("Marchés forains")
    assert titles("preemption") == [
        "Droit de préemption commercial",
        "Vacance commerciale : les outils",
    ]
    assert set(titles("commerc vacance")) == {
        "Vacance commerciale : les outils",
        "Droit de préemption commercial",
    }
    assert titles("marches forain") == ["Marchés forains"]
    assert titles("marches introuvable") == []


def test_the_index_follows_updates_and_deletions():
    resource = make("Ancien titre")
    resource.title = "Boutique à l’essai"
    resource.save()
    assert titles("essai") == ["Boutique à l’essai"]
    assert titles("ancien") == []
    resource.delete()
    assert titles("essai") == []


@pytest.mark.parametrize(
    "text", ['"', "*", "NEAR(a b)", "a OR b", "-x", "title:x", "'; DROP TABLE x; --", "ü" * 500]
)
def test_hostile_input_is_harmless(text):
    make("Guide du manager de commerce")
    assert isinstance(titles(text), list)


def test_the_page_searches_within_what_the_reader_may_see(client, users):
    make("Aménagement publié")
    make("Aménagement en brouillon", state="draft")
    client.force_login(users["commune_agent"])
    page = client.get(reverse("programme:toolbox"), {"q": "amenagement"}).content.decode()
    assert "Aménagement publié" in page and "Aménagement en brouillon" not in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_the_sqlite_index_triggers_exist():
    """A migration that rebuilds programme_resource on SQLite drops its triggers: this test
    then fails, and the migration must recreate them (see migration 0007)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["programme_resource"],
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names >= {"programme_resource_fts_ai", "programme_resource_fts_ad",
                     "programme_resource_fts_au"}  # fmt: skip
