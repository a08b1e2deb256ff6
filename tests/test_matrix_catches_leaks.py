"""The permission matrix fails when the code leaks: each test breaks one scope or guard on
purpose and runs the matrix's own check on the rule that covers it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from cvv.funding import selectors as funding_selectors
from cvv.funding.models import CommitteeSession, Dossier
from cvv.programme import selectors as programme_selectors
from cvv.programme.models import Candidature
from cvv.www.funding_views import committee, payments
from tests.test_permission_matrix import ALL_RULES, build_context, check_rule


def rule(url_name, label="scoped list", method="get"):
    (found,) = [
        r for r in ALL_RULES if (r.url_name, r.label, r.method) == (url_name, label, method)
    ]
    return found


@pytest.fixture
def ctx(users):
    return build_context(users)


def test_the_rules_pass_on_the_real_code(ctx, client):
    for url_name in ("fimacs:dossiers", "api:list_candidatures"):
        check_rule(rule(url_name), "commune_agent", ctx, client)


def test_a_dossier_list_leaking_another_communes_rows_fails(ctx, client, monkeypatch):
    monkeypatch.setattr(funding_selectors, "dossiers_visible_to", lambda user: Dossier.objects)
    with pytest.raises(AssertionError, match=r"leaked other: link '/fimacs/dossiers/\d+/'"):
        check_rule(rule("fimacs:dossiers"), "commune_agent", ctx, client)


def test_an_api_list_leaking_another_communes_rows_fails(ctx, client, monkeypatch):
    monkeypatch.setattr(
        programme_selectors,
        "candidatures_visible_to",
        lambda user: Candidature.objects.select_related("commune", "edition"),
    )
    with pytest.raises(AssertionError, match=r"leaked other: item id="):
        check_rule(rule("api:list_candidatures"), "commune_agent", ctx, client)


def test_an_export_leaking_another_communes_rows_fails(ctx, client, monkeypatch):
    monkeypatch.setattr(funding_selectors, "dossiers_visible_to", lambda user: Dossier.objects)
    with pytest.raises(AssertionError, match=r"leaked other: row Référence="):
        check_rule(rule("fimacs:dossiers", "scoped list, CSV export"), "commune_agent", ctx, client)


def test_a_list_hiding_rows_it_should_show_fails(ctx, client, monkeypatch):
    monkeypatch.setattr(
        funding_selectors, "dossiers_visible_to", lambda user: Dossier.objects.none()
    )
    with pytest.raises(AssertionError, match=r"missing own: link"):
        check_rule(rule("fimacs:dossiers"), "instructor", ctx, client)


def test_a_removed_write_guard_fails(ctx, client, monkeypatch):
    """The envelope form was guarded only by GET rules: any staff could POST."""

    class EveryoneAdmin:
        def __init__(self, user):
            self.is_admin = True

    monkeypatch.setattr(payments, "get_access", EveryoneAdmin)
    with pytest.raises(AssertionError, match=r"as finance_officer: got 302, expected 403"):
        check_rule(rule("fimacs:budget", "set an envelope", "post"), "finance_officer", ctx, client)


def test_a_refused_write_that_still_wrote_fails(ctx, client, monkeypatch):
    """A view that writes before refusing answers 403 like a correct one."""

    def writes_then_refuses(user):
        CommitteeSession.objects.create(
            edition=ctx.fimacs_session.edition,
            title="Fuite",
            date=datetime.date(2026, 7, 1),
            created_by=user,
        )
        raise PermissionDenied

    monkeypatch.setattr(committee, "_require_instructor", writes_then_refuses)
    with pytest.raises(
        AssertionError, match=r"\(refused\) wrote rows: \{'funding_committeesession'"
    ):
        check_rule(
            rule("fimacs:sessions", "schedule a session", "post"), "finance_officer", ctx, client
        )
