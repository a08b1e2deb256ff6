"""No page of a role's main journey shows an internal code or English (tests/visible_text.py).

The pages are the permission matrix's (its users and objects, tests/permission_matrix/): for
each role, the GET pages of MAIN that the role may open."""

import pytest

from tests.permission_matrix.base import ROLES
from tests.test_permission_matrix import ALL_RULES, authenticate, build_context, prepare
from tests.visible_text import leaks, visible_text

MAIN = {
    "public:landing",
    "public:sources",
    "public:accessibility",
    "accounts:login",
    "accounts:profile",
    "dashboard:home",
    "territories:communes",
    "territories:commune",
    "observatory:index",
    "observatory:methodology",
    "observatory:commune",
    "observatory:table",
    "observatory:sources",
    "programme:editions",
    "programme:edition",
    "programme:dashboard",
    "programme:accompaniment",
    "programme:action",
    "programme:review",
    "programme:expertise",
    "programme:resource",
    "programme:notifications",
    "programme:help_requests",
    "programme:help_request_create",
    "programme:help_request",
    "fimacs:dossier",
    "fimacs:reglements",
    "fimacs:reglement",
    "fimacs:simulation",
    "fimacs:session",
    "fimacs:rebalancing",
    "coordination:programmes",
    "events:list",
    "events:detail",
    "events:registration",
    "events:registrations",
    "events:check_in",
    "events:nominations",
    "events:laureates",
    "events:programme",
    "coordination:calendar",
    "organisations:list",
    "audit:list",
}


def test_the_scanner_finds_codes_and_english():
    html = (
        "<main><p>funding.dossier.submit : draft → submitted</p><p>plan_financement</p>"
        "<p>ETUDES 0,50</p><button title='Zoom in'>+</button>"
        "<script>var hidden_code = 1;</script><p hidden>secret_code</p>"
        "<details data-technical><summary>x</summary>raw.action.code</details>"
        "<p>Contact : agent_1@ville.fr, 8 250,00 € ; 50 % ; 0,50 € ; INSEE</p></main>"
    )
    text = visible_text(html)
    assert "hidden_code" not in text and "secret_code" not in text
    assert leaks(text) == [
        "ALL_CAPS value: ETUDES",
        "English: Zoom in",
        "dotted code: funding.dossier.submit",
        "rate as a fraction: 0,50",
        "snake_case: plan_financement",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_show_no_code_nor_english(role, users, client):
    ctx = build_context(users)
    problems = []
    seen = set()
    for rule in ALL_RULES:
        if rule.url_name not in MAIN or rule.method != "get" or rule.api:
            continue
        if rule.expect[role] != 200 or rule.url_name in seen:
            continue
        seen.add(rule.url_name)
        authenticate(rule, role, ctx, client)
        url, data = prepare(rule, ctx)
        response = client.get(url, data=data)
        assert response.status_code == 200, url
        found = leaks(visible_text(response.content.decode()))
        if found:
            problems.append(f"{url}: {', '.join(found)}")
    assert seen, role
    assert not problems, "\n".join(problems)
