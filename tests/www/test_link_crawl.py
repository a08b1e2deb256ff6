"""Partner experts and the foncière see only links to pages they may open (issue 10): log in as
each of them on the demo data, follow every link of every page they reach, and assert that
none answers 403 or 404."""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from cvv.coordination import demo as coordination_demo
from cvv.funding import demo as funding_demo
from cvv.organisations import demo as organisations_demo
from cvv.programme import demo as programme_demo
from cvv.users.models import User

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
# Exports are checked by their own tests (a download link is followed: its status counts).
SKIPPED = ("/static/", "/media/", "?format=", "/deconnexion/")
PER_PAGE_KIND = 4  # pages visited per URL name (four communes’ vaults, four dossiers…)


def _kind(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return url  # an unknown address is visited (and reported as a 404)


def _crawl(client, start):
    seen, broken, queue = {start}, [], deque([(start, "(départ)")])
    per_kind = Counter()
    visited = []
    while queue:
        url, origin = queue.popleft()
        kind = _kind(url)
        if per_kind[kind] >= PER_PAGE_KIND:
            continue
        per_kind[kind] += 1
        visited.append(url)
        response = client.get(url)
        if response.status_code in (403, 404):
            broken.append(f"{url} ({response.status_code}) depuis {origin}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for raw in HREF.findall(response.content.decode()):
            target = urldefrag(raw.replace("&amp;", "&"))[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not target.startswith("/"):
                continue
            if any(skip in target for skip in SKIPPED) or target in seen:
                continue
            seen.add(target)
            queue.append((target, url))
    return visited, broken


@pytest.mark.parametrize("email", ["expert.cci@cvv.demo", "fonciere@cvv.demo"])
def test_partner_and_fonciere_links_all_open(client, email):
    organisations_demo.load()
    programme_demo.load()
    funding_demo.load()
    coordination_demo.load()
    client.force_login(User.objects.get(email=email))
    visited, broken = _crawl(client, reverse("dashboard:home"))
    assert len(visited) > 10
    assert not broken, "\n".join(broken)
